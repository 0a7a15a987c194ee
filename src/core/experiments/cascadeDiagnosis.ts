import type { Detection, Rect } from '../mtcnn/detect';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import { rgbaToTensor, type RgbaImage } from '../image';
import { iou } from '../mtcnn/boxes';
import { cellBox } from '../mtcnn/stages';
import { faceCrops } from '../mtcnn/crops';
import { faceFunnel, onFaces, type Funnel } from '../mtcnn/funnel';

/*
 * Where the cascade lost a face on an (8-bit) image, from its full detection: the funnel of the
 * face's candidates (mtcnn/funnel.ts) and each stage's score on the face.
 */

/**
 * The first stage with nothing left on the face: 'pnet' (no P-Net candidate on it, or none after
 * P-Net's NMS and box regression), 'rnet' (R-Net rejected every one), 'onet' (O-Net rejected every
 * one), 'moved' (O-Net kept a box on the face, but no final box has IoU ≥ 0.5 with the clean one);
 * null when the face is still found.
 */
export type LostStage = 'pnet' | 'rnet' | 'onet' | 'moved' | null;

export const LOST_STAGE_WORDS: Record<Exclude<LostStage, null>, string> = {
  pnet: 'P-Net produced no candidate on it',
  rnet: 'R-Net rejected it',
  onet: 'O-Net rejected it',
  moved: 'the final box moved off (IoU < 0.5)',
};

export function lostStage(f: Funnel): LostStage {
  if (f.final > 0) return null;
  if (f.pnet === 0 || f.nms === 0) return 'pnet';
  if (f.rnet === 0) return 'rnet';
  if (f.onet === 0) return 'onet';
  return 'moved';
}

/** Each stage's face score on the face: what the cascade thinks of it, stage by stage. */
export interface StageScores {
  /** The highest P-Net face probability of any cell on the face, over every pyramid level. */
  pnet: number;
  /** R-Net's and O-Net's face probability on the face's own crop (its clean box, squared). */
  rnet: number;
  onet: number;
  /** The best IoU of a final detection with the clean box (≥ 0.5: still found). */
  iou: number;
}

export interface CascadeDiagnosis {
  funnel: Funnel;
  lost: LostStage;
  scores: StageScores;
}

const corners = (r: Rect) => ({ x1: r.x, y1: r.y, x2: r.x + r.width, y2: r.y + r.height, score: 1 });

/** The highest P-Net probability over the cells on the face, on every level of a detection. */
export function bestPnetScore(d: Pick<Detection, 'scales'>, face: Rect, conventions: DetectOptions['conventions']): number {
  let best = 0;
  for (const s of d.scales) {
    for (let row = 0; row < s.mapHeight; row++) {
      for (let col = 0; col < s.mapWidth; col++) {
        const p = s.prob[row * s.mapWidth + col]!;
        if (p > best && onFaces(cellBox(row, col, s.level.scale, conventions), [face])) best = p;
      }
    }
  }
  return best;
}

/** The funnel, the stage where the face was lost and the stage scores, on `image` and its detection. */
export async function diagnoseFace(weights: MtcnnWeights, image: RgbaImage, detection: Detection, face: Rect, options: DetectOptions): Promise<CascadeDiagnosis> {
  const funnel = faceFunnel(detection, [face]);
  const tensor = rgbaToTensor(image);
  let pixels: Float32Array;
  try {
    pixels = (await tensor.data()) as Float32Array;
  } finally {
    tensor.dispose();
  }
  const [crops] = await faceCrops(weights, pixels, image.width, image.height, [face], options);
  return {
    funnel,
    lost: lostStage(funnel),
    scores: {
      pnet: bestPnetScore(detection, face, options.conventions),
      rnet: crops!.rnet.score,
      onet: crops!.onet.score,
      iou: Math.max(0, ...detection.faces.map((f) => iou(corners(f.box), corners(face)))),
    },
  };
}
