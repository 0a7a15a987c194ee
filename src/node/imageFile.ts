import sharp from 'sharp';
import type { RgbaImage } from '../core/image';

/*
 * sharp (libvips) decodes PNG and JPEG, honours EXIF orientation with rotate(), and encodes PNG:
 * a maintained library that beats hand-written decoders for corrupt and unusual files.
 */

export class ImageReadError extends Error {
  override name = 'ImageReadError';
}

const SUPPORTED = new Set(['png', 'jpeg']);

/** Decodes a PNG or JPEG file to RGBA, applying EXIF orientation. Throws ImageReadError with a reason. */
export async function readImageFile(file: string): Promise<RgbaImage> {
  let format: string | undefined;
  try {
    format = (await sharp(file).metadata()).format;
  } catch (err) {
    const msg = (err as Error).message;
    if (/no such file|ENOENT|missing/i.test(msg)) throw new ImageReadError('file not found');
    throw new ImageReadError(`not a readable image (${msg.replace(/\s+/g, ' ').trim()})`);
  }
  if (!format || !SUPPORTED.has(format)) throw new ImageReadError(`unsupported format ${format ?? 'unknown'} (PNG or JPEG expected)`);
  try {
    const { data, info } = await sharp(file).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (err) {
    throw new ImageReadError(`corrupt ${format.toUpperCase()} (${(err as Error).message.replace(/\s+/g, ' ').trim()})`);
  }
}

export async function writePng(file: string, img: RgbaImage): Promise<void> {
  await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  })
    .png()
    .toFile(file);
}
