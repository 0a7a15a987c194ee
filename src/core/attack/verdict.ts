import * as tf from '@tensorflow/tfjs';
import { detectFaces, type Detection, type Rect } from '../mtcnn/detect';
import { iou } from '../mtcnn/boxes';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import { quantize8, tensorToRgba, type RgbaImage } from '../image';
import { perturbationNorms, perturbationOf, type PerturbationNorms } from './metrics';

/** A face counts as evaded when no final detection overlaps its clean box with IoU ≥ this. */
export const EVADED_IOU = 0.5;

export interface FaceVerdict {
  face: number;
  box: Rect;
  evaded: boolean;
  /** Best IoU of any final detection on the adversarial image with the clean box. */
  bestIou: number;
}

export interface Verdict {
  /** The adversarial image as a user saves it (8-bit). */
  image: RgbaImage;
  detection: Detection;
  faces: FaceVerdict[];
  /** Evaded faces / attacked faces, on the full cascade run on the 8-bit image. */
  successRate: number;
  norms: PerturbationNorms;
}

const asCorners = (r: Rect) => ({ x1: r.x, y1: r.y, x2: r.x + r.width, y2: r.y + r.height, score: 1 });

/**
 * The honest verdict: round the adversarial image to 8 bits, run the full cascade, and say for each
 * attacked face whether any final detection still overlaps it (IoU ≥ 0.5).
 */
export async function judge(
  weights: MtcnnWeights,
  clean: RgbaImage,
  cleanDetection: Detection,
  attackedFaces: readonly number[],
  adversarial: tf.Tensor3D,
  options: DetectOptions,
): Promise<Verdict> {
  const rounded = quantize8(adversarial);
  try {
    const image = await tensorToRgba(rounded);
    const detection = await detectFaces(weights, rounded, options);
    const faces = attackedFaces.map((i) => {
      const box = cleanDetection.faces[i]!.box;
      const bestIou = Math.max(0, ...detection.faces.map((f) => iou(asCorners(box), asCorners(f.box))));
      return { face: i, box, evaded: bestIou < EVADED_IOU, bestIou };
    });
    return {
      image,
      detection,
      faces,
      successRate: faces.filter((f) => f.evaded).length / Math.max(1, faces.length),
      norms: perturbationNorms(clean.data, image.data),
    };
  } finally {
    rounded.dispose();
  }
}

export interface JudgedAttack {
  verdict: Verdict;
  /** adv − clean on [0, 1], [H, W, 3] row-major, as the 8-bit image holds it. */
  perturbation: Float32Array;
}

/** judge(), then disposes the adversarial tensor and returns the perturbation the 8-bit image holds. */
export async function judgeAdversarial(
  weights: MtcnnWeights,
  clean: RgbaImage,
  cleanDetection: Detection,
  attackedFaces: readonly number[],
  adversarial: tf.Tensor3D,
  options: DetectOptions,
): Promise<JudgedAttack> {
  try {
    const verdict = await judge(weights, clean, cleanDetection, attackedFaces, adversarial, options);
    return { verdict, perturbation: perturbationOf(clean.data, verdict.image.data) };
  } finally {
    adversarial.dispose();
  }
}
