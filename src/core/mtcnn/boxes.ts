/*
 * Box arithmetic of the cascade, in facenet's conventions (davidsandberg/facenet detect_face.py):
 * boxes are [x1, y1, x2, y2] with inclusive pixel extents, so widths and areas carry a +1, and
 * crops read 1-based pixel indices (box x1 = 1 is the first column).
 */

export interface CandidateBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
}

export type Offsets = readonly [dx1: number, dy1: number, dx2: number, dy2: number];

export type NmsMethod = 'union' | 'min';

/** Greedy NMS by score; returns the kept indices, best first. Overlap counts inclusive pixels (+1). */
export function nms(boxes: readonly CandidateBox[], threshold: number, method: NmsMethod): number[] {
  const area = boxes.map((b) => (b.x2 - b.x1 + 1) * (b.y2 - b.y1 + 1));
  // Stable order: higher score first, ties broken by the later index, as numpy's argsort()[-1] does.
  let order = boxes.map((_, i) => i).sort((a, b) => boxes[a]!.score - boxes[b]!.score || a - b).reverse();
  const keep: number[] = [];
  while (order.length > 0) {
    const i = order[0]!;
    keep.push(i);
    const bi = boxes[i]!;
    order = order.slice(1).filter((j) => {
      const bj = boxes[j]!;
      const w = Math.max(0, Math.min(bi.x2, bj.x2) - Math.max(bi.x1, bj.x1) + 1);
      const h = Math.max(0, Math.min(bi.y2, bj.y2) - Math.max(bi.y1, bj.y1) + 1);
      const inter = w * h;
      const overlap = method === 'min' ? inter / Math.min(area[i]!, area[j]!) : inter / (area[i]! + area[j]! - inter);
      return overlap <= threshold;
    });
  }
  return keep;
}

/** Applies regression offsets scaled by the box size; `inclusive` adds the +1 of stages 2 and 3. */
export function regress<B extends CandidateBox>(box: B, [dx1, dy1, dx2, dy2]: Offsets, inclusive: boolean): B {
  const extra = inclusive ? 1 : 0;
  const w = box.x2 - box.x1 + extra;
  const h = box.y2 - box.y1 + extra;
  return { ...box, x1: box.x1 + dx1 * w, y1: box.y1 + dy1 * h, x2: box.x2 + dx2 * w, y2: box.y2 + dy2 * h };
}

/** Grows a box to the square on its longer side, same centre (facenet `rerec`). */
export function square<B extends CandidateBox>(box: B): B {
  const w = box.x2 - box.x1;
  const h = box.y2 - box.y1;
  const l = Math.max(w, h);
  const x1 = box.x1 + w * 0.5 - l * 0.5;
  const y1 = box.y1 + h * 0.5 - l * 0.5;
  return { ...box, x1, y1, x2: x1 + l, y2: y1 + l };
}

/** Truncates toward zero, as numpy's fix() does before the crops. */
export function fixBox<B extends CandidateBox>(box: B): B {
  return { ...box, x1: Math.trunc(box.x1), y1: Math.trunc(box.y1), x2: Math.trunc(box.x2), y2: Math.trunc(box.y2) };
}

/** Rounds the corners to whole pixels (face-api.js's Box.round()). */
export function roundBox<B extends CandidateBox>(box: B): B {
  return { ...box, x1: Math.round(box.x1), y1: Math.round(box.y1), x2: Math.round(box.x2), y2: Math.round(box.y2) };
}

/** Intersection over union of two boxes as continuous rectangles (used for verdicts and comparisons). */
export function iou(a: CandidateBox, b: CandidateBox): number {
  const w = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
  const h = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const inter = w * h;
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter;
  return union > 0 ? inter / union : 0;
}
