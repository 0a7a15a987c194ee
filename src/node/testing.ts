import * as tf from '@tensorflow/tfjs';
import { activateNodeBackend } from './backend';
import { loadWeightsFromDir } from './models';
import { readImageFile } from './imageFile';
import { rgbaToTensor } from '../core/image';
import type { MtcnnWeights } from '../core/mtcnn/weights';
import type { BackendName } from '../core/backend';
import { fileURLToPath } from 'node:url';

/** Test fixtures shared by the unit tests (Node only). */

export const SAMPLES_DIR = fileURLToPath(new URL('../../public/samples/', import.meta.url));
export const ASTRONAUT = SAMPLES_DIR + 'astronaut.png';
export const GROUP = SAMPLES_DIR + 'group.jpg';

let weights: MtcnnWeights | null = null;

export async function testWeights(): Promise<MtcnnWeights> {
  weights ??= await loadWeightsFromDir();
  return weights;
}

export async function onBackend(name: BackendName): Promise<void> {
  await activateNodeBackend(name);
  if (tf.getBackend() !== name) throw new Error(`backend ${name} did not activate`);
}

export async function loadSample(file: string): Promise<tf.Tensor3D> {
  return rgbaToTensor(await readImageFile(file));
}

/** A deterministic pseudo-random stream (mulberry32) for test inputs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Central finite-difference check of tf.grad(f) along random directions. For each direction it
 * returns the analytic directional derivative and the difference quotients at each step in `steps`.
 * f must map x to a scalar.
 */
export function directionalDerivatives(
  f: (x: tf.Tensor) => tf.Scalar,
  x: tf.Tensor,
  directions: number,
  steps: readonly number[],
  seed = 1,
): { analytic: number; numeric: number[] }[] {
  const rand = seededRandom(seed);
  const grad = tf.grad(f)(x);
  const out: { analytic: number; numeric: number[] }[] = [];
  for (let d = 0; d < directions; d++) {
    const v = tf.tensor(Array.from({ length: x.size }, () => rand() * 2 - 1), x.shape);
    const analytic = tf.tidy(() => tf.sum(tf.mul(grad, v)).dataSync()[0]!);
    const numeric = steps.map((h) =>
      tf.tidy(() => (f(tf.add(x, tf.mul(v, h))).dataSync()[0]! - f(tf.sub(x, tf.mul(v, h))).dataSync()[0]!) / (2 * h)),
    );
    out.push({ analytic, numeric });
    v.dispose();
  }
  grad.dispose();
  return out;
}
