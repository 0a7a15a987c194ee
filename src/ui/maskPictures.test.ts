import { describe, expect, it } from 'vitest';
import { maskOverPhoto, maskPicture } from './maskPictures';

const photo = (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4).fill(200) });
const pixel = (img: { width: number; data: ArrayLike<number> }, x: number, y: number) => Array.from({ length: 4 }, (_, c) => img.data[4 * (y * img.width + x) + c]);

describe('mask pictures', () => {
  it('draws a mask as grey levels, opaque', () => {
    const pic = maskPicture({ width: 3, height: 1, data: Float32Array.from([0, 1, 0.5]) });
    expect(pixel(pic, 0, 0)).toEqual([0, 0, 0, 255]);
    expect(pixel(pic, 1, 0)).toEqual([255, 255, 255, 255]);
    expect(pixel(pic, 2, 0)).toEqual([128, 128, 128, 255]); // 127.5 rounds half to even in a clamped array
  });

  it('tints the kept pixels at the mask offset and dims the rest', () => {
    const mask = { width: 2, height: 2, data: Float32Array.from([1, 0, 0, 1]), x0: 1, y0: 2, scaled: false };
    const out = maskOverPhoto(photo(4, 4), mask);
    expect(pixel(out, 1, 2)).toEqual([255, 40, 200, 200]);
    expect(pixel(out, 2, 3)).toEqual([255, 40, 200, 200]);
    expect(pixel(out, 2, 2)).toEqual([110, 110, 110, 200]);
    expect(pixel(out, 0, 0)).toEqual([110, 110, 110, 200]);
  });

  it('stretches a low-resolution mask over the whole photo', () => {
    const mask = { width: 2, height: 1, data: Float32Array.from([0, 1]), x0: 0, y0: 0, scaled: true };
    const out = maskOverPhoto(photo(4, 2), mask);
    for (const y of [0, 1]) {
      expect(pixel(out, 1, y).slice(0, 3)).toEqual([110, 110, 110]);
      expect(pixel(out, 2, y).slice(0, 3)).toEqual([255, 40, 200]);
      expect(pixel(out, 3, y).slice(0, 3)).toEqual([255, 40, 200]);
    }
  });
});
