import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../random';
import type { DenseAttack } from './dense';
import type { PnetMargin } from './pnetCanvas';

/*
 * AutoAdversary (seed 001): prune a dense perturbation δ into a sparse one δ ⊙ m. Mask logits z,
 * one per δ location (shared over channels), come from a small trainable encoder (or are free
 * parameters); m = sigmoid(a·z) with a raised geometrically so m becomes binary; the loss is the
 * attack loss at δ ⊙ m plus λ·mean(m); Adam trains the encoder. The binary mask is m ≥ 0.5.
 * x + δ ⊙ m stays in [0, 1] and |δ ⊙ m| ≤ |δ| ≤ ε because m ∈ [0, 1] and x + δ ∈ [0, 1].
 * With `refine`, δ itself also takes a signed step of the dense attack's α per iteration, projected
 * back onto the dense attack's bound (the seed's joint variant). λ can be changed between
 * iterations (the run core's automatic λ does; see run/orchestrate.ts).
 *
 * The attack loss the mask trains on (conv encoder) is the dense attack's own, except for P-Net's
 * face/no-face head, which stops pulling once a cell is below the detector's stage-1 threshold (see
 * MaskObjective): the mask only has to stop the cascade, not to drive every cell to p = 0.
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
  /** Raise λ while the judged binary mask evades, lower it when it stops (run/orchestrate.ts). */
  autoLambda: boolean;
  /** Judge the binary mask on the 8-bit image every this many iterations (and on the last). */
  judgeEvery: number;
  /** Also update δ while the mask trains. */
  refine: boolean;
  /**
   * After training, judgements spent on keeping fewer of the best mask's locations (those with the
   * highest logits), by bisection on their number; 0: none.
   */
  trim: number;
}

export const DEFAULT_SPARSE_PARAMS: SparseParams = {
  lambda: 2.5,
  iterations: 60,
  a0: 1,
  growth: 1.06,
  lr: 0.05,
  encoder: 'conv',
  seed: 0,
  autoLambda: true,
  judgeEvery: 5,
  refine: false,
  trim: 3,
};

export interface SparseStep {
  iteration: number;
  loss: number;
  attackLoss: number;
  sparsity: number;
  /** Locations where the hard mask (m ≥ 0.5) is on. */
  maskPixels: number;
  meanMask: number;
  a: number;
  /** λ used in this iteration. */
  lambda: number;
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
 * A stride-1 'same' convolution with a trainable kernel on every backend. tfjs-wasm has no
 * Conv2DBackpropFilter, so there the kernel's gradient is itself computed as a convolution
 * (dk[i,j,ci,co] = Σ_p x_pad[p + (i,j), ci]·dy[p, co]: a valid convolution of the padded input, one
 * batch entry per input channel, with dy as the filter) and the input's gradient as a convolution
 * of dy with the flipped kernel. This replaced a sum of shifted matrix products (3–4× slower on
 * WASM). Backends with Conv2DBackpropFilter use tf.conv2d's own gradient.
 */
const convWithKernelGrad = (withInputGrad: boolean) =>
  tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, k, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([x, k]);
    return {
      value: tf.conv2d(x, k, 1, 'same'),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, ks] = saved as [tf.Tensor4D, tf.Tensor4D];
        const d = dy as tf.Tensor4D;
        const [kh, kw] = ks.shape;
        const py = (kh - 1) / 2;
        const px = (kw - 1) / 2;
        const dx = withInputGrad ? tf.conv2d(d, tf.transpose(tf.reverse(ks, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D, 1, 'same') : tf.zerosLike(xs);
        const xp = tf.transpose(tf.pad(xs, [[0, 0], [py, py], [px, px], [0, 0]]), [3, 1, 2, 0]) as tf.Tensor4D;
        const filter = tf.transpose(d, [1, 2, 0, 3]) as tf.Tensor4D;
        const dk = tf.transpose(tf.conv2d(xp, filter, 1, 'valid'), [1, 2, 0, 3]);
        return [dx, dk];
      },
    };
  });
const convInner = convWithKernelGrad(true);
const convFirst = convWithKernelGrad(false);

/** Whether the active backend has a kernel-gradient convolution (CPU, WebGL, WebGPU do; WASM does not). */
function hasConvFilterGrad(): boolean {
  return tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) !== undefined;
}

