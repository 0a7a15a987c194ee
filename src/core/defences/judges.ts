import { rgbaToTensor, type RgbaImage } from '../image';
import { judge } from '../attack/verdict';
import { iou } from '../mtcnn/boxes';
import type { Detection, Rect } from '../mtcnn/detect';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';

/** A face of the clean photo: its index in MTCNN's clean detection and its box there. */
export interface CleanFace {
  face: number;
  box: Rect;
}

/** Whether a detector finds a clean face on an image, and its score for that face when it does. */
export interface FaceFinding {
  face: number;
  found: boolean;
  score?: number;
}

/**
 * A detector that says, for each clean face, whether it still finds it on an image: one column of
 * the defence table. MTCNN is one (mtcnnJudge); a second detector adds another with its own name.
 */
export interface FaceJudge {
  name: string;
  judge(image: RgbaImage, faces: readonly CleanFace[]): Promise<FaceFinding[]>;
}

/**
 * MTCNN's own verdict (attack/verdict.ts `judge`: full cascade on the 8-bit image, a face is found
 * when a final detection overlaps its clean box with IoU ≥ 0.5), with that detection's score.
 */
export function mtcnnJudge(weights: MtcnnWeights, clean: RgbaImage, cleanDetection: Detection, options: DetectOptions): FaceJudge {
  return {
    name: 'mtcnn',
    async judge(image, faces) {
      const tensor = rgbaToTensor(image);
      try {
        const verdict = await judge(weights, clean, cleanDetection, faces.map((f) => f.face), tensor, options);
        return verdict.faces.map((f) => {
          if (f.evaded) return { face: f.face, found: false };
          const clean = cleanDetection.faces[f.face]!.corners;
          const best = verdict.detection.faces.reduce((a, b) => (iou(clean, b.corners) > iou(clean, a.corners) ? b : a));
          return { face: f.face, found: true, score: best.score };
        });
      } finally {
        tensor.dispose();
      }
    },
  };
}

/** The clean faces an attack targeted, as the defence table takes them. */
export function cleanFacesOf(cleanDetection: Detection, faces: readonly number[]): CleanFace[] {
  return faces.map((face) => ({ face, box: cleanDetection.faces[face]!.box }));
}
