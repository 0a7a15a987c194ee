import type { RgbaImage } from '../image';

/** δ drawn for people: mid-grey is 0, ±`scale` is full contrast (values beyond are clipped). */
export function perturbationPicture(perturbation: Float32Array, width: number, height: number, scale: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0, q = 0; q < perturbation.length; p += 4, q += 3) {
    for (let c = 0; c < 3; c++) data[p + c] = Math.round(127.5 + (127.5 * perturbation[q + c]!) / scale);
    data[p + 3] = 255;
  }
  return { width, height, data };
}
