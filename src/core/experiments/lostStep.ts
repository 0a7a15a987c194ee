import * as tf from '@tensorflow/tfjs';
import type { Rect } from '../mtcnn/detect';
import { detectFaces } from '../mtcnn/detect';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import { quantize8 } from '../image';
import { sameFace } from '../mtcnn/funnel';
import type { AttackStep, DenseAttack } from '../attack/dense';

/*
 * The step at which an attack lost a face: the first update after which the full cascade, run on
 * the image rounded to 8 bits (the verdict's rule), no longer finds it. A full detection costs
 * several attack steps, so not every step is judged: every `every`-th update and the last are,
 * and when one of them has lost the face the updates since the last judged one that still had it
 * are searched by bisection (their δ kept meanwhile; ⌈log₂ every⌉ more detections). The answer is
 * exact unless the face disappears and comes back between two judged updates; `every` = 1 judges
 * every update.
 *
 * Used as attackAndJudge's onStep hook. DenseAttack.steps() yields step k after it has applied
 * update k + 1 (the last step applies none), so at step k < N the attack holds the state after
 * k + 1 updates.
 */
export class LostStepTracker {
  private lost: number | null = null;
  private lastFound = 0;
  private pending: { update: number; delta: tf.Tensor3D }[] = [];
  /** Full detections run so far. */
  judgements = 0;

  constructor(
    private readonly weights: MtcnnWeights,
    private readonly options: DetectOptions,
    private readonly face: Rect,
    private readonly every: number,
    private readonly total: number,
  ) {
    if (!Number.isInteger(every) || every < 1) throw new Error(`judge every must be a whole number ≥ 1, got ${every}`);
  }

  /** The first update after which the face was no longer found (1…N), or null if it always was. */
  get lostAt(): number | null {
    return this.lost;
  }

  readonly onStep = async (step: AttackStep, attack: DenseAttack): Promise<void> => {
    const update = step.step + 1;
    if (this.lost !== null || update > this.total) return;
    if (update % this.every !== 0 && update !== this.total) {
      this.pending.push({ update, delta: attack.currentDelta() });
      return;
    }
    if (await this.found(attack.adversarial())) {
      this.lastFound = update;
    } else {
      // Bisection between the last update that had the face and this one, which lost it.
      let [lo, hi] = [this.lastFound, update];
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        const kept = this.pending.find((p) => p.update === mid)!;
        if (await this.found(adversarialFrom(attack, kept.delta))) lo = mid;
        else hi = mid;
      }
      this.lost = hi;
    }
    this.release();
  };

  /** Whether the full cascade on the 8-bit image still finds the face. Disposes `adversarial`. */
  private async found(adversarial: tf.Tensor3D): Promise<boolean> {
    const rounded = quantize8(adversarial);
    adversarial.dispose();
    try {
      this.judgements++;
      const d = await detectFaces(this.weights, rounded, this.options);
      return d.faces.some((f) => sameFace(f.box, [this.face]));
    } finally {
      rounded.dispose();
    }
  }

  private release(): void {
    tf.dispose(this.pending.map((p) => p.delta));
    this.pending = [];
  }

  /** Frees the kept δs (a run that ended early, or failed). */
  dispose(): void {
    this.release();
  }
}

/** The attack's adversarial image for a kept δ (as DenseAttack.adversarial() makes it for the current one). */
function adversarialFrom(attack: DenseAttack, delta: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => tf.clipByValue(tf.add(attack.image, attack.model.fullResolution(delta)), 0, 1) as tf.Tensor3D);
}
