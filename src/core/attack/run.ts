import type * as tf from '@tensorflow/tfjs';
import type { Detection } from '../mtcnn/detect';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import type { RgbaImage } from '../image';
import type { AttackStep } from './dense';
import type { AttackParams } from './params';
import { RunGate } from '../run/gate';
import { attackAndJudge, type FinishedAttack } from '../run/orchestrate';

export type AttackRun = Omit<FinishedAttack, 'attack'>;

/**
 * A dense attack run to the end and judged on the 8-bit image, for batch callers (CLI, sweep, tests,
 * benchmarks): the run core's attackAndJudge with `onStep` able to stop early by returning false.
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
  const gate = new RunGate();
  const run: AttackRun & { attack?: unknown } = await attackAndJudge(weights, { rgba, tensor: image, detection: clean }, params, options, {
    gate,
    onStep: (s) => {
      if (onStep?.(s) === false) gate.act('stop');
    },
  });
  delete run.attack;
  return run;
}
