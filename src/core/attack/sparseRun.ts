import type * as tf from '@tensorflow/tfjs';
import type { Detection } from '../mtcnn/detect';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import type { RgbaImage } from '../image';
import { DenseAttack, type AttackStep } from './dense';
import type { AttackParams } from './params';
import { randomMask, SparseAttack, type SparseParams, type SparseStep } from './sparse';
import { judgeAdversarial, type JudgedAttack } from './verdict';

export interface SparseRun {
  dense: JudgedAttack;
  sparse: JudgedAttack;
  /** Locations of δ's domain kept by the final binary mask. */
  maskPixels: number;
  /** For the random ablation: the pixel count of the learned mask it copies. */
  learnedMaskPixels: number;
  /** The binary mask over δ's domain; for the full domain it sits at (x0, y0) in the image. */
  mask: { width: number; height: number; data: Float32Array; x0: number; y0: number; scaled: boolean };
  iterations: Omit<SparseStep, 'mask'>[];
}

/**
 * A dense attack, then AutoAdversary pruning of its δ, both judged on 8-bit images. With the random
 * encoder the mask is learned with the conv encoder first, then replaced by a random one of the
 * same size (seed 001's ablation).
 */
export async function runSparseAttack(
  weights: MtcnnWeights,
  image: tf.Tensor3D,
  rgba: RgbaImage,
  clean: Detection,
  params: AttackParams,
  sparseParams: SparseParams,
  options: DetectOptions,
  hooks: { onDenseStep?: (s: AttackStep) => void; onIteration?: (s: SparseStep) => void } = {},
): Promise<SparseRun> {
  const opts = { ...options, conventions: params.conventions };
  const dense = await DenseAttack.create(weights, image, clean, params, opts);
  try {
    for await (const s of dense.steps()) hooks.onDenseStep?.(s);
    const verdictOf = (adv: tf.Tensor3D) => judgeAdversarial(weights, rgba, clean, dense.plan.faces, adv, opts);
    const denseResult = await verdictOf(dense.adversarial());
    const learned = new SparseAttack(dense, { ...sparseParams, encoder: sparseParams.encoder === 'random' ? 'conv' : sparseParams.encoder });
    try {
      const iterations: Omit<SparseStep, 'mask'>[] = [];
      for await (const s of learned.steps()) {
        hooks.onIteration?.(s);
        iterations.push({ ...s, mask: undefined } as Omit<SparseStep, 'mask'>);
      }
      const [h, w] = learned.shape;
      const learnedMaskPixels = learned.hardMask().reduce((a, b) => a + b, 0);
      if (sparseParams.encoder === 'random') learned.setMask(randomMask(h, w, learnedMaskPixels, sparseParams.seed + 1));
      const mask = learned.hardMask();
      const sparseResult = await verdictOf(learned.adversarial());
      return {
        dense: denseResult,
        sparse: sparseResult,
        maskPixels: mask.reduce((a, b) => a + b, 0),
        learnedMaskPixels,
        mask: { width: w, height: h, data: mask, x0: dense.region.x0, y0: dense.region.y0, scaled: dense.model.scaled },
        iterations,
      };
    } finally {
      learned.dispose();
    }
  } finally {
    dense.dispose();
  }
}
