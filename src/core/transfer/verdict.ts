import type { RgbaImage } from '../image';
import type { Rect } from '../mtcnn/detect';
import { overlapOverSmaller, ON_FACE_OVERLAP, SAME_FACE_IOU } from '../mtcnn/funnel';
import { rectIou } from './decode';
import { detectTinyFaces, TINY_DEFAULT_OPTIONS, type TinyFace, type TinyFaceOptions } from './detect';
import type { TinyFaceWeights } from './weights';

/*
 * The second detector's verdict on an attacked face. Two detectors draw different boxes around the
 * same face (the Tiny Face Detector's take in more of the head: IoU with MTCNN's box is only
 * 0.43–0.63 on the bundled faces), so the face is first found in the Tiny Face Detector's own
 * clean detection: the clean detection that lies on MTCNN's clean box (overlap ≥ half of the
 * smaller box, the funnel's "on the face" rule), the one with the best IoU if several do. On the
 * attacked image the face is then "found" when a detection has IoU ≥ 0.5 with that reference box:
 * the same rule as MTCNN's own verdict (core/attack/verdict.ts), each detector judged against
 * itself. A face the Tiny Face Detector misses on the clean image has no reference: it is
 * reported as not found on the clean image, and on the attacked image only a detection on
 * MTCNN's box counts.
 */

export const TRANSFER_DETECTOR = 'tiny-face-detector';

/** One attacked face: its index in MTCNN's clean detection and MTCNN's clean box. */
export interface TransferTarget {
  face: number;
  box: Rect;
}

/** The Tiny Face Detector's view of one face on one image. */
export interface TransferFace {
  face: number;
  found: boolean;
  /** The matching detection's score (null when not found). */
  score: number | null;
  /** The matching detection's box (null when not found). */
  box: Rect | null;
  /** Best IoU of any detection with the reference box (the Tiny clean box, or MTCNN's when there is none). */
  bestIou: number;
}

/** The reference each face is judged against on attacked images. */
export interface TransferReference extends TransferTarget {
  /** The Tiny Face Detector on the clean image. */
  clean: TransferFace;
}

/** The clean detection that is this face for the Tiny Face Detector, or null. */
function cleanMatch(detections: readonly TinyFace[], box: Rect): { detection: TinyFace; iou: number } | null {
  let best: { detection: TinyFace; iou: number } | null = null;
  for (const d of detections) {
    const onFace = overlapOverSmaller({ x1: d.box.x, y1: d.box.y, x2: d.box.x + d.box.width, y2: d.box.y + d.box.height }, box) >= ON_FACE_OVERLAP;
    const iou = rectIou(d.box, box);
    if (onFace && (!best || iou > best.iou)) best = { detection: d, iou };
  }
  return best;
}

/** Each target face's reference from the Tiny Face Detector's detections on the clean image. */
export function transferReferences(cleanDetections: readonly TinyFace[], targets: readonly TransferTarget[]): TransferReference[] {
  return targets.map((t) => {
    const m = cleanMatch(cleanDetections, t.box);
    return {
      ...t,
      clean: { face: t.face, found: m !== null, score: m?.detection.score ?? null, box: m?.detection.box ?? null, bestIou: m?.iou ?? 0 },
    };
  });
}

/** Judges detections on an attacked image against the references: found = IoU ≥ 0.5 with the face's Tiny clean box. */
export function judgeTransfer(detections: readonly TinyFace[], references: readonly TransferReference[]): TransferFace[] {
  return references.map((r) => {
    if (!r.clean.box) {
      const m = cleanMatch(detections, r.box);
      return { face: r.face, found: m !== null, score: m?.detection.score ?? null, box: m?.detection.box ?? null, bestIou: m?.iou ?? 0 };
    }
    let best: { d: TinyFace; iou: number } | null = null;
    for (const d of detections) {
      const iou = rectIou(d.box, r.clean.box);
      if (!best || iou > best.iou) best = { d, iou };
    }
    const found = best !== null && best.iou >= SAME_FACE_IOU;
    return { face: r.face, found, score: found ? best!.d.score : null, box: found ? best!.d.box : null, bestIou: best?.iou ?? 0 };
  });
}

export interface TransferVerdict {
  detector: typeof TRANSFER_DETECTOR;
  options: TinyFaceOptions;
  /** Per attacked face: the Tiny Face Detector on the clean image and on the attacked one. */
  faces: { face: number; clean: TransferFace; adversarial: TransferFace }[];
  /** Every detection on the attacked image. */
  detections: TinyFace[];
  /** Every detection on the clean image (pass them back in to skip that run next time). */
  cleanDetections: readonly TinyFace[];
}

/**
 * The second detector's verdict: runs the Tiny Face Detector on the clean and on the attacked
 * image (8-bit RGBA, as saved) and says for each attacked face whether it still finds it, with
 * the score. `cleanDetections` may be passed when the clean image was already run.
 */
export async function transferVerdict(
  weights: TinyFaceWeights,
  clean: RgbaImage,
  adversarial: RgbaImage,
  targets: readonly TransferTarget[],
  options: TinyFaceOptions = TINY_DEFAULT_OPTIONS,
  cleanDetections?: readonly TinyFace[],
): Promise<TransferVerdict> {
  const cleanFaces = cleanDetections ?? (await detectTinyFaces(weights, clean, options));
  const references = transferReferences(cleanFaces, targets);
  const detections = await detectTinyFaces(weights, adversarial, options);
  const judged = judgeTransfer(detections, references);
  return {
    detector: TRANSFER_DETECTOR,
    options,
    faces: references.map((r, i) => ({ face: r.face, clean: r.clean, adversarial: judged[i]! })),
    detections,
    cleanDetections: cleanFaces,
  };
}
