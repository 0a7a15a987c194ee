import type * as tf from '@tensorflow/tfjs';
import type { Detection } from '../mtcnn/detect';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import type { RgbaImage } from '../image';
import type { AttackStep } from './dense';
import type { AttackParams } from './params';
import type { SparseParams, SparseStep } from './sparse';
import type { JudgedAttack } from './verdict';
import { attackAndJudge, pruneAndJudge, type PrunedAttack } from '../run/orchestrate';

export interface SparseRun extends Pick<PrunedAttack, 'maskPixels' | 'learnedMaskPixels' | 'mask' | 'iterations'> {
  dense: JudgedAttack;
  sparse: JudgedAttack;
}

/** A dense attack, then AutoAdversary pruning of its δ, both judged on 8 bits (the run core, end to end). */
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
  const photo = { rgba, tensor: image, detection: clean };
  const dense = await attackAndJudge(weights, photo, params, options, { keep: true, onStep: (s) => hooks.onDenseStep?.(s) });
  try {
    const pruned = await pruneAndJudge(weights, photo, dense.attack!, sparseParams, { onIteration: (s) => hooks.onIteration?.(s) });
    const { verdict, perturbation, maskPixels, learnedMaskPixels, mask, iterations } = pruned;
    return { dense: { verdict: dense.verdict, perturbation: dense.perturbation }, sparse: { verdict, perturbation }, maskPixels, learnedMaskPixels, mask, iterations };
  } finally {
    dense.attack!.dispose();
  }
}
