import { iou, type CandidateBox } from './boxes';
import type { Detection, Rect } from './detect';
import type { ScaleMap } from './detect';

/*
 * The cascade seen from one face (what the app's funnel and pyramid tiles count). One definition of
 * a candidate, the attack's (core/attack/model.ts): a P-Net cell at or above the stage-1 threshold
 * whose 12×12 window is "on" an attacked face, i.e. the overlap covers at least half of the smaller
 * of window and face box. Stage boxes are counted with the same rule; final faces with the
 * verdict's (IoU ≥ 0.5 with the clean box, core/attack/verdict.ts).
 */

/** A window or box is on a face when their overlap is at least this share of the smaller one (model.ts ON_FACE_OVERLAP). */
export const ON_FACE_OVERLAP = 0.5;
/** A final detection still finds a face when its IoU with the clean box is at least this (verdict.ts EVADED_IOU). */
export const SAME_FACE_IOU = 0.5;

type Corners = Pick<CandidateBox, 'x1' | 'y1' | 'x2' | 'y2'>;

/** Overlap of a box with a face rectangle, over the smaller area of the two (as model.ts). */
export function overlapOverSmaller(a: Corners, b: Rect): number {
  const w = Math.max(0, Math.min(a.x2, b.x + b.width) - Math.max(a.x1, b.x));
  const h = Math.max(0, Math.min(a.y2, b.y + b.height) - Math.max(a.y1, b.y));
  const smaller = Math.min((a.x2 - a.x1) * (a.y2 - a.y1), b.width * b.height);
  return smaller > 0 ? (w * h) / smaller : 0;
}

export function onFaces(box: Corners, faces: readonly Rect[]): boolean {
  return faces.some((f) => overlapOverSmaller(box, f) >= ON_FACE_OVERLAP);
}

const corners = (r: Rect): CandidateBox => ({ x1: r.x, y1: r.y, x2: r.x + r.width, y2: r.y + r.height, score: 1 });

/** Whether a final detection is one of the faces (IoU ≥ 0.5 with its clean box, the verdict's rule). */
export function sameFace(detected: Rect, faces: readonly Rect[]): boolean {
  return faces.some((f) => iou(corners(detected), corners(f)) >= SAME_FACE_IOU);
}

/** Candidates of one pyramid level: cells ≥ the stage-1 threshold (already filtered in ScaleMap) on the faces. */
export function candidatesOnFaces(scale: Pick<ScaleMap, 'candidates'>, faces: readonly Rect[]): number {
  let n = 0;
  for (const c of scale.candidates) if (onFaces(c, faces)) n++;
  return n;
}

/** How many of the face's candidates survive each stage of the cascade. */
export interface Funnel {
  /** P-Net candidates on every pyramid level (not only the attacked ones). */
  pnet: number;
  /** Stage-1 boxes after per-level and cross-level NMS and regression. */
  nms: number;
  /** Stage-2 boxes: R-Net ≥ its threshold, after NMS. */
  rnet: number;
  /** Stage-3 boxes: O-Net ≥ its threshold, after the final NMS. */
  onet: number;
  /** Final faces that are still the face (IoU ≥ 0.5 with its clean box). */
  final: number;
}

export function faceFunnel(d: Pick<Detection, 'scales' | 'stages' | 'faces'>, faces: readonly Rect[]): Funnel {
  const on = (boxes: readonly Corners[]) => boxes.filter((b) => onFaces(b, faces)).length;
  return {
    pnet: d.scales.reduce((n, s) => n + candidatesOnFaces(s, faces), 0),
    nms: on(d.stages.pnet),
    rnet: on(d.stages.rnet),
    onet: on(d.stages.onet),
    final: d.faces.filter((f) => sameFace(f.box, faces)).length,
  };
}
