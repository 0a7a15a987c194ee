import type { RgbaImage } from '../image';

/*
 * Small helpers shared by the defences: each defence maps an 8-bit RGBA image to a new 8-bit RGBA
 * image of the same size (alpha set to 255), never touching its input.
 */

/** An empty opaque RGBA image of the given size. */
export function blankImage(width: number, height: number): RgbaImage & { data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 3; p < data.length; p += 4) data[p] = 255;
  return { width, height, data };
}

/** Float RGBA values (as resampleArray returns them) rounded onto the 8-bit grid, alpha 255. */
export function roundToImage(values: ArrayLike<number>, width: number, height: number): RgbaImage {
  const out = blankImage(width, height);
  for (let p = 0; p < out.data.length; p += 4) {
    // Uint8ClampedArray rounds half to even; Math.round keeps one rule on every engine.
    out.data[p] = Math.round(values[p]!);
    out.data[p + 1] = Math.round(values[p + 1]!);
    out.data[p + 2] = Math.round(values[p + 2]!);
  }
  return out;
}

/** Throws a readable error when the buffer does not hold width × height RGBA pixels. */
export function checkImage(img: RgbaImage, what: string): void {
  if (!(img.width > 0 && img.height > 0) || img.data.length !== img.width * img.height * 4) {
    throw new Error(`${what}: expected a non-empty RGBA image, got ${img.width}×${img.height} with ${img.data.length} bytes`);
  }
}
