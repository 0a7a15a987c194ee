import type { RgbaImage } from '../image';
import { resampleArray, type AxisMap } from '../mtcnn/resample';
import { checkImage, roundToImage } from './pixels';

/**
 * The sampled, normalised Gaussian kernel of standard deviation `sigma` as a same-size AxisMap:
 * taps at offsets −r…r with r = ⌈3σ⌉, edges replicated (a tap past the border reads the border pixel).
 */
export function gaussianAxisMap(size: number, sigma: number): AxisMap {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const taps = 2 * radius + 1;
  const kernel = Array.from({ length: taps }, (_, k) => Math.exp(-((k - radius) ** 2) / (2 * sigma * sigma)));
  const sum = kernel.reduce((a, b) => a + b, 0);
  const index = new Int32Array(size * taps);
  const weight = new Float32Array(size * taps);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < taps; k++) {
      index[i * taps + k] = Math.min(Math.max(i + k - radius, 0), size - 1);
      weight[i * taps + k] = kernel[k]! / sum;
    }
  }
  return { inSize: size, outSize: size, taps, index, weight };
}

/**
 * Gaussian blur of standard deviation `sigma` pixels (separable, edges replicated), rounded back
 * to 8 bits. Runs on the project's resampling executor (the plain-loop one detection uses).
 */
export function gaussianBlur(img: RgbaImage, sigma: number): RgbaImage {
  checkImage(img, 'Gaussian blur');
  if (!(sigma > 0 && sigma <= 10)) throw new Error(`blur σ must be above 0 and at most 10 pixels, got ${sigma}`);
  const { width, height } = img;
  const maps = { rows: gaussianAxisMap(height, sigma), cols: gaussianAxisMap(width, sigma) };
  return roundToImage(resampleArray(img.data, width, 4, maps), width, height);
}
