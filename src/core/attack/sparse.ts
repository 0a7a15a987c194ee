import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../random';
import type { DenseAttack } from './dense';

/*
 * AutoAdversary (seed 001): prune a dense perturbation δ into a sparse one δ ⊙ m. Mask logits z,
 * one per δ location (shared over channels), come from a small trainable encoder (or are free
 * parameters); m = sigmoid(a·z) with a raised geometrically so m becomes binary; the loss is the
 * attack loss at δ ⊙ m plus λ·mean(m); Adam trains the encoder. At the end m is thresholded at 0.5.
 * x + δ ⊙ m stays in [0, 1] and |δ ⊙ m| ≤ |δ| ≤ ε because m ∈ [0, 1] and x + δ ∈ [0, 1].
 */

/** conv: a small U-Net-like encoder of (δ, x); free: one trainable logit per location; random: ablation. */
export type EncoderKind = 'conv' | 'free' | 'random';

export interface SparseParams {
  /** Weight of mean(m) in the loss. */
  lambda: number;
  iterations: number;
  /** Sharpness of sigmoid(a·z) at the start, and its growth factor per iteration. */
  a0: number;
  growth: number;
  /** Adam learning rate. */
  lr: number;
  encoder: EncoderKind;
  seed: number;
}

export const DEFAULT_SPARSE_PARAMS: SparseParams = { lambda: 2.5, iterations: 60, a0: 1, growth: 1.06, lr: 0.05, encoder: 'conv', seed: 0 };

export interface SparseStep {
  iteration: number;
  loss: number;
  attackLoss: number;
  sparsity: number;
  /** Locations where the hard mask (m ≥ 0.5) is on. */
  maskPixels: number;
  meanMask: number;
  a: number;
  ms: number;
  /** The soft mask, [h, w] row-major over δ's domain. */
  mask: Float32Array;
}

/** The logits' producer: trainable variables and a function of them. */
interface Encoder {
  variables: tf.Variable[];
  logits(): tf.Tensor2D;
  dispose(): void;
}

/**
 * A stride-1 'same' convolution as a sum of shifted matrix products. tfjs-wasm has no
 * Conv2DBackpropFilter, so a trainable tf.conv2d cannot learn there; slices and matMul have
 * gradients on every backend.
 */
function trainableConv(x: tf.Tensor4D, k: tf.Tensor4D): tf.Tensor4D {
  const [, h, w, cin] = x.shape;
  const [kh, kw, , cout] = k.shape;
  const py = (kh - 1) / 2;
  const px = (kw - 1) / 2;
  const padded = tf.pad(x, [[0, 0], [py, py], [px, px], [0, 0]]);
  const terms: tf.Tensor[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const patch = tf.reshape(tf.slice(padded, [0, i, j, 0], [1, h, w, cin]), [h * w, cin]);
      terms.push(tf.matMul(patch, tf.reshape(tf.slice(k, [i, j, 0, 0], [1, 1, cin, cout]), [cin, cout])));
    }
  }
  return tf.reshape(terms.length === 1 ? terms[0]! : tf.addN(terms), [1, h, w, cout]) as tf.Tensor4D;
}

const START_LOGIT = 2; // sigmoid(2) ≈ 0.88: start close to the dense perturbation, then prune.

function convEncoder(delta: tf.Tensor3D, pixels: tf.Tensor3D, eps: number, seed: number): Encoder {
  const [h, w] = delta.shape;
  const rand = seededRandom(seed);
  const he = (shape: number[]) => {
    const fanIn = shape[0]! * shape[1]! * shape[2]!;
    const values = Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => (rand() * 2 - 1) * Math.sqrt(6 / fanIn));
    return tf.tidy(() => tf.variable(tf.tensor(values, shape)));
  };
  const C = 8;
  const k1 = he([3, 3, 6, C]);
  const k2 = he([3, 3, C, C]);
  const k3 = he([3, 3, C, C]);
  const k4 = he([3, 3, 2 * C, C]);
  const k5 = he([1, 1, C, 1]);
  const b5 = tf.tidy(() => tf.variable(tf.fill([1], START_LOGIT)));
  // The encoder works at half resolution (memory and time on WASM) and its logits are enlarged;
  // a free per-location offset restores full-resolution detail.
  const input = tf.tidy(() => tf.avgPool(tf.expandDims(tf.concat([tf.div(delta, eps), tf.sub(pixels, 0.5)], 2), 0) as tf.Tensor4D, 2, 2, 'same'));
  const [, hh, hw] = input.shape;
  const offset = tf.tidy(() => tf.variable(tf.zeros([h, w])));
  return {
    variables: [k1, k2, k3, k4, k5, b5, offset],
    logits: () =>
      tf.tidy(() => {
        const c = (x: tf.Tensor4D, k: tf.Variable) => tf.relu(trainableConv(x, k as tf.Tensor4D));
        const skip = c(c(input, k1), k2);
        const down = c(tf.avgPool(skip, 2, 2, 'same'), k3);
        const up = tf.image.resizeNearestNeighbor(down, [hh, hw]);
        const z = tf.add(trainableConv(c(tf.concat([skip, up], 3), k4), k5 as tf.Tensor4D), b5);
        return tf.add(tf.reshape(tf.image.resizeNearestNeighbor(z as tf.Tensor4D, [h, w]), [h, w]), offset) as tf.Tensor2D;
      }),
    dispose: () => tf.dispose([input, k1, k2, k3, k4, k5, b5, offset]),
  };
}

