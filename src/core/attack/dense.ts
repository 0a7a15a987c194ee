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
  return { faces, levels: indices.map((i) => pyramid[i]!) };
}

/**
 * A dense attack (FGSM, I-FGSM, PGD, MI-FGSM) on a chosen set of heads, levels and faces. δ lives
 * on the region of the image the loss reads (see model.ts); PGD's random start fills that region.
 * `steps()` is the one iterator of steps; stopping the iteration early cancels the attack, and
 * `dispose()` frees everything. ‖δ‖∞ ≤ ε holds after every step, and for the full-resolution
 * domain x + δ ∈ [0, 1] as well (for the scaled domains the final image is clipped).
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
    this.delta = this.startingPoint();
  }

  static async create(
    weights: MtcnnWeights,
    image: tf.Tensor3D,
    clean: Detection,
    params: AttackParams,
    options: DetectOptions,
  ): Promise<DenseAttack> {
    const pixels = (await image.data()) as Float32Array;
    return new DenseAttack(weights, image, pixels, clean, params, { ...options, conventions: params.conventions });
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
    const eps = this.params.eps;
    const values = Float32Array.from({ length: shape[0] * shape[1] * shape[2] }, () => (rand() * 2 - 1) * eps);
    return this.project(tf.tensor3d(values, shape));
  }

  /** Onto the ε-ball, and (full domain) so that x + δ stays in [0, 1]. Disposes its input. */
  private project(d: tf.Tensor3D): tf.Tensor3D {
    const out = tf.tidy(() => {
      const inBall = tf.clipByValue(d, -this.params.eps, this.params.eps);
      if (this.model.scaled) return inBall as tf.Tensor3D;
      return tf.sub(tf.clipByValue(tf.add(this.regionPixels, inBall), 0, 1), this.regionPixels) as tf.Tensor3D;
    });
    d.dispose();
    return out;
  }

  private update(grad: tf.Tensor3D): void {
    const { method, eps, alpha, decay } = this.params;
    let direction: tf.Tensor3D;
    if (method === 'mifgsm') {
      const next = tf.tidy(() => {
        const normalised = tf.div(grad, tf.add(tf.mean(tf.abs(grad)), 1e-12));
        return (this.momentum ? tf.add(tf.mul(this.momentum, decay), normalised) : normalised) as tf.Tensor3D;
      });
      this.momentum?.dispose();
      this.momentum = next;
      direction = tf.sign(next);
    } else {
      direction = tf.sign(grad);
    }
    const step = method === 'fgsm' ? eps : alpha;
    const moved = tf.tidy(() => tf.sub(this.delta, tf.mul(direction, step)) as tf.Tensor3D);
    direction.dispose();
    this.delta.dispose();
    this.delta = this.project(moved);
  }

  /** Steps 0..N (N = 1 for FGSM); each computes the loss at the current δ, then updates it. */
  async *steps(): AsyncGenerator<AttackStep, void, undefined> {
    const total = this.params.method === 'fgsm' ? 1 : this.params.steps;
    const threshold = this.options.thresholds[0];
    for (let step = 0; step <= total; step++) {
      const t0 = performance.now();
      let kept: { parts: Record<string, tf.Scalar>; probs: tf.Tensor2D[] } | null = null;
      const f = (d: tf.Tensor) => {
        const out = this.model.loss(d as tf.Tensor3D);
        kept = { parts: Object.fromEntries(Object.entries(out.parts).map(([k, v]) => [k, tf.keep(v)])), probs: out.probs.map((p) => tf.keep(p)) };
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
      const [loss, ...partValues] = await Promise.all([value.data(), ...Object.values(parts).map((p) => p.data())]);
      const probData = await Promise.all(probs.map((p) => p.data() as Promise<Float32Array>));
      tf.dispose([value, ...Object.values(parts), ...probs]);
      const names = Object.keys(parts);
      yield {
        step,
        loss: loss![0]!,
        parts: Object.fromEntries(names.map((n, i) => [n, partValues[i]![0]!])),
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
    this.delta.dispose();
    this.momentum?.dispose();
  }
}
