import * as tf from '@tensorflow/tfjs';
import { fixBox, regress, roundBox, square, type CandidateBox, type Offsets } from './boxes';
import type { ChannelOrder, Conventions } from './options';
import { PNET_CELL, PNET_STRIDE, type PyramidLevel } from './pyramid';
import { areaMaps, legacyBilinearMap, resampleArray, type AxisWindow, type Maps2D } from './resample';
import { normalizeUnitImage } from './nets';

/*
 * The pieces of the cascade that both detection and the attacks use: how a pyramid level and the
 * stage-2/3 crops are resampled from the full image (differentiably), how net inputs are prepared,
 * and how P-Net cells map back to image boxes.
 */

/**
 * How each stage turns a box and its regression offsets into the next stage's box.
 * facenet: stage 1 regresses with w = x2 − x1, squares and truncates; stages 2 and 3 use
 * w = x2 − x1 + 1, stage 2 squares, stage 3 keeps O-Net's rectangle; crops truncate first.
 * face-api.js: every stage regresses with w = x2 − x1, squares and rounds (final boxes are squares).
 */
export function refineBox<B extends CandidateBox>(box: B, offsets: Offsets, stage: 1 | 2 | 3, conventions: Conventions): B {
  if (conventions === 'faceapi') return roundBox(square(regress(box, offsets, false)));
  if (stage === 1) return fixBox(square(regress(box, offsets, false)));
  if (stage === 2) return square(regress(box, offsets, true));
  return regress(box, offsets, true);
}

/** The resize kernel used for pyramid levels, named in results so users know what was attacked. */
export function pyramidKernel(conventions: Conventions): string {
  return conventions === 'facenet' ? 'area (OpenCV INTER_AREA)' : 'bilinear (tfjs legacy, face-api.js)';
}

export function pyramidMaps(level: PyramidLevel, width: number, height: number, conventions: Conventions): Maps2D {
  if (conventions === 'facenet') return areaMaps(height, width, level.height, level.width);
  return { rows: legacyBilinearMap(height, level.height), cols: legacyBilinearMap(width, level.width) };
}

/** The window a crop reads along one axis. */
function cropWindow(lo: number, hi: number, size: number, conventions: Conventions): AxisWindow {
  if (conventions === 'facenet') {
    // Boxes hold 1-based inclusive pixel indices; outside the image reads as zero.
    return { start: lo - 1, length: Math.max(1, hi - lo + 1) };
  }
  // face-api.js clips the box to the image and stretches what is left.
  const start = Math.max(lo, 1) - 1;
  return { start, length: Math.max(1, Math.min(hi, size) - start) };
}

/** The maps that crop a box (after fixBox) and resample it to size×size for R-Net (24) or O-Net (48). */
export function cropMaps(box: CandidateBox, width: number, height: number, size: number, conventions: Conventions): Maps2D {
  const rows = cropWindow(box.y1, box.y2, height, conventions);
  const cols = cropWindow(box.x1, box.x2, width, conventions);
  return areaMaps(height, width, size, size, rows, cols);
}

/** Crops of many boxes from interleaved [H, W, 3] pixels on [0, 1] → [N, size, size, 3] data. */
export function cropPatches(
  pixels: Float32Array,
  width: number,
  height: number,
  boxes: readonly CandidateBox[],
  size: number,
  conventions: Conventions,
): Float32Array {
  const out = new Float32Array(boxes.length * size * size * 3);
  boxes.forEach((b, n) => resampleArray(pixels, width, 3, cropMaps(b, width, height, size, conventions), out, n * size * size * 3));
  return out;
}

/** [N, h, w, 3] image patches on [0, 1] → normalised net input in the chosen channel order. */
export function netInput(patches01: tf.Tensor4D, order: ChannelOrder): tf.Tensor4D {
  return tf.tidy(() => {
    const x = normalizeUnitImage(patches01);
    return order === 'bgr' ? (tf.reverse(x, 3) as tf.Tensor4D) : x;
  });
}

/** Softmax face probability (index 1) from two-class logits along the last axis. */
export function faceProbability<T extends tf.Tensor>(logits: T): T {
  return tf.tidy(() => {
    const p = tf.softmax(logits);
    const last = p.shape.length - 1;
    const begin = p.shape.map((_, i) => (i === last ? 1 : 0));
    const size = p.shape.map((_, i) => (i === last ? 1 : -1));
    return tf.squeeze(tf.slice(p, begin, size), [last]) as T;
  });
}

export interface PNetCell extends CandidateBox {
  row: number;
  col: number;
  offsets: Offsets;
}

/** Size of P-Net's output map for an input side of `n` pixels. */
export function pnetMapSize(n: number): number {
  return Math.max(0, Math.ceil((n - 2) / 2) - 4);
}

/** The image-space box of P-Net cell (row, col) at `scale` (facenet: fix; face-api.js: round). */
export function cellBox(row: number, col: number, scale: number, conventions: Conventions): Omit<CandidateBox, 'score'> {
  const round = conventions === 'facenet' ? Math.trunc : Math.round;
  return {
    x1: round((PNET_STRIDE * col + 1) / scale),
    y1: round((PNET_STRIDE * row + 1) / scale),
    x2: round((PNET_STRIDE * col + PNET_CELL) / scale),
    y2: round((PNET_STRIDE * row + PNET_CELL) / scale),
  };
}

/** Cells at or above `threshold` in a P-Net probability map (row-major [h, w]) and offsets ([h, w, 4]). */
export function pnetCells(
  prob: ArrayLike<number>,
  offsets: ArrayLike<number> | null,
  mapWidth: number,
  mapHeight: number,
  scale: number,
  threshold: number,
  conventions: Conventions,
): PNetCell[] {
  const cells: PNetCell[] = [];
  for (let row = 0; row < mapHeight; row++) {
    for (let col = 0; col < mapWidth; col++) {
      const i = row * mapWidth + col;
      const score = prob[i]!;
      if (score < threshold) continue;
      const o: Offsets = offsets ? [offsets[4 * i]!, offsets[4 * i + 1]!, offsets[4 * i + 2]!, offsets[4 * i + 3]!] : [0, 0, 0, 0];
      cells.push({ ...cellBox(row, col, scale, conventions), score, row, col, offsets: o });
    }
  }
  return cells;
}
