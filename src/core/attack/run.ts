import * as tf from '@tensorflow/tfjs';
import type { Detection } from '../mtcnn/detect';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import type { RgbaImage } from '../image';
import { DenseAttack, type AttackPlan, type AttackStep } from './dense';
import type { AttackParams } from './params';
import { judgeAdversarial, type Verdict } from './verdict';

export interface AttackRun {
  plan: AttackPlan;
  steps: AttackStep[];
  verdict: Verdict;
  /** Mean wall time per update step (excluding step 0's extra setup). */
  msPerStep: number;
  /** δ as the 8-bit adversarial image holds it: adv − clean on [0, 1], [H, W, 3] row-major. */
  perturbation: Float32Array;
}

/**
 * Runs a dense attack to the end and judges it on the 8-bit image. `onStep` sees every step and may
 * return false to stop early. The CLI, the sweep, tests and benchmarks use this; the app drives
 * DenseAttack.steps() itself to pause and step.
 */
export async function runAttack(
  weights: MtcnnWeights,
  image: tf.Tensor3D,
  rgba: RgbaImage,
  clean: Detection,
  params: AttackParams,
  options: DetectOptions,
  onStep?: (step: AttackStep) => boolean | void,
): Promise<AttackRun> {
  const attack = await DenseAttack.create(weights, image, clean, params, options);
  const steps: AttackStep[] = [];
  try {
    for await (const step of attack.steps()) {
      steps.push(step);
      if (onStep?.(step) === false) break;
    }
    const adv = attack.adversarial();
    const { verdict, perturbation } = await judgeAdversarial(weights, rgba, clean, attack.plan.faces, adv, { ...options, conventions: params.conventions });
    const updates = steps.slice(1);
    const msPerStep = updates.length ? updates.reduce((a, s) => a + s.ms, 0) / updates.length : 0;
    return { plan: attack.plan, steps, verdict, msPerStep, perturbation };
  } finally {
    attack.dispose();
  }
}
