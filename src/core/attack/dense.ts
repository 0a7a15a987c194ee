import * as tf from '@tensorflow/tfjs';
import type { Detection, Rect } from '../mtcnn/detect';
import { pyramidLevels, type PyramidLevel } from '../mtcnn/pyramid';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import { seededRandom } from '../random';
import { AttackModel } from './model';
import type { AttackParams } from './params';
import { validateAttackParams } from '../params/schema';
import { selectScalesNearFaces } from './scales';
import { patchCoverage, resolvePatch, type PatchShape } from './patch';

/** One step of an attack as every consumer sees it (app, CLI, tests, benchmarks). */
export interface AttackStep {
  /** 0 is the starting point (clean, or PGD's random start); k is after k updates. */
  step: number;
  loss: number;
  parts: Record<string, number>;
  /** Per targeted level: P-Net cells at or above the stage-1 threshold on the attacked face(s). */
  candidates: { level: number; scale: number; count: number; boxes: Rect[] }[];
  /** Per targeted level: P-Net face probability on its window (see TargetLevel), row-major. */
  probs: Float32Array[];
  /** Wall time of this step (gradient, update and read-back). */
  ms: number;
}

export class AttackSetupError extends Error {
  override name = 'AttackSetupError';
}

/** Which faces and levels an attack targets, resolved against the clean detection. */
export interface AttackPlan {
  faces: number[];
  levels: PyramidLevel[];
  /** The patch's shapes in image pixels (presets placed on the attacked faces); [] for no patch. */
  patch: PatchShape[];
}

/** A patch attack's confinement of δ, over δ's own domain (the region, or the low-resolution grid). */
export interface PatchConfinement {
  shapes: PatchShape[];
  /** 1 where δ may be non-zero, 0 elsewhere, [h, w] row-major over δ's domain. */
  mask: Float32Array;
  /** Locations of δ's domain inside the patch. */
  locations: number;
  /** The L∞ bound inside the patch. */
  eps: number;
}

export function planAttack(clean: Detection, params: AttackParams, options: DetectOptions): AttackPlan {
  const invalid = validateAttackParams(params);
  if (invalid) throw new AttackSetupError(invalid);
  if (clean.faces.length === 0) throw new AttackSetupError('no face was detected in the image, so there is nothing to attack');
  if (params.face !== 'all' && params.face >= clean.faces.length) {
    throw new AttackSetupError(`face ${params.face} does not exist: ${clean.faces.length} face(s) were detected (0–${clean.faces.length - 1})`);
  }
  const faces = params.face === 'all' ? clean.faces.map((_, i) => i) : [params.face];
  const pyramid = pyramidLevels(clean.width, clean.height, options.minFaceSize, options.scaleFactor, params.conventions);
  let indices: number[];
  if (params.scales === 'all') indices = pyramid.map((l) => l.index);
  else if (params.scales === 'auto') indices = selectScalesNearFaces(pyramid, faces.map((i) => clean.faces[i]!.box));
  else {
    const bad = params.scales.find((s) => s >= pyramid.length);
    if (bad !== undefined) throw new AttackSetupError(`scale index ${bad} is out of range: the pyramid has levels 0–${pyramid.length - 1}`);
    indices = [...new Set(params.scales)].sort((a, b) => a - b);
  }
  return { faces, levels: indices.map((i) => pyramid[i]!), patch: resolvePatch(params.patch, clean, faces) };
}

/**
 * A dense attack (FGSM, I-FGSM, PGD, MI-FGSM) on a chosen set of heads, levels and faces. δ lives
 * on the region of the image the loss reads (see model.ts); PGD's random start fills that region.
 * `steps()` is the one iterator of steps; stopping the iteration early cancels the attack, and
 * `dispose()` frees everything. ‖δ‖∞ ≤ ε holds after every step, and for the full-resolution
 * domain x + δ ∈ [0, 1] as well (for the scaled domains the final image is clipped).
 *
 * With a patch (params.patch), the bound is per location: patchEps (or ε) on the locations of δ's
 * domain whose footprint in the image lies wholly inside the patch, 0 elsewhere. The projection
 * clips to it after every step and the random start is drawn inside it, so δ — and, after upsampling
 * for the scaled domains, the image change — is exactly 0 outside the patch.
 */
export class DenseAttack {
  readonly plan: AttackPlan;
  /** The forward model (shared with the sparse attack that prunes this one's δ). */
  readonly model: AttackModel;
  private delta: tf.Tensor3D;
  private momentum: tf.Tensor3D | null = null;
  readonly image: tf.Tensor3D;
  /** The image pixels under δ's region (full domain), for the [0, 1] projection. */
  private readonly regionPixels: tf.Tensor3D;
  /** Patch attacks: where δ may be non-zero and its bound there (null: no patch); read in create(). */
  private confinement: PatchConfinement | null = null;
  /** Patch attacks: the per-location bound [h, w, 1] and the 0/1 mask [h, w, 1]. */
  private readonly bound: { eps: tf.Tensor3D; mask: tf.Tensor3D } | null;

