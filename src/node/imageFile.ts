import { access, constants, stat } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import type { RgbaImage } from '../core/image';
import { MAX_DECODED_PIXELS } from '../core/limits';

/*
 * sharp (libvips) decodes PNG and JPEG, honours EXIF orientation with rotate(), and encodes PNG:
 * a maintained library that beats hand-written decoders for corrupt and unusual files.
 */

export class ImageReadError extends Error {
  override name = 'ImageReadError';
}

const SUPPORTED = new Set(['png', 'jpeg']);

/** The reason a file system error gives, in words; undefined for errors that are not about the file. */
export function fileErrorReason(err: unknown): string | undefined {
  switch ((err as { code?: string }).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'file not found';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return undefined;
  }
}

/** Missing, a directory, not readable: one reason, before sharp sees the file. */
async function checkReadable(file: string): Promise<void> {
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new ImageReadError('is a directory');
    if (!st.isFile()) throw new ImageReadError('not a regular file');
    await access(file, constants.R_OK);
  } catch (err) {
    if (err instanceof ImageReadError) throw err;
    throw new ImageReadError(fileErrorReason(err) ?? oneLine((err as Error).message));
  }
}

function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}

/**
 * Decodes a PNG or JPEG file to RGBA, applying EXIF orientation. Throws ImageReadError with a
 * reason. The size in the header is checked before decoding: more than MAX_DECODED_PIXELS is refused.
 */
export async function readImageFile(file: string): Promise<RgbaImage> {
  await checkReadable(file);
  let meta: Metadata;
  try {
    meta = await sharp(file).metadata();
  } catch (err) {
    throw new ImageReadError(`not a readable image (${oneLine((err as Error).message)})`);
  }
  const format = meta.format;
  if (!format || !SUPPORTED.has(format)) throw new ImageReadError(`unsupported format ${format ?? 'unknown'} (PNG or JPEG expected)`);
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > MAX_DECODED_PIXELS) {
    const mp = (n: number) => `${Math.round(n / 1e5) / 10} MP`;
    throw new ImageReadError(`too large: ${meta.width}×${meta.height} is ${mp(pixels)}, the limit is ${mp(MAX_DECODED_PIXELS)}`);
  }
  try {
    const { data, info } = await sharp(file, { limitInputPixels: MAX_DECODED_PIXELS }).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (err) {
    throw new ImageReadError(`corrupt ${format.toUpperCase()} (${oneLine((err as Error).message)})`);
  }
}

export async function writePng(file: string, img: RgbaImage): Promise<void> {
  await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  })
    .png()
    .toFile(file);
}
