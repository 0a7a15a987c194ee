import * as tf from '@tensorflow/tfjs';
import { directionalDerivatives, GRADCHECK_STEPS } from '../gradcheck';
import type { AttackModel } from './model';

/*
 * The attack loss's gradient against central finite differences, in random directions around δ
 * (see gradcheck.ts for the steps). The loss is scaled to order 1 first, so that float32 rounding of
 * its value does not swamp the quotient. Used by the WASM/CPU and WebGPU gradient tests.
 */

export interface LossGradientCheck {
  /** Per direction: the smallest relative error over the steps. */
  error: number;
  /** Per direction: the analytic directional derivative (a vanishing one would pass trivially). */
  analytic: number;
}

export async function lossGradientCheck(m: AttackModel, delta: tf.Tensor3D, directions = 2, seed = 3): Promise<LossGradientCheck[]> {
  // Read asynchronously: dataSync() gives zeros on WebGPU.
  const total = tf.tidy(() => m.loss(delta).total);
  const f0 = (await total.data())[0]!;
  total.dispose();
  const scale = 1 / Math.max(Math.abs(f0), 1e-3);
  const f = (d: tf.Tensor) => tf.tidy(() => tf.mul(m.loss(d as tf.Tensor3D).total, scale) as tf.Scalar);
  const results = await directionalDerivatives(f, delta, directions, [...GRADCHECK_STEPS, 2.5e-5], seed, 'gradient');
  return results.map(({ analytic, numeric }) => ({ analytic, error: Math.min(...numeric.map((n) => Math.abs(analytic - n) / (Math.abs(n) + 1e-3))) }));
}