/** tf.conv2d 'same' whose kernel trains on every backend; `first`: the input needs no gradient. */
export function trainableConv(x: tf.Tensor4D, k: tf.Tensor4D, first = false): tf.Tensor4D {
  if (k.shape[0] % 2 === 0 || k.shape[1] % 2 === 0) throw new Error('trainableConv needs odd kernel sizes');
  if (hasConvFilterGrad()) return tf.conv2d(x, k, 1, 'same');
  return (first ? convFirst : convInner)(x, k) as tf.Tensor4D;
}

/**
 * What the mask trains against. 'threshold': the dense attack's loss, except that each attacked
 * P-Net cell's −log(1 − p) = softplus(d) (d = z1 − z0) becomes a smooth hinge at the detector's
 * stage-1 threshold t, softplus(s·(d − logit t)) / s with s = THRESHOLD_SHARPNESS. 'attack': the dense
 * attack's loss as it is (the objective of every mask before; the benchmark compares the two).
 *
 * Why the hinge: the verdict is the cascade's, and a P-Net cell proposes the face only when p ≥ t.
 * The dense loss's gradient on a cell is p, so cells already well below t (most of them, on a face
 * the dense attack evades) kept pulling alongside the few near t, and the mask spent locations
 * holding them down. On group face 1 with the seed preset the evading mask kept 10.9% of the dense
 * L0; masks cut from it (5% and 15% fewer locations) no longer evaded, each found again through one
 * to three P-Net cells at p 0.65–0.74 on the attacked levels (R-Net and O-Net passed them). With
 * the hinge the gradient goes to the cells at or above t (½ at t, e^−s smaller per unit of d below
 * it) and that mask keeps 8.8%; the bundled faces' median went from 3.8% to 3.5%, at the same cost
 * per iteration (bench/results/sparse.json, the 'before' columns).
 * Heads other than P-Net's classification keep their losses.
 *
 * Which encoder gets which (defaultObjective): the conv encoder (and the random ablation, which
 * learns with it) the hinge. Free logits keep the dense loss: they all start equal and can only be
 * told apart by each cell's gradient; under the hinge the cells far below t give none, so the λ term
 * pulls every logit down together and the mask collapses all at once (measured: the astronaut with
 * the demo preset went from 3.7% to no evading mask but the dense δ).
 */
export type MaskObjective = 'threshold' | 'attack';
/** s of the hinge (pnetCanvas.ts PnetMargin); 2, 4 and 8 gave about the same kept shares on the bundled faces. */
export const THRESHOLD_SHARPNESS = 4;

/** The objective an encoder trains with unless told otherwise (see MaskObjective). */
export function defaultObjective(encoder: EncoderKind): MaskObjective {
  return encoder === 'free' ? 'attack' : 'threshold';
}

/** The hinge at the stage-1 threshold for `objective` 'threshold' (undefined for 'attack'). */
export function maskMargin(dense: DenseAttack, objective: MaskObjective): PnetMargin | undefined {
  const t = dense.options.thresholds[0];
  if (objective === 'attack' || !(t > 0 && t < 1)) return undefined;
  return { logit: Math.log(t / (1 - t)), sharpness: THRESHOLD_SHARPNESS };
}

const START_LOGIT = 2; // sigmoid(2) ≈ 0.88: start close to the dense perturbation, then prune.
/** The conv encoder's threshold moves this many times faster than its other weights (see convEncoder). */
const THRESHOLD_RATE = 4;
/** …and its per-location offsets this many times faster. */
const OFFSET_RATE = 4;
/** The network runs at 1 / TRUNK_POOL of δ's resolution. */
const TRUNK_POOL = 4;