function freeEncoder(h: number, w: number): Encoder {
  const z = tf.tidy(() => tf.variable(tf.fill([h, w], START_LOGIT)));
  return { variables: [z], logits: () => tf.clone(z) as tf.Tensor2D, dispose: () => z.dispose() };
}

/** A binary mask with `count` locations on, chosen uniformly at random (seeded). */
export function randomMask(h: number, w: number, count: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  const order = Array.from({ length: h * w }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const mask = new Float32Array(h * w);
  for (let i = 0; i < Math.min(count, mask.length); i++) mask[order[i]!] = 1;
  return mask;
}

/** Prunes the current δ of a finished dense attack. Dispose when done. */
export class SparseAttack {
  private readonly delta: tf.Tensor3D;
  private readonly encoder: Encoder;
  private readonly optimizer: tf.Optimizer;
  private readonly pixels: tf.Tensor3D;
  private finalMask: Float32Array | null = null;

  constructor(
    private readonly dense: DenseAttack,
    readonly params: SparseParams,
  ) {
    this.delta = dense.currentDelta();
    const [h, w] = this.delta.shape;
    const { y0, x0 } = dense.region;
    this.pixels = dense.model.scaled
      ? (tf.tidy(() => tf.image.resizeBilinear(dense.image, [h, w])) as tf.Tensor3D)
      : tf.slice(dense.image, [y0, x0, 0], [h, w, 3]);
    this.encoder = params.encoder === 'conv' ? convEncoder(this.delta, this.pixels, dense.params.eps, params.seed) : freeEncoder(h, w);
    this.optimizer = tf.train.adam(params.lr);
  }

  get shape(): [number, number] {
    return [this.delta.shape[0], this.delta.shape[1]];
  }

  /** Iterations 1..N of mask training (the random encoder has none: use setMask). */
  async *steps(): AsyncGenerator<SparseStep, void, undefined> {
    const { lambda, iterations, a0, growth } = this.params;
    for (let it = 1; it <= iterations; it++) {
      const t0 = performance.now();
      const a = a0 * Math.pow(growth, it - 1);
      let kept: tf.Tensor[] = [];
      const cost = this.optimizer.minimize(
        () => {
          const m = tf.sigmoid(tf.mul(this.encoder.logits(), a));
          const attack = this.dense.model.loss(tf.mul(this.delta, tf.expandDims(m, 2)) as tf.Tensor3D);
          const sparsity = tf.mul(tf.mean(m), lambda);
          kept = [tf.keep(attack.total), tf.keep(sparsity), tf.keep(m)];
          return tf.add(attack.total, sparsity) as tf.Scalar;
        },
        true,
        this.encoder.variables,
      )!;
      const [attackLoss, sparsity, mask] = kept as [tf.Scalar, tf.Scalar, tf.Tensor2D];
      const [loss, al, sp, m] = await Promise.all([cost.data(), attackLoss.data(), sparsity.data(), mask.data()]);
      tf.dispose([cost, ...kept]);
      const soft = m as Float32Array;
      let on = 0;
      let sum = 0;
      for (const v of soft) {
        sum += v;
        if (v >= 0.5) on++;
      }
      this.finalMask = Float32Array.from(soft, (v) => (v >= 0.5 ? 1 : 0));
      yield { iteration: it, loss: loss[0]!, attackLoss: al[0]!, sparsity: sp[0]!, maskPixels: on, meanMask: sum / soft.length, a, ms: performance.now() - t0, mask: soft };
    }
  }

  /** Replaces the mask (the random-mask ablation). */
  setMask(mask: Float32Array): void {
    this.finalMask = mask;
  }

  /** The binary mask (1 = keep δ there), [h, w] over δ's domain. */
  hardMask(): Float32Array {
    if (!this.finalMask) throw new Error('the mask has not been trained yet');
    return this.finalMask;
  }

  /** The adversarial image with δ ⊙ m (binary) at full resolution, on [0, 1]. */
  adversarial(): tf.Tensor3D {
    const [h, w] = this.shape;
    return tf.tidy(() => {
      const sparse = tf.mul(this.delta, tf.tensor3d(this.hardMask(), [h, w, 1])) as tf.Tensor3D;
      return tf.clipByValue(tf.add(this.dense.image, this.dense.model.fullResolution(sparse)), 0, 1) as tf.Tensor3D;
    });
  }

  dispose(): void {
    this.optimizer.dispose();
    this.encoder.dispose();
    tf.dispose([this.delta, this.pixels]);
  }
}
