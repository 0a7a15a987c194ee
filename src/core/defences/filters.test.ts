import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { readImageFile } from '../../node/imageFile';
import { ASTRONAUT, GROUP, seededRandom } from '../../node/testing';
import type { RgbaImage } from '../image';
import { reduceBitDepth } from './bitDepth';
import { medianFilter3x3 } from './median';
import { DEFENCES } from './defences';
import { decodeJpeg, encodeJpeg, jpegRoundTrip } from './jpeg';
import { downUpScale } from './rescale';

let astronaut: RgbaImage;
let group: RgbaImage;

beforeAll(async () => {
  astronaut = await readImageFile(ASTRONAUT);
  group = await readImageFile(GROUP);
});

/** A small image of random bytes (alpha 255), to reach every value and every border case. */
function noise(width: number, height: number, seed: number): RgbaImage {
  const random = seededRandom(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < data.length; p++) data[p] = p % 4 === 3 ? 255 : Math.floor(random() * 256);
  return { width, height, data };
}

describe('3×3 median filter', () => {
  /** The definition, written plainly: sort the 9 replicated-border neighbours and take the fifth. */
  function referenceMedian(img: RgbaImage): RgbaImage {
    const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi - 1);
    const data = new Uint8ClampedArray(img.data.length);
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        for (let c = 0; c < 4; c++) {
          const around: number[] = [];
          for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) around.push(img.data[(clamp(y + dy, img.height) * img.width + clamp(x + dx, img.width)) * 4 + c]!);
          data[(y * img.width + x) * 4 + c] = c === 3 ? 255 : around.sort((a, b) => a - b)[4]!;
        }
      }
    }
    return { width: img.width, height: img.height, data };
  }

  it('equals the sorted-neighbourhood reference on noise of several sizes, borders included', () => {
    for (const img of [noise(1, 1, 1), noise(1, 7, 2), noise(5, 2, 3), noise(37, 29, 4), noise(120, 90, 5)]) {
      expect(Array.from(medianFilter3x3(img).data), `${img.width}×${img.height}`).toEqual(Array.from(referenceMedian(img).data));
    }
  });

  it('equals sharp.median(3) (libvips rank filter) on the group photo', async () => {
    const { data } = await sharp(Buffer.from(group.data), { raw: { width: group.width, height: group.height, channels: 4 } }).median(3).raw().toBuffer({ resolveWithObject: true });
    const ours = medianFilter3x3(group).data;
    let differing = 0;
    for (let p = 0; p < ours.length; p++) if (p % 4 !== 3 && ours[p] !== data[p]) differing++;
    expect(differing).toBe(0);
  });
});

describe('bit-depth reduction', () => {
  /** The nearest of the 2^bits levels k/(2^bits − 1), found by trying every level. */
  function referenceLevel(v: number, bits: number): number {
    const n = 2 ** bits - 1;
    let best = 0;
    for (let k = 1; k <= n; k++) if (Math.abs(v / 255 - k / n) < Math.abs(v / 255 - best / n)) best = k;
    return Math.round((best * 255) / n);
  }

  it.each([1, 3, 5, 8])('%i bits: every 8-bit value goes to the nearest of 2^bits levels', (bits) => {
    const all = new Uint8ClampedArray(256 * 4);
    for (let v = 0; v < 256; v++) all.set([v, 255 - v, v, 255], v * 4);
    const out = reduceBitDepth({ width: 256, height: 1, data: all }, bits).data;
    for (let v = 0; v < 256; v++) {
      expect(out[v * 4]).toBe(referenceLevel(v, bits));
      expect(out[v * 4 + 1]).toBe(referenceLevel(255 - v, bits));
    }
    expect(new Set(Array.from(out).filter((_, i) => i % 4 === 0)).size).toBe(2 ** bits);
  });

  it('5 bits keeps 32 distinct values per channel on a photo', () => {
    const out = reduceBitDepth(group, 5).data;
    expect(new Set(Array.from(out).filter((_, i) => i % 4 === 1)).size).toBeLessThanOrEqual(32);
  });
});

describe('every defence', () => {
  it.each(DEFENCES.map((d) => [d.id, d] as const))('%s keeps the size, sets alpha to 255, leaves its input alone and repeats exactly', (_, defence) => {
    const img = noise(45, 31, 7);
    const before = Array.from(img.data);
    const a = defence.apply(img);
    expect([a.width, a.height, a.data.length]).toEqual([45, 31, 45 * 31 * 4]);
    expect(Array.from(img.data)).toEqual(before);
    for (let p = 3; p < a.data.length; p += 4) expect(a.data[p]).toBe(255);
    expect(Array.from(defence.apply(img).data)).toEqual(Array.from(a.data));
  });

  it('removes fine detail: a ±8-level checkerboard mostly goes to flat grey under blur σ 1, rescaling and JPEG 50; the median removes isolated specks', () => {
    const flat = (w: number, h: number) => {
      const data = new Uint8ClampedArray(w * h * 4).fill(128);
      return { width: w, height: h, data };
    };
    const energy = (i: RgbaImage) => {
      let s = 0;
      for (let p = 0; p < i.data.length; p += 4) s += Math.abs(i.data[p]! - 128);
      return s / (i.width * i.height);
    };
    const board = flat(64, 64);
    for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) board.data[(y * 64 + x) * 4] = 128 + ((x + y) % 2 ? 8 : -8);
    const by = Object.fromEntries(DEFENCES.map((d) => [d.id, d]));
    expect(energy(board)).toBe(8);
    for (const id of ['blur1', 'rescale0.5', 'jpeg50']) expect(energy(by[id]!.apply(board)), id).toBeLessThan(2);
    const specks = flat(64, 64);
    for (let k = 0; k < 40; k++) specks.data[((k * 7) % 64) * 64 * 4 + ((k * 13) % 64) * 4] = 255;
    expect(energy(specks)).toBeGreaterThan(1);
    expect(energy(by.median3!.apply(specks))).toBe(0);
  });

  it('rejects what it cannot work on, in words', () => {
    expect(() => downUpScale(astronaut, 1.5)).toThrow(/factor must be between 0 and 1/);
    expect(() => reduceBitDepth(astronaut, 0)).toThrow(/bit depth must be a whole number from 1 to 8/);
    expect(() => jpegRoundTrip(astronaut, 101)).toThrow(/JPEG quality must be a whole number from 1 to 100/);
    expect(() => medianFilter3x3({ width: 2, height: 2, data: new Uint8Array(3) })).toThrow(/median filter: expected a non-empty RGBA image, got 2×2 with 3 bytes/);
  });
});

describe('JPEG with jpeg-js', () => {
  it('encodes and decodes where there is no global Buffer, as in a browser', () => {
    const scope = globalThis as { Buffer?: unknown };
    const saved = scope.Buffer;
    const img = noise(64, 48, 9);
    const withBuffer = jpegRoundTrip(img, 75);
    let bytes: Uint8Array;
    let decoded: RgbaImage;
    delete scope.Buffer;
    try {
      bytes = encodeJpeg(img, 75);
      decoded = decodeJpeg(bytes);
      expect(scope.Buffer).toBeUndefined();
    } finally {
      scope.Buffer = saved;
    }
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    expect(Array.from(decoded.data)).toEqual(Array.from(withBuffer.data));
  });

  it('writes files other decoders read: sharp decodes the bytes to the same size', async () => {
    const meta = await sharp(encodeJpeg(group, 50)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 960, 769]);
  });
});
