import { decode, encode } from 'jpeg-js';
import type { RgbaImage } from '../image';
import { checkImage } from './pixels';

/**
 * jpeg-js's encoder ends with `Buffer.from(bytes)` whenever a CommonJS `module` is in scope, which
 * a bundler's CommonJS wrapper provides in the browser too, where there is no Buffer. For that one
 * synchronous call it gets a minimal `Buffer.from` (a plain Uint8Array); in Node nothing changes.
 */
function withBufferFrom<T>(run: () => T): T {
  const scope = globalThis as { Buffer?: unknown };
  if (scope.Buffer !== undefined) return run();
  scope.Buffer = { from: (bytes: ArrayLike<number>) => Uint8Array.from(bytes) };
  try {
    return run();
  } finally {
    delete scope.Buffer;
  }
}

/** Encodes RGBA pixels as a baseline JPEG (jpeg-js: IJG quality scaling, 4:4:4, no subsampling). */
export function encodeJpeg(img: RgbaImage, quality: number): Uint8Array {
  checkImage(img, 'JPEG encoding');
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new Error(`JPEG quality must be a whole number from 1 to 100, got ${quality}`);
  const { data } = withBufferFrom(() => encode({ width: img.width, height: img.height, data: img.data }, quality));
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Decodes a JPEG to RGBA pixels (alpha 255). */
export function decodeJpeg(bytes: Uint8Array): RgbaImage {
  const { width, height, data } = decode(bytes, { useTArray: true, formatAsRGBA: true });
  return { width, height, data };
}

/** JPEG re-encoding at `quality` (1–100) and decoding back: what saving the image as a JPEG does. */
export function jpegRoundTrip(img: RgbaImage, quality: number): RgbaImage {
  return decodeJpeg(encodeJpeg(img, quality));
}
