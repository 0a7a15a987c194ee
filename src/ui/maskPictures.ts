import type { RgbaImage } from '../core/image';

/*
 * The pictures of the sparse-mask panel, built with flat loops: they are made on the main thread
 * whenever the mask updates during a prune, and the per-pixel array allocations of the first
 * version cost 150–250 ms a picture there.
 */

export interface MaskGrid {
  width: number;
  height: number;
  /** Row-major [height, width] on 0..1. */
  data: Float32Array;
}

export interface PlacedMask extends MaskGrid {
  /** Top-left of the mask on the photo (when not scaled). */
  x0: number;
  y0: number;
  /** The mask covers the whole photo at its own resolution (low-resolution domain). */
  scaled: boolean;
}

/** A mask as a grey picture: white = perturbation kept, black = dropped. */
export function maskPicture(mask: MaskGrid): RgbaImage {
  const n = mask.width * mask.height;
  const data = new Uint8ClampedArray(n * 4);
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    const v = mask.data[i]! * 255;
    data[p] = v;
    data[p + 1] = v;
    data[p + 2] = v;
    data[p + 3] = 255;
  }
  return { width: mask.width, height: mask.height, data };
}

const KEPT = [255, 40, 200] as const;
const DIM = 0.55;

/** Which mask column (or row) each photo column (row) falls on, −1 outside the mask. */
function axisIndex(photoSize: number, maskSize: number, offset: number, scaled: boolean): Int32Array {
  const out = new Int32Array(photoSize);
  for (let x = 0; x < photoSize; x++) {
    const m = scaled ? Math.floor((x * maskSize) / photoSize) : x - offset;
    out[x] = m >= 0 && m < maskSize ? m : -1;
  }
  return out;
}

/** The photo dimmed, with the kept mask locations tinted magenta. */
export function maskOverPhoto(photo: RgbaImage, mask: PlacedMask): RgbaImage {
  const data = new Uint8ClampedArray(photo.data);
  const cols = axisIndex(photo.width, mask.width, mask.x0, mask.scaled);
  const rows = axisIndex(photo.height, mask.height, mask.y0, mask.scaled);
  for (let y = 0; y < photo.height; y++) {
    const my = rows[y]!;
    for (let x = 0, i = 4 * y * photo.width; x < photo.width; x++, i += 4) {
      const mx = cols[x]!;
      if (my >= 0 && mx >= 0 && mask.data[my * mask.width + mx] === 1) {
        data[i] = KEPT[0];
        data[i + 1] = KEPT[1];
        data[i + 2] = KEPT[2];
      } else {
        data[i] = data[i]! * DIM;
        data[i + 1] = data[i + 1]! * DIM;
        data[i + 2] = data[i + 2]! * DIM;
      }
    }
  }
  return { width: photo.width, height: photo.height, data };
}
