import type { Rect } from '../core/mtcnn/detect';
import { sameFace } from '../core/mtcnn/funnel';

/*
 * Face numbers for people: by position, left to right (then top to bottom), the same on the boxes,
 * in the face list, the "Face to attack" choice, the verdict and the cascade crops. The detector
 * orders faces by score; links and the engine keep using that index (params.face), only the
 * numbers shown are by position.
 */

/** numbers[i] is the 1-based number shown for the detector's face i. */
export function faceNumbers(faces: readonly { box: Rect }[]): number[] {
  const order = faces
    .map((f, i) => ({ i, x: f.box.x + f.box.width / 2, y: f.box.y + f.box.height / 2 }))
    .sort((a, b) => a.x - b.x || a.y - b.y);
  const numbers = new Array<number>(faces.length);
  order.forEach((o, k) => (numbers[o.i] = k + 1));
  return numbers;
}

/** The detector's indices in the order they are shown (face 1 first). */
export function facesByNumber(faces: readonly { box: Rect }[]): number[] {
  const numbers = faceNumbers(faces);
  return numbers.map((_, i) => i).sort((a, b) => numbers[a]! - numbers[b]!);
}

/** The number of the clean face a detection on an attacked image still is (IoU ≥ 0.5), or null for none. */
export function matchNumber(box: Rect, clean: readonly { box: Rect }[], numbers: readonly number[]): number | null {
  const i = clean.findIndex((f) => sameFace(box, [f.box]));
  return i >= 0 ? numbers[i]! : null;
}
