import type { RgbaImage } from '../image';
import { areaMaps, bilinearMap, resampleArray } from '../mtcnn/resample';
import { checkImage, roundToImage } from './pixels';

/** Shrinks to width × height by pixel-area averaging (OpenCV INTER_AREA, the pyramid's kernel), rounded to 8 bits. */
export function shrinkArea(img: RgbaImage, width: number, height: number): RgbaImage {
  checkImage(img, 'shrink');
  if (width > img.width || height > img.height) throw new Error(`shrink: ${width}×${height} is larger than the image (${img.width}×${img.height})`);
  return roundToImage(resampleArray(img.data, img.width, 4, areaMaps(img.height, img.width, height, width)), width, height);
}

/** Enlarges to width × height bilinearly (half-pixel centres, edges replicated; OpenCV INTER_LINEAR), rounded to 8 bits. */
export function enlargeBilinear(img: RgbaImage, width: number, height: number): RgbaImage {
  checkImage(img, 'enlarge');
  const maps = { rows: bilinearMap(img.height, height), cols: bilinearMap(img.width, width) };
  return roundToImage(resampleArray(img.data, img.width, 4, maps), width, height);
}

/**
 * Downscale-then-upscale: the image is shrunk by `factor` (pixel-area averaging), kept as 8 bits
 * as a saved small copy would be, then enlarged back to its own size (bilinear). The small side is
 * round(size · factor), at least 1 pixel.
 */
export function downUpScale(img: RgbaImage, factor: number): RgbaImage {
  checkImage(img, 'downscale-then-upscale');
  if (!(factor > 0 && factor < 1)) throw new Error(`downscale factor must be between 0 and 1 (exclusive), got ${factor}`);
  const { width, height } = img;
  const small = shrinkArea(img, Math.max(1, Math.round(width * factor)), Math.max(1, Math.round(height * factor)));
  return enlargeBilinear(small, width, height);
}
