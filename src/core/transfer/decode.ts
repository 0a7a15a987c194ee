/*
 * The Tiny Face Detector's head, read as tiny-YOLOv2 reads it: each grid cell has 5 anchors, each
 * anchor 5 numbers (tx, ty, tw, th, objectness). Centre = (cell + sigmoid(t)) / grid, size =
 * anchor · exp(t) / grid, both in units of the square input, then stretched back to the image's own
 * extent inside that square. Boxes are relative (0–1 of the image's width and height).
 */

/** Anchor widths and heights in grid cells (the published Tiny Face Detector anchors). */
export const TINY_ANCHORS: readonly (readonly [number, number])[] = [
  [1.603231, 2.094468],
  [6.041143, 7.080126],
  [2.882459, 3.518061],
  [4.266906, 5.178857],
  [9.041765, 10.66308],
];
/** Numbers per anchor in the head: x, y, w, h, objectness. */
export const ANCHOR_VALUES = 5;
/** A box is dropped by NMS when its IoU with a better-scored kept box exceeds this. */
export const TINY_NMS_IOU = 0.4;

/** A box relative to the image: x, y, width, height as fractions of its width and height. */
export interface RelativeBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * Decodes the head's [grid, grid, 25] output (row-major) into the boxes whose objectness is above
 * `scoreThreshold`. `correction` stretches the square's units to the image's: inputSize / the
 * image's reshaped width (x) and height (y).
 */
export function decodeHead(
  head: Float32Array | readonly number[],
  grid: number,
  correction: { x: number; y: number },
  scoreThreshold: number,
): RelativeBox[] {
  const boxes: RelativeBox[] = [];
  const perCell = TINY_ANCHORS.length * ANCHOR_VALUES;
  for (let row = 0; row < grid; row++) {
    for (let col = 0; col < grid; col++) {
      for (let a = 0; a < TINY_ANCHORS.length; a++) {
        const o = (row * grid + col) * perCell + a * ANCHOR_VALUES;
        const score = sigmoid(head[o + 4]!);
        if (!(score > scoreThreshold)) continue;
        const [aw, ah] = TINY_ANCHORS[a]!;
        const cx = ((col + sigmoid(head[o]!)) / grid) * correction.x;
        const cy = ((row + sigmoid(head[o + 1]!)) / grid) * correction.y;
        const width = ((Math.exp(head[o + 2]!) * aw) / grid) * correction.x;
        const height = ((Math.exp(head[o + 3]!) * ah) / grid) * correction.y;
        boxes.push({ x: cx - width / 2, y: cy - height / 2, width, height, score });
      }
    }
  }
  return boxes;
}

/** Intersection over union of two x/y/width/height boxes. */
export function rectIou(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = w * h;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy NMS: the best score is kept, every box overlapping it by IoU > `threshold` dropped, and so
 * on. Ties go to the later box, as a stable ascending sort popped from its end does. Boxes are
 * compared in units of the square input (`scale` = inputSize), where the library compares them.
 * Returns the kept indices, best first.
 */
export function tinyNms(boxes: readonly RelativeBox[], threshold: number, scale: number): number[] {
  const scaled = boxes.map((b) => ({ x: b.x * scale, y: b.y * scale, width: b.width * scale, height: b.height * scale }));
  let order = boxes.map((_, i) => i).sort((i, j) => boxes[j]!.score - boxes[i]!.score || j - i);
  const keep: number[] = [];
  while (order.length > 0) {
    const best = order[0]!;
    keep.push(best);
    order = order.slice(1).filter((j) => rectIou(scaled[best]!, scaled[j]!) <= threshold);
  }
  return keep;
}
