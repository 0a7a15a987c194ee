import type { RgbaImage } from '../image';
import { blankImage, checkImage } from './pixels';

/** Median of nine numbers, by insertion sort on a scratch array (small and branch-light enough). */
function median9(v: Uint8Array): number {
  for (let i = 1; i < 9; i++) {
    const x = v[i]!;
    let j = i - 1;
    while (j >= 0 && v[j]! > x) {
      v[j + 1] = v[j]!;
      j--;
    }
    v[j + 1] = x;
  }
  return v[4]!;
}

/**
 * 3×3 median filter, each channel on its own, edges replicated (OpenCV medianBlur's border):
 * every value becomes the median of its 3×3 neighbourhood.
 */
export function medianFilter3x3(img: RgbaImage): RgbaImage {
  checkImage(img, 'median filter');
  const { width, height, data } = img;
  const out = blankImage(width, height);
  const window = new Uint8Array(9);
  for (let y = 0; y < height; y++) {
    const rows = [Math.max(y - 1, 0), y, Math.min(y + 1, height - 1)];
    for (let x = 0; x < width; x++) {
      const cols = [Math.max(x - 1, 0), x, Math.min(x + 1, width - 1)];
      for (let c = 0; c < 3; c++) {
        let k = 0;
        for (const r of rows) for (const q of cols) window[k++] = data[(r * width + q) * 4 + c]!;
        out.data[(y * width + x) * 4 + c] = median9(window);
      }
    }
  }
  return out;
}
