import type { Rect } from '../mtcnn/detect';
import { PNET_CELL, type PyramidLevel } from '../mtcnn/pyramid';

/**
 * The seed's choice (seed 000, §3.1): the pyramid level where the face box is closest to P-Net's
 * 12 px window, plus two levels above and two below, clipped to the pyramid.
 */
export function selectScalesNearFace(levels: readonly PyramidLevel[], face: Rect, around = 2): number[] {
  if (levels.length === 0) return [];
  const side = Math.sqrt(face.width * face.height);
  let best = 0;
  levels.forEach((l, i) => {
    if (Math.abs(side * l.scale - PNET_CELL) < Math.abs(side * levels[best]!.scale - PNET_CELL)) best = i;
  });
  const from = Math.max(0, best - around);
  const to = Math.min(levels.length - 1, best + around);
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

/** The levels for several faces: the union of each face's choice, in pyramid order. */
export function selectScalesNearFaces(levels: readonly PyramidLevel[], faces: readonly Rect[]): number[] {
  return [...new Set(faces.flatMap((f) => selectScalesNearFace(levels, f)))].sort((a, b) => a - b);
}
