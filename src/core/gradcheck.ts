import * as tf from '@tensorflow/tfjs';
import { seededRandom } from './random';
import { onet, pnet, rnet } from './mtcnn/nets';
import { cropMaps, netInput, pnetMapSize, pyramidMaps } from './mtcnn/stages';
import { resample } from './mtcnn/resample';
import type { MtcnnWeights } from './mtcnn/weights';

/** Reads a scalar asynchronously (on WebGPU in tfjs 4.22, dataSync() silently returns zeros). */
async function scalarOf(make: () => tf.Tensor): Promise<number> {
  const t = tf.tidy(make);
  const value = (await t.data())[0]!;
  t.dispose();
  return value;
}

/**
 * Central finite-difference check of tf.grad(f) along random directions. For each direction:
 * the analytic directional derivative and the difference quotients at each step. f: x → scalar.
 */
export async function directionalDerivatives(
  f: (x: tf.Tensor) => tf.Scalar,
  x: tf.Tensor,
  directions: number,
  steps: readonly number[],
  seed = 1,
  /**
   * 'random': uniform random directions. 'gradient': v = g / max|g| and v = sign(g), where the
   * directional derivative is as large as it gets, so float32 rounding of f matters least; a wrong
   * gradient g′ still shows, as the quotient measures g·v′ while the analytic value is g′·v′.
   */
  kind: 'random' | 'gradient' = 'random',
): Promise<{ analytic: number; numeric: number[] }[]> {
  const rand = seededRandom(seed);
  const grad = tf.grad(f)(x);
  const out: { analytic: number; numeric: number[] }[] = [];
  for (let d = 0; d < directions; d++) {
    const v =
      kind === 'random'
        ? tf.tensor(Array.from({ length: x.size }, () => rand() * 2 - 1), x.shape)
        : tf.tidy(() => (d % 2 === 0 ? tf.div(grad, tf.add(tf.max(tf.abs(grad)), 1e-30)) : tf.sign(grad)));
    const analytic = await scalarOf(() => tf.sum(tf.mul(grad, v)));
    const numeric: number[] = [];
    for (const h of steps) {
      const plus = await scalarOf(() => f(tf.add(x, tf.mul(v, h))));
      const minus = await scalarOf(() => f(tf.sub(x, tf.mul(v, h))));
      numeric.push((plus - minus) / (2 * h));
    }
    out.push({ analytic, numeric });
    v.dispose();
  }
  grad.dispose();
  return out;
}

/*
 * Gradient self-checks of the differentiable MTCNN (pyramid resize, padded crops, all 7 heads), on a
 * small non-square image. The nets are piecewise linear (PReLU, max-pool): steps much above 1e-4
 * cross kinks and the quotient drifts (measured: 5% off at 1e-3, 0.3% at 1e-4). Each direction is
 * checked at three small steps; inside a linear piece central differences are exact up to float32
 * rounding, so a correct gradient matches at one of them and a wrong one at none.
 */

export const GRADCHECK_STEPS = [2e-4, 1e-4, 5e-5] as const;
const H = 41;
const W = 29;

export interface GradCheckResult {
  name: string;
  /** Per direction: the smallest relative error over the steps. */
  relativeErrors: number[];
  /** Per direction: |analytic| (a vanishing gradient would pass trivially). */
  magnitudes: number[];
}

/** −log(1 − p_face) from two-class logits: softplus(z1 − z0). */
function towardNoFace(logits: tf.Tensor): tf.Tensor {
  const [z0, z1] = tf.split(logits, 2, -1);
  return tf.softplus(tf.sub(z1!, z0!));
}

function summarize(name: string, checks: { analytic: number; numeric: number[] }[]): GradCheckResult {
  return {
    name,
    relativeErrors: checks.map(({ analytic, numeric }) => Math.min(...numeric.map((n) => Math.abs(analytic - n) / (Math.abs(n) + 1e-3)))),
    magnitudes: checks.map((c) => Math.abs(c.analytic)),
  };
}

function randomImage(seed: number): tf.Tensor3D {
  const r = seededRandom(seed);
  return tf.tensor3d(Array.from({ length: H * W * 3 }, r), [H, W, 3]);
}

/** Runs the three gradient checks (P-Net through the pyramid, R-Net and O-Net through crops). */
export async function mtcnnGradientChecks(weights: MtcnnWeights, directions = 3): Promise<GradCheckResult[]> {
  const results: GradCheckResult[] = [];
  const steps = [...GRADCHECK_STEPS];

  {
    const x = randomImage(1);
    const level = { index: 0, scale: 0.7, width: Math.ceil(W * 0.7), height: Math.ceil(H * 0.7) };
    const maps = pyramidMaps(level, W, H, 'facenet');
    // Random signs per cell keep |f| small (float32 rounding of f over 2h would swamp the quotient).
    const r = seededRandom(9);
    const [mh, mw] = [pnetMapSize(level.height), pnetMapSize(level.width)];
    const signs = tf.tensor(Array.from({ length: mh * mw }, () => (r() < 0.5 ? -1 : 1)), [1, mh, mw, 1]);
    const f = (t: tf.Tensor) =>
      tf.tidy(() => {
        const out = pnet(weights, netInput(tf.expandDims(resample(t as tf.Tensor3D, maps), 0) as tf.Tensor4D, 'rgb'));
        return tf.add(tf.sum(tf.mul(towardNoFace(out.logits), signs)), tf.sum(tf.mul(out.box, signs))) as tf.Scalar;
      });
    results.push(summarize('P-Net cls+box through the pyramid resize', await directionalDerivatives(f, x, directions, steps)));
    tf.dispose([x, signs]);
  }
  {
    const x = randomImage(2);
    const maps = cropMaps({ x1: -4, y1: 10, x2: 20, y2: 34, score: 1 }, W, H, 24, 'facenet');
    const f = (t: tf.Tensor) =>
      tf.tidy(() => {
        const out = rnet(weights, netInput(tf.expandDims(resample(t as tf.Tensor3D, maps), 0) as tf.Tensor4D, 'rgb'));
        return tf.add(tf.sum(towardNoFace(out.logits)), tf.sum(out.box)) as tf.Scalar;
      });
    results.push(summarize('R-Net cls+box through a crop reaching outside the image', await directionalDerivatives(f, x, directions, steps)));
    x.dispose();
  }
  {
    const x = randomImage(3);
    const maps = cropMaps({ x1: 5, y1: 8, x2: 30, y2: 33, score: 1 }, W, H, 48, 'facenet');
    const f = (t: tf.Tensor) =>
      tf.tidy(() => {
        const out = onet(weights, netInput(tf.expandDims(resample(t as tf.Tensor3D, maps), 0) as tf.Tensor4D, 'rgb'));
        return tf.addN([tf.sum(towardNoFace(out.logits)), tf.sum(out.box), tf.sum(out.landmarks)]) as tf.Scalar;
      });
    results.push(summarize('O-Net cls+box+landmarks through an enlarging crop', await directionalDerivatives(f, x, directions, steps)));
    x.dispose();
  }
  return results;
}