  private constructor(
    readonly weights: MtcnnWeights,
    image: tf.Tensor3D,
    pixels: Float32Array,
    clean: Detection,
    readonly params: AttackParams,
    readonly options: DetectOptions,
  ) {
    this.plan = planAttack(clean, params, options);
    this.image = image;
    const faces = this.plan.faces.map((i) => clean.faces[i]!.box);
    this.model = new AttackModel(weights, image, pixels, this.plan.levels, faces, params.heads, params, options);
    const { y0, y1, x0, x1 } = this.model.region;
    this.regionPixels = tf.slice(image, [y0, x0, 0], [y1 - y0, x1 - x0, 3]);
    this.bound = this.plan.patch.length ? this.confine(this.plan.patch, clean) : null;
    this.delta = this.startingPoint();
  }

  /**
   * The locations of δ's domain the patch may change: those whose image footprint (under
   * fullResolution: the region for the full domain, the upsampling's taps for the scaled ones)
   * touches the patch and nothing outside it; as a 0/1 mask and the bound there.
   */
  private confine(shapes: PatchShape[], clean: Detection): { eps: tf.Tensor3D; mask: tf.Tensor3D } {
    const coverage = patchCoverage(shapes, clean.width, clean.height);
    return tf.tidy(() => {
      const inside = tf.tensor3d(Float32Array.from(coverage), [clean.height, clean.width, 1]);
      const outside = tf.sub(1, inside);
      const reach = (where: tf.Tensor) => tf.grad((d: tf.Tensor) => tf.sum(tf.mul(this.model.fullResolution(d as tf.Tensor3D), where)))(tf.zeros(this.model.deltaShape));
      const within = tf.logicalAnd(tf.greater(tf.max(reach(inside), 2, true), 0), tf.lessEqual(tf.max(reach(outside), 2, true), 0));
      const mask = tf.cast(within, 'float32') as tf.Tensor3D;
      return { mask, eps: tf.mul(mask, this.epsInside) as tf.Tensor3D };
    });
  }

  /** Reads the patch's mask (asynchronously: WebGPU's dataSync returns zeros) and refuses an empty one. */
  private async readPatch(): Promise<void> {
    if (!this.bound) return;
    const mask = (await this.bound.mask.data()) as Float32Array;
    const locations = mask.reduce((a, b) => a + b, 0);
    if (locations === 0) {
      throw new AttackSetupError(
        this.model.scaled
          ? 'the patch covers none of the low-resolution perturbation cells the attack can change (make it larger, or use the full-resolution domain)'
          : 'the patch lies outside the part of the image the attack can change (the attacked face and the pyramid windows around it)',
      );
    }
    this.confinement = { shapes: this.plan.patch, mask, locations, eps: this.epsInside };
  }

  /** Patch attacks: where δ may be non-zero and its bound there (null: no patch). */
  get patch(): PatchConfinement | null {
    return this.confinement;
  }

  /** The L∞ bound where δ may be non-zero: patchEps inside a patch (when set), else ε. */
  get epsInside(): number {
    return this.plan.patch.length && this.params.patchEps > 0 ? this.params.patchEps : this.params.eps;
  }

  static async create(
    weights: MtcnnWeights,
    image: tf.Tensor3D,
    clean: Detection,
    params: AttackParams,
    options: DetectOptions,
  ): Promise<DenseAttack> {
    const pixels = (await image.data()) as Float32Array;
    const attack = new DenseAttack(weights, image, pixels, clean, params, { ...options, conventions: params.conventions });
    try {
      await attack.readPatch();
    } catch (err) {
      attack.dispose();
      throw err;
    }
    return attack;
  }

  get targets() {
    return this.model.targets;
  }

  /** The image region δ can change. */
  get region() {
    return this.model.region;
  }

  private startingPoint(): tf.Tensor3D {
    const shape = this.model.deltaShape;
    if (this.params.method !== 'pgd') return tf.zeros(shape) as tf.Tensor3D;
    const rand = seededRandom(this.params.seed);
    const eps = this.epsInside;
    const values = Float32Array.from({ length: shape[0] * shape[1] * shape[2] }, () => (rand() * 2 - 1) * eps);
    return this.project(tf.tensor3d(values, shape));
  }

  /**
   * Onto the ε-ball (per location with a patch: 0 outside it), and (full domain) so that x + δ
   * stays in [0, 1]. Disposes its input.
   */
  private project(d: tf.Tensor3D): tf.Tensor3D {
    const out = tf.tidy(() => {
      const b = this.bound;
      const inBall = b ? tf.minimum(tf.maximum(d, tf.neg(b.eps)), b.eps) : tf.clipByValue(d, -this.params.eps, this.params.eps);
      if (this.model.scaled) return inBall as tf.Tensor3D;
      return tf.sub(tf.clipByValue(tf.add(this.regionPixels, inBall), 0, 1), this.regionPixels) as tf.Tensor3D;
    });
    d.dispose();
    return out;
  }

