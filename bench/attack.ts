import * as tf from '@tensorflow/tfjs';
import { detectFaces } from '../src/core/mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../src/core/mtcnn/options';
import { pnet } from '../src/core/mtcnn/nets';
import { netInput } from '../src/core/mtcnn/stages';
import { DenseAttack } from '../src/core/attack/dense';
import { runAttack } from '../src/core/attack/run';
import { SEED_PAPER_PARAMS } from '../src/core/attack/params';
import { towardNoFace } from '../src/core/attack/model';
import { readImageFile } from '../src/node/imageFile';
import { rgbaToTensor } from '../src/core/image';
import { ASTRONAUT, onBackend, testWeights } from '../src/node/testing';
import { median } from './stats';

export interface AttackBench {
  backend: string;
  msPerStepMedian: number;
  /** Step 0 (setup of the step's tensors, value, gradient, update, read-back). */
  firstStepMs: number;
  /** Bare P-Net forward + backward on the targeted levels, whole (what a plain implementation runs). */
  bareFullLevelsMs: number;
  /** The same on just the windows this project runs P-Net on (a stricter baseline). */
  bareWindowsMs: number;
  stepOverBareFullLevels: number;
  stepOverBareWindows: number;
  /** The same ratio from the fastest quarter of each (less sensitive to other processes on the machine). */
  stepOverBareWindowsP25: number;
  /** Detection + 50-step PGD + 8-bit verdict, seed defaults, in-process (weights loaded). */
  wholeAttackMs: number;
  evaded: boolean;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

/** A bare P-Net forward + backward on inputs of the given sizes (no resampling, no bookkeeping): one run's ms. */
async function bareForwardBackward(sizes: [number, number][]): Promise<() => Promise<number>> {
  const weights = await testWeights();
  const inputs = sizes.map(([h, w]) => tf.randomUniform([1, h, w, 3]) as tf.Tensor4D);
  return async () => {
    const t0 = performance.now();
    const grads = tf.grads((...xs: tf.Tensor[]) =>
      tf.addN(xs.map((x) => tf.mean(towardNoFace(pnet(weights, netInput(x as tf.Tensor4D, 'rgb')).logits)))) as tf.Scalar,
    )(inputs);
    await Promise.all(grads.map((g) => g.data()));
    tf.dispose(grads);
    return performance.now() - t0;
  };
}

/**
 * Attack steps and the bare baselines are timed interleaved (a step, a bare run on the windows, a
 * bare run on the full levels, and so on), so that other load on the machine falls on all three alike.
 */
export async function attackBench(backend: 'wasm' | 'cpu'): Promise<AttackBench> {
  await onBackend(backend);
  const weights = await testWeights();
  const rgba = await readImageFile(ASTRONAUT);
  const image = rgbaToTensor(rgba);
  const steps = backend === 'cpu' ? 10 : 50;
  const params = { ...SEED_PAPER_PARAMS, steps };

  const clean = await detectFaces(weights, image);
  const a = await DenseAttack.create(weights, image, clean, params, DEFAULT_DETECT_OPTIONS);
  const windows = a.targets.map((t): [number, number] => [2 * (t.rows - 1) + 12, 2 * (t.cols - 1) + 12]);
  const fullLevels = a.targets.map((t): [number, number] => [t.level.height, t.level.width]);
  const bareWindows = await bareForwardBackward(windows);
  const bareFull = await bareForwardBackward(fullLevels);
  await bareWindows();
  await bareFull();
  const stepTimes: number[] = [];
  const windowTimes: number[] = [];
  const fullTimes: number[] = [];
  let firstStepMs = 0;
  for await (const s of a.steps()) {
    if (s.step === 0) firstStepMs = s.ms;
    if (s.step === 0 || s.step === steps) continue;
    stepTimes.push(s.ms);
    windowTimes.push(await bareWindows());
    if (s.step <= 10) fullTimes.push(await bareFull());
  }
  a.dispose();
  const msPerStepMedian = median(stepTimes);
  const bareWindowsMs = median(windowTimes);
  const bareFullLevelsMs = median(fullTimes);

  const t0 = performance.now();
  const detection = await detectFaces(weights, image);
  const run = await runAttack(weights, image, rgba, detection, params, DEFAULT_DETECT_OPTIONS);
  const wholeAttackMs = performance.now() - t0;
  image.dispose();
  return {
    backend,
    msPerStepMedian,
    firstStepMs,
    bareFullLevelsMs,
    bareWindowsMs,
    stepOverBareFullLevels: msPerStepMedian / bareFullLevelsMs,
    stepOverBareWindows: msPerStepMedian / bareWindowsMs,
    stepOverBareWindowsP25: quantile(stepTimes, 0.25) / quantile(windowTimes, 0.25),
    wholeAttackMs,
    evaded: run.verdict.faces[0]!.evaded,
  };
}
