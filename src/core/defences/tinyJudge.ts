import type { RgbaImage } from '../image';
import { detectTinyFaces, TINY_DEFAULT_OPTIONS, type TinyFace, type TinyFaceOptions } from '../transfer/detect';
import { judgeTransfer, transferReferences, TRANSFER_DETECTOR } from '../transfer/verdict';
import type { TinyFaceWeights } from '../transfer/weights';
import type { FaceJudge } from './judges';

/**
 * The second detector (face-api's Tiny Face Detector, core/transfer) as a defence-table column:
 * each face is judged against that detector's own clean box, by transfer/verdict.ts's rule. The
 * clean image is run once, on the first call.
 */
export function tinyFaceJudge(weights: TinyFaceWeights, clean: RgbaImage, options: TinyFaceOptions = TINY_DEFAULT_OPTIONS): FaceJudge {
  let cleanDetections: Promise<TinyFace[]> | null = null;
  return {
    name: TRANSFER_DETECTOR,
    async judge(image, faces) {
      cleanDetections ??= detectTinyFaces(weights, clean, options);
      const references = transferReferences(await cleanDetections, faces);
      return judgeTransfer(await detectTinyFaces(weights, image, options), references).map((f) => ({ face: f.face, found: f.found, ...(f.score === null ? {} : { score: f.score }) }));
    },
  };
}
