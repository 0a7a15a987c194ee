import type { RgbaImage } from '../image';
import { blankImage, checkImage } from './pixels';

/**
 * Bit-depth reduction (feature squeezing, Xu et al. 2018): each value on [0, 1] is rounded to the
 * nearest of 2^bits evenly spaced levels from 0 to 1, x' = round(x·(2^b − 1)) / (2^b − 1), and
 * stored back on the 8-bit grid. With 5 bits: 32 levels, about 8.2 grey levels apart.
 */
export function reduceBitDepth(img: RgbaImage, bits: number): RgbaImage {
  checkImage(img, 'bit-depth reduction');
  if (!Number.isInteger(bits) || bits < 1 || bits > 8) throw new Error(`bit depth must be a whole number from 1 to 8, got ${bits}`);
  const levels = 2 ** bits - 1;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.round((Math.round((v / 255) * levels) / levels) * 255);
  const out = blankImage(img.width, img.height);
  for (let p = 0; p < out.data.length; p += 4) {
    out.data[p] = lut[img.data[p]!]!;
    out.data[p + 1] = lut[img.data[p + 1]!]!;
    out.data[p + 2] = lut[img.data[p + 2]!]!;
  }
  return out;
}