/**
 * A small U-Net-like encoder of (δ / ε, x − 0.5) at a quarter of δ's resolution (TRUNK_POOL),
 * enlarged to δ's grid. Its output is standardised over the locations (zero mean, unit spread),
 * then a free per-location offset and a trainable threshold b are added:
 * z = (r − mean r) / std r + OFFSET_RATE·o + THRESHOLD_RATE·b.
 * Without the standardisation Adam's steps on the weights multiply through the layers: the logits
 * swung to ±20 within a few iterations, where sigmoid(a·z) has no gradient left and the mask froze
 * (all on, or all off). Now the network ranks the locations, the offsets refine the ranking per
 * location (Adam moves each by ~OFFSET_RATE·lr per iteration, like free logits), and b sets how
 * many are kept. Measured on the bundled faces, the offsets at rate 4 (rather than 1, where the
 * smooth network alone ranked) took the kept share from 6–34% to 3.5–11%; the quarter-resolution
 * network (rather than half) kept those numbers and halved its cost.
 */
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
  const threshold = tf.tidy(() => tf.variable(tf.fill([1], START_LOGIT / THRESHOLD_RATE)));
  const input = tf.tidy(() => tf.avgPool(tf.expandDims(tf.concat([tf.div(delta, eps), tf.sub(pixels, 0.5)], 2), 0) as tf.Tensor4D, TRUNK_POOL, TRUNK_POOL, 'same'));
  const [, hh, hw] = input.shape;
  const offset = tf.tidy(() => tf.variable(tf.zeros([h, w])));
  return {
    variables: [k1, k2, k3, k4, k5, threshold, offset],
    logits: () =>
      tf.tidy(() => {
        const c = (x: tf.Tensor4D, k: tf.Variable, first = false) => tf.relu(trainableConv(x, k as tf.Tensor4D, first));
        const skip = c(c(input, k1, true), k2);
        const down = c(tf.avgPool(skip, 2, 2, 'same'), k3);
        const up = tf.image.resizeNearestNeighbor(down, [hh, hw]);
        const z = trainableConv(c(tf.concat([skip, up], 3), k4), k5 as tf.Tensor4D);
        const raw = tf.reshape(tf.image.resizeNearestNeighbor(z, [h, w]), [h, w]);
        const { mean, variance } = tf.moments(raw);
        const standard = tf.div(tf.sub(raw, mean), tf.sqrt(tf.add(variance, 1e-8)));
        return tf.add(tf.add(standard, tf.mul(offset, OFFSET_RATE)), tf.mul(threshold, THRESHOLD_RATE)) as tf.Tensor2D;
      }),
    dispose: () => tf.dispose([input, k1, k2, k3, k4, k5, threshold, offset]),
  };
}

function freeEncoder(h: number, w: number): Encoder {
  const z = tf.tidy(() => tf.variable(tf.fill([h, w], START_LOGIT)));
  return { variables: [z], logits: () => tf.clone(z) as tf.Tensor2D, dispose: () => z.dispose() };
}

/**
 * A binary mask with `count` locations on, chosen uniformly at random (seeded) among the locations
 * where `support` is non-zero (all locations without one).
 */
export function randomMask(h: number, w: number, count: number, seed: number, support?: ArrayLike<number>): Float32Array {
  const rand = seededRandom(seed);
  const order = Array.from({ length: h * w }, (_, i) => i).filter((i) => !support || support[i] !== 0);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const mask = new Float32Array(h * w);
  for (let i = 0; i < Math.min(count, mask.length); i++) mask[order[i]!] = 1;
  return mask;
}

/** What `restore` brings back: the encoder's weights, δ and the sharpness's iteration count at some iteration. */
export interface SparseState {
  variables: tf.Tensor[];
  delta: tf.Tensor3D;
  mask: Float32Array | null;
  /** Iterations of sharpening behind this state (a = a0·growth^sharpened). */
  sharpened: number;
}

/** Prunes the current δ of a finished dense attack. Dispose when done. */
export class SparseAttack {
  /** δ (a variable: `refine` updates it). */
  private readonly delta: tf.Variable<tf.Rank.R3>;
  private readonly encoder: Encoder;
  private optimizer: tf.Optimizer;
  private readonly pixels: tf.Tensor3D;
  private finalMask: Float32Array | null = null;
  /** Iterations of sharpening so far: a = a0·growth^sharpened (a restore sets it back). */
  private sharpened = 0;
  /** λ for the next iterations (starts at params.lambda; the automatic λ changes it). */
  lambda: number;
  /** The P-Net margin of the mask's objective (see MaskObjective). */
  private readonly margin: PnetMargin | undefined;

  constructor(
    private readonly dense: DenseAttack,
    readonly params: SparseParams,
    objective: MaskObjective = defaultObjective(params.encoder),
  ) {
    this.margin = maskMargin(dense, objective);
    const start = dense.currentDelta();
    this.delta = tf.variable(start, params.refine); // variableGrads skips non-trainable variables
    start.dispose();
    this.lambda = params.lambda;
    const [h, w] = this.shape;
    const { y0, x0 } = dense.region;
    this.pixels = dense.model.scaled
      ? (tf.tidy(() => tf.image.resizeBilinear(dense.image, [h, w])) as tf.Tensor3D)
      : tf.slice(dense.image, [y0, x0, 0], [h, w, 3]);
    this.encoder = params.encoder === 'conv' ? convEncoder(this.delta, this.pixels, dense.epsInside, params.seed) : freeEncoder(h, w);
    this.optimizer = tf.train.adam(params.lr);
  }

  get shape(): [number, number] {
    return [this.delta.shape[0], this.delta.shape[1]];
  }

