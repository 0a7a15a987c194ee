import type { RgbaImage } from '../../core/image';
import { pngBlob } from '../download';

/** The photo as a PNG data URL, for a lesson file (exactly the working image the app detects on). */
export async function photoDataUrl(image: RgbaImage): Promise<string> {
  const blob = await pngBlob(image);
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the photo could not be encoded'));
    reader.readAsDataURL(blob);
  });
}
