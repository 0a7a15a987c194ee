import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RgbaImage } from '../core/image';
import type { FaceVerdict } from '../core/attack/verdict';
import { MODELS_DIR } from '../node/models';
import { loadTinyFaceWeights, type TinyFaceWeights } from '../core/transfer/weights';
import { detectTinyFaces, TINY_DEFAULT_OPTIONS, type TinyFace } from '../core/transfer/detect';
import { transferVerdict, type TransferFace, type TransferVerdict } from '../core/transfer/verdict';

/*
 * --transfer: a second, independent face detector (face-api's Tiny Face Detector, our own tfjs
 * implementation, weights in public/models) judges the attacked image too. See
 * core/transfer/verdict.ts for the rule.
 */

export function loadTransferWeights(dir = MODELS_DIR): Promise<TinyFaceWeights> {
  return loadTinyFaceWeights((name) => readFile(path.join(dir, name)));
}

/** The second verdict for the faces MTCNN's verdict judged. */
export function judgeTransferOf(weights: TinyFaceWeights, clean: RgbaImage, adversarial: RgbaImage, faces: readonly Pick<FaceVerdict, 'face' | 'box'>[], cleanDetections?: readonly TinyFace[]): Promise<TransferVerdict> {
  return transferVerdict(weights, clean, adversarial, faces.map((f) => ({ face: f.face, box: f.box })), TINY_DEFAULT_OPTIONS, cleanDetections);
}

/** The clean image's detections, run once per image in batch commands. */
export function cleanTinyFaces(weights: TinyFaceWeights, clean: RgbaImage): Promise<TinyFace[]> {
  return detectTinyFaces(weights, clean, TINY_DEFAULT_OPTIONS);
}

const faceJson = (f: TransferFace) => ({ found: f.found, score: f.score, box: f.box, iou: f.bestIou });

/** The JSON output's "transfer" object. */
export function transferJson(v: TransferVerdict) {
  return {
    detector: v.detector,
    inputSize: v.options.inputSize,
    scoreThreshold: v.options.scoreThreshold,
    faces: v.faces.map((f) => ({ face: f.face, clean: faceJson(f.clean), adversarial: faceJson(f.adversarial) })),
    found: v.faces.filter((f) => f.adversarial.found).length,
  };
}

const said = (f: TransferFace) => (f.found ? `found (${f.score!.toFixed(3)})` : 'not found');

/** The text summary's lines: one per attacked face. */
export function transferLines(v: TransferVerdict, indent = '  '): string {
  return v.faces.map((f) => `${indent}Tiny Face Detector, face ${f.face}: ${said(f.adversarial)} (clean image: ${said(f.clean)})\n`).join('');
}

/**
 * A batch row's metrics: of the attacked faces, how many the second detector finds on the clean
 * image, how many on the adversarial one, and how many the attack made evade both detectors (MTCNN
 * evaded; the Tiny Face Detector found it on the clean image, not on the adversarial one).
 */
export function transferMetrics(v: TransferVerdict, mtcnn: readonly FaceVerdict[]): { transferCleanFound: number; transferFound: number; transferEvadedBoth: number } {
  const evaded = new Set(mtcnn.filter((f) => f.evaded).map((f) => f.face));
  return {
    transferCleanFound: v.faces.filter((f) => f.clean.found).length,
    transferFound: v.faces.filter((f) => f.adversarial.found).length,
    transferEvadedBoth: v.faces.filter((f) => evaded.has(f.face) && f.clean.found && !f.adversarial.found).length,
  };
}

/** Sums of transferMetrics over rows (rows without them count nothing). */
export function transferTotals(rows: readonly { metrics: Record<string, number | null> }[]): { cleanFound: number; found: number; evadedBoth: number } {
  const sum = (k: string) => rows.reduce((n, r) => n + (typeof r.metrics[k] === 'number' ? (r.metrics[k] as number) : 0), 0);
  return { cleanFound: sum('transferCleanFound'), found: sum('transferFound'), evadedBoth: sum('transferEvadedBoth') };
}
