import type { RgbaImage } from '../core/image';

import { MAX_DECODED_PIXELS, MAX_WORKING_SIDE } from '../core/limits';

export { MAX_DECODED_PIXELS, MAX_WORKING_SIDE };

export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}

export interface DecodedImage {
  image: RgbaImage;
  /** Said to the user when the image was changed on the way in. */
  notice: string | null;
  originalWidth: number;
  originalHeight: number;
}

/** The image's size from its header (an <img> load does not decode the pixels), or null if unreadable. */
function readImageSize(blob: Blob): Promise<{ width: number; height: number } | null> {
  if (typeof Image === 'undefined') return Promise.resolve(null);
  const url = URL.createObjectURL(blob);
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
    img.onerror = () => resolve(null);
    img.src = url;
  }).finally(() => URL.revokeObjectURL(url)) as Promise<{ width: number; height: number } | null>;
}

/** Decodes an uploaded, dropped or pasted file (EXIF orientation applied) to RGBA at working size. */
export async function decodeImageBlob(blob: Blob, name: string): Promise<DecodedImage> {
  if (blob.type && !blob.type.startsWith('image/')) {
    throw new ImageDecodeError(`"${name}" is not an image (it is ${blob.type}). Choose a PNG, JPEG, WebP or GIF photo.`);
  }
  const size = await readImageSize(blob);
  if (size && size.width * size.height > MAX_DECODED_PIXELS) {
    throw new ImageDecodeError(
      `"${name}" is ${size.width}×${size.height} pixels, too large to work with here (limit ${MAX_DECODED_PIXELS / 1e6} megapixels). Scale it down first.`,
    );
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch {
    throw new ImageDecodeError(`"${name}" could not be read as an image: the file is not an image or it is damaged.`);
  }
  const { width, height } = bitmap;
  const scale = Math.min(1, MAX_WORKING_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new ImageDecodeError('This browser cannot draw images off-screen (OffscreenCanvas 2D is missing).');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  const data = ctx.getImageData(0, 0, w, h).data;
  const notice =
    scale < 1
      ? `Scaled down from ${width}×${height} to ${w}×${h}: the working size is ${MAX_WORKING_SIDE} px on the longer side, so attacks stay interactive.`
      : null;
  return { image: { width: w, height: h, data }, notice, originalWidth: width, originalHeight: height };
}
