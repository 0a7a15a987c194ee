import type { RgbaImage } from '../core/image';
import { MAX_DECODED_PIXELS, MAX_WORKING_SIDE } from '../core/limits';
import { coreSentence, msg, renderText, type MessageText } from './i18n/messageText';

export { MAX_DECODED_PIXELS, MAX_WORKING_SIDE };

/** A photo that cannot be used, said in words: `text` in any language, `message` in English. */
export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
  readonly text: MessageText;
  constructor(text: MessageText | string) {
    super(typeof text === 'string' ? text : renderText(text, 'en'));
    this.text = typeof text === 'string' ? coreSentence(text) : text;
  }
}

export interface DecodedImage {
  image: RgbaImage;
  /** Said to the user when the image was changed on the way in (in the current language). */
  notice: string | null;
  /** The notice as an i18n text (a message keeps it, so a language switch re-translates it). */
  noticeText?: MessageText | null;
  originalWidth: number;
  originalHeight: number;
}

export const TRANSPARENCY_NOTICE = msg('messages:photo.transparent');

/**
 * What a file is, from its first bytes. `decodable`: the formats
 * every supported browser reads, so a failure to decode one means the file is damaged. The others
 * are still tried (Safari reads TIFF and HEIC, for instance) and only named if the browser refuses.
 */
interface Sniffed {
  format: string;
  decodable: boolean;
}

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** ISO base media files (HEIC, HEIF, AVIF): the `ftyp` box's major and compatible brands. */
function sniffFtyp(head: Uint8Array): Sniffed | null {
  if (head.length < 12 || ascii(head, 4, 8) !== 'ftyp') return null;
  const boxSize = Math.min(head.length, new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(0));
  const brands = [ascii(head, 8, 12)];
  for (let i = 16; i + 4 <= boxSize; i += 4) brands.push(ascii(head, i, i + 4));
  const major = brands[0]!;
  if (major === 'avif' || major === 'avis') return { format: 'AVIF', decodable: false };
  if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis'].includes(major)) return { format: 'HEIC', decodable: false };
  if (major === 'mif1' || major === 'msf1') {
    if (brands.includes('avif') || brands.includes('avis')) return { format: 'AVIF', decodable: false };
    return { format: brands.some((b) => b.startsWith('he')) ? 'HEIC' : 'HEIF', decodable: false };
  }
  return null;
}

function sniffBytes(head: Uint8Array): Sniffed | null {
  const starts = (...sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { format: 'PNG', decodable: true };
  if (starts(0xff, 0xd8, 0xff)) return { format: 'JPEG', decodable: true };
  if (starts(0x47, 0x49, 0x46, 0x38)) return { format: 'GIF', decodable: true };
  if (starts(0x52, 0x49, 0x46, 0x46) && ascii(head, 8, 12) === 'WEBP') return { format: 'WebP', decodable: true };
  if (starts(0x42, 0x4d)) return { format: 'BMP', decodable: true };
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return { format: 'TIFF', decodable: false };
  if (starts(0xff, 0x0a) || starts(0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20)) return { format: 'JPEG XL', decodable: false };
  if (starts(0x38, 0x42, 0x50, 0x53)) return { format: 'Photoshop', decodable: false };
  const ftyp = sniffFtyp(head);
  if (ftyp) return ftyp;
  // SVG is text: an optional BOM, XML declaration, comments or doctype, then <svg.
  if (/^(\ufeff|\xef\xbb\xbf)?\s*(<\?xml[^>]*>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>/]/i.test(ascii(head, 0, head.length))) {
    return { format: 'SVG', decodable: false };
  }
  return null;
}

/** MIME types of formats a browser may not read, for files whose bytes say nothing we know. */
const UNSUPPORTED_BY_TYPE: Record<string, string> = {
  'image/svg+xml': 'SVG',
  'image/tiff': 'TIFF',
  'image/tiff-fx': 'TIFF',
  'image/heic': 'HEIC',
  'image/heic-sequence': 'HEIC',
  'image/heif': 'HEIF',
  'image/heif-sequence': 'HEIF',
  'image/avif': 'AVIF',
  'image/jxl': 'JPEG XL',
  'image/vnd.adobe.photoshop': 'Photoshop',
};

function unsupportedFormat(name: string, format: string): ImageDecodeError {
  return new ImageDecodeError(msg('messages:photo.unsupported', { name, format }));
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

function hasTransparency(data: Uint8ClampedArray): boolean {
  for (let i = 3; i < data.length; i += 4) if (data[i]! < 255) return true;
  return false;
}

/**
 * Decodes an uploaded, dropped or pasted file (EXIF orientation applied) to opaque RGBA at working
 * size. Transparent pixels are composited on white. SVG is refused: a drawing has no pixels and no
 * fixed size of its own.
 */
export async function decodeImageBlob(blob: Blob, name: string): Promise<DecodedImage> {
  // The bytes decide. The MIME type comes from the file name (or is application/octet-stream for a
  // name the system does not know, as .heic often is); it can only name a format the browser may
  // not read: a file that claims to be a PNG without a PNG's bytes is no PNG at all.
  const head = new Uint8Array(await blob.slice(0, 1024).arrayBuffer());
  const sniffed = sniffBytes(head);
  if (!sniffed && blob.type && !blob.type.startsWith('image/')) {
    throw new ImageDecodeError(msg('messages:photo.notImage', { name, type: blob.type }));
  }
  if (blob.size === 0) throw new ImageDecodeError(msg('messages:photo.empty', { name }));
  const claimed = UNSUPPORTED_BY_TYPE[blob.type.toLowerCase()];
  const kind = sniffed ?? (claimed ? { format: claimed, decodable: false } : null);
  if (kind?.format === 'SVG') throw unsupportedFormat(name, 'SVG');

  const size = await readImageSize(blob);
  if (size && size.width * size.height > MAX_DECODED_PIXELS) {
    throw new ImageDecodeError(msg('messages:photo.tooLarge', { name, width: size.width, height: size.height, limit: MAX_DECODED_PIXELS / 1e6 }));
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch {
    if (kind && !kind.decodable) throw unsupportedFormat(name, kind.format);
    if (kind) throw new ImageDecodeError(msg('messages:photo.damagedFormat', { name, format: kind.format }));
    throw new ImageDecodeError(msg('messages:photo.damaged', { name }));
  }
  const { width, height } = bitmap;
  const scale = Math.min(1, MAX_WORKING_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) {
    bitmap.close();
    throw new ImageDecodeError(msg('messages:photo.noOffscreen'));
  }
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, w, h);
  let data = ctx.getImageData(0, 0, w, h).data;
  // The detector reads RGB only: without this a transparent pixel (stored as 0, 0, 0, 0) is black.
  const transparent = hasTransparency(data);
  if (transparent) {
    ctx.globalCompositeOperation = 'copy';
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.globalCompositeOperation = 'source-over';
    ctx.drawImage(bitmap, 0, 0, w, h);
    data = ctx.getImageData(0, 0, w, h).data;
  }
  bitmap.close();
  const notices: MessageText[] = [];
  if (scale < 1) notices.push(msg('messages:photo.scaledDown', { width, height, w, h, side: MAX_WORKING_SIDE }));
  if (transparent) notices.push(TRANSPARENCY_NOTICE);
  const noticeText: MessageText | null = notices.length ? { list: notices, sep: 'sentence' } : null;
  return {
    image: { width: w, height: h, data },
    notice: noticeText ? renderText(noticeText) : null,
    noticeText,
    originalWidth: width,
    originalHeight: height,
  };
}