  /** Iterations 1..N of mask training (the random encoder has none: use setMask). */
  async *steps(): AsyncGenerator<SparseStep, void, undefined> {
    const { iterations, a0, growth, refine } = this.params;
    for (let it = 1; it <= iterations; it++) {
      const t0 = performance.now();
      const a = a0 * Math.pow(growth, this.sharpened++);
      const lambda = this.lambda;
      let kept: tf.Tensor[] = [];
      const f = () => {
        const m = tf.sigmoid(tf.mul(this.encoder.logits(), a));
        const attack = this.dense.model.loss(tf.mul(this.delta, tf.expandDims(m, 2)) as tf.Tensor3D, this.margin);
        const sparsity = tf.mul(tf.mean(m), lambda);
        kept = [tf.keep(attack.total), tf.keep(sparsity), tf.keep(m)];
        return tf.add(attack.total, sparsity) as tf.Scalar;
      };
      let cost: tf.Scalar;
      if (refine) {
        const { value, grads } = tf.variableGrads(f, [...this.encoder.variables, this.delta]);
        const deltaGrad = grads[this.delta.name]!;
        delete grads[this.delta.name];
        this.optimizer.applyGradients(grads);
        const moved = tf.tidy(() => tf.sub(this.delta, tf.mul(tf.sign(deltaGrad), this.dense.params.alpha)) as tf.Tensor3D);
        const projected = this.dense.projectDelta(moved);
        this.delta.assign(projected);
        tf.dispose([projected, deltaGrad, ...Object.values(grads)]);
        cost = value;
      } else {
        cost = this.optimizer.minimize(f, true, this.encoder.variables)!;
      }
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
      yield { iteration: it, loss: loss[0]!, attackLoss: al[0]!, sparsity: sp[0]!, maskPixels: on, meanMask: sum / soft.length, a, lambda, ms: performance.now() - t0, mask: soft };
    }
  }

  /** A copy of the encoder's weights, δ, the binary mask and the sharpness as they are now (free it with `release`). */
  save(): SparseState {
    return { variables: this.encoder.variables.map((v) => tf.clone(v)), delta: tf.clone(this.delta), mask: this.finalMask, sharpened: this.sharpened };
  }

  /**
   * Brings back a saved state: the encoder's weights, δ, the mask and the sharpness a of that
   * iteration (at the sharpness reached later, sigmoid(a·z) would be saturated and its gradient
   * gone); Adam starts afresh.
   */
  restore(state: SparseState): void {
    this.encoder.variables.forEach((v, i) => v.assign(state.variables[i]!));
    this.delta.assign(state.delta);
    this.finalMask = state.mask;
    this.sharpened = state.sharpened;
    this.optimizer.dispose();
    this.optimizer = tf.train.adam(this.params.lr);
  }

  static release(state: SparseState | null): void {
    if (state) tf.dispose([...state.variables, state.delta]);
  }

  /** Replaces the mask (the random-mask ablation, or a mask kept from an earlier iteration). */
  setMask(mask: Float32Array): void {
    this.finalMask = mask;
  }

  /** The binary mask (1 = keep δ there), [h, w] over δ's domain. */
  hardMask(): Float32Array {
    if (!this.finalMask) throw new Error('the mask has not been trained yet');
    return this.finalMask;
  }

  /** The mask logits z as they are now ([h, w]; the binary mask is z ≥ 0). */
  async logits(): Promise<Float32Array> {
    const z = this.encoder.logits();
    const out = (await z.data()) as Float32Array;
    z.dispose();
    return out;
  }

  /** Locations where δ is non-zero in any channel: [h, w], 1 or 0. */
  async support(): Promise<Float32Array> {
    const any = tf.tidy(() => tf.cast(tf.greater(tf.max(tf.abs(this.delta), 2), 0), 'float32'));
    const out = (await any.data()) as Float32Array;
    any.dispose();
    return out;
  }

  /** The adversarial image with δ ⊙ m (binary; default the current mask) at full resolution, on [0, 1]. */
  adversarial(mask: Float32Array = this.hardMask()): tf.Tensor3D {
    const [h, w] = this.shape;
    return tf.tidy(() => {
      const sparse = tf.mul(this.delta, tf.tensor3d(mask, [h, w, 1])) as tf.Tensor3D;
      return tf.clipByValue(tf.add(this.dense.image, this.dense.model.fullResolution(sparse)), 0, 1) as tf.Tensor3D;
    });
  }

  dispose(): void {
    this.optimizer.dispose();
    this.encoder.dispose();
    tf.dispose([this.delta, this.pixels]);
  }
}