  /** project() for callers that move δ themselves (the sparse attack's refinement). Disposes its input. */
  projectDelta(d: tf.Tensor3D): tf.Tensor3D {
    return this.project(d);
  }

  private update(rawGrad: tf.Tensor3D): void {
    const { method, alpha, decay } = this.params;
    const eps = this.epsInside;
    // With a patch, only the gradient inside it counts (MI-FGSM's normalisation included).
    const grad = this.bound ? (tf.mul(rawGrad, this.bound.mask) as tf.Tensor3D) : rawGrad;
    let direction = grad;
    if (method === 'mifgsm') {
      const next = tf.tidy(() => {
        const normalised = tf.div(grad, tf.add(tf.mean(tf.abs(grad)), 1e-12));
        return (this.momentum ? tf.add(tf.mul(this.momentum, decay), normalised) : normalised) as tf.Tensor3D;
      });
      this.momentum?.dispose();
      this.momentum = next;
      direction = next;
    }
    const step = method === 'fgsm' ? eps : alpha;
    const moved = tf.tidy(() => tf.sub(this.delta, signStep(direction, step)) as tf.Tensor3D);
    if (grad !== rawGrad) grad.dispose();
    this.delta.dispose();
    this.delta = this.project(moved);
  }

  /** Steps 0..N (N = 1 for FGSM); each computes the loss at the current δ, then updates it. */
  async *steps(): AsyncGenerator<AttackStep, void, undefined> {
    const total = this.params.method === 'fgsm' ? 1 : this.params.steps;
    const threshold = this.options.thresholds[0];
    for (let step = 0; step <= total; step++) {
      const t0 = performance.now();
      let kept: { parts: Record<string, tf.Scalar>; probs: tf.Tensor1D } | null = null;
      const f = (d: tf.Tensor) => {
        const out = this.model.loss(d as tf.Tensor3D);
        kept = { parts: Object.fromEntries(Object.entries(out.parts).map(([k, v]) => [k, tf.keep(v)])), probs: tf.keep(out.probs) };
        return out.total;
      };
      const last = step === total;
      let value: tf.Scalar;
      let grad: tf.Tensor3D | null = null;
      if (last) {
        value = tf.tidy(() => tf.keep(f(this.delta)));
      } else {
        const vg = tf.valueAndGrad(f)(this.delta);
        value = vg.value;
        grad = vg.grad as tf.Tensor3D;
      }
      const { parts, probs } = kept!;
      if (grad) {
        this.update(grad);
        grad.dispose();
      }
      // One read-back per step: the loss, its parts and every P-Net probability in one tensor.
      const names = Object.keys(parts);
      const all = tf.tidy(() => tf.concat([tf.reshape(value, [1]), ...names.map((n) => tf.reshape(parts[n]!, [1])), probs]));
      tf.dispose([value, ...Object.values(parts), probs]);
      const data = (await all.data()) as Float32Array;
      all.dispose();
      const probData = this.model.windowProbs(data.subarray(1 + names.length));
      yield {
        step,
        loss: data[0]!,
        parts: Object.fromEntries(names.map((n, i) => [n, data[1 + i]!])),
        candidates: this.model.targets.map((t, i) => {
          const boxes = this.model.candidates(t, probData[i]!, threshold);
          return { level: t.level.index, scale: t.level.scale, count: boxes.length, boxes };
        }),
        probs: probData,
        ms: performance.now() - t0,
      };
    }
  }

  /** The adversarial image on [0, 1] at full resolution (not yet rounded to 8 bits). */
  adversarial(): tf.Tensor3D {
    return tf.tidy(() => {
      const full = this.model.fullResolution(this.delta);
      return tf.clipByValue(tf.add(this.image, full), 0, 1) as tf.Tensor3D;
    });
  }

  /** The current δ in its own domain (full or low resolution). Caller disposes. */
  currentDelta(): tf.Tensor3D {
    return tf.clone(this.delta);
  }

  dispose(): void {
    this.model.dispose();
    this.regionPixels.dispose();
    if (this.bound) tf.dispose([this.bound.eps, this.bound.mask]);
    this.delta.dispose();
    this.momentum?.dispose();
  }
}

/**
 * step · sign(g) as clip(g · 2^126, −step, step): exact for every normal float (|g| ≥ 2^−126), and 0
 * where g is 0. One multiply and one clip: WASM's Sign kernel is several times slower than both.
 */
function signStep(g: tf.Tensor3D, step: number): tf.Tensor3D {
  return tf.clipByValue(tf.mul(g, 2 ** 126), -step, step) as tf.Tensor3D;
}
