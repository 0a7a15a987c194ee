import * as tf from '@tensorflow/tfjs';
import { activateBrowserBackend } from './browserBackend';
import { loadMtcnnWeights, type MtcnnWeights } from '../core/mtcnn/weights';
import { detectFaces, type Detection } from '../core/mtcnn/detect';
import { rgbaToTensor, tensorToRgba, type RgbaImage } from '../core/image';
import type { BackendName } from '../core/backend';
import type { DetectOptions } from '../core/mtcnn/options';
import { DenseAttack } from '../core/attack/dense';
import { judge } from '../core/attack/verdict';
import { perturbationOf } from '../core/attack/metrics';
import type { AttackParams } from '../core/attack/params';
import type { AttackControl, AttackResult, DetectionMessage, EngineEvent, SparseResult } from './protocol';
import { SparseAttack, type SparseParams } from '../core/attack/sparse';

/*
 * The engine behind the worker: owns the weights, the current photo (as a tensor) and its clean
 * detection, and runs one attack at a time. Attack controls arrive as messages and act between steps.
 */

function toMessage(d: Detection, ms: number, backend: BackendName): DetectionMessage {
  const { width, height, faces, scales, stages } = d;
  return { width, height, faces, scales, stages, ms, backend };
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class Engine {
  private weights: MtcnnWeights | null = null;
  private backend: BackendName | null = null;
  private photo: { rgba: RgbaImage; tensor: tf.Tensor3D; detection: Detection } | null = null;
  /** The last finished dense attack, kept so its δ can be pruned (AutoAdversary); released on reset. */
  private lastAttack: DenseAttack | null = null;
  private control: { paused: boolean; stepOnce: boolean; stop: boolean; wake: (() => void) | null } | null = null;

  async init(backend: BackendName | null, modelsUrl: string) {
    const choice = await activateBrowserBackend(backend);
    this.backend = choice.name;
    this.weights ??= await loadMtcnnWeights(async (name) => {
      const res = await fetch(modelsUrl + name);
      if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
      return res.arrayBuffer();
    });
    return choice;
  }

  async detect(image: RgbaImage, options: DetectOptions): Promise<DetectionMessage> {
    const { weights, backend } = this.ready();
    const tensor = rgbaToTensor(image);
    const t0 = performance.now();
    let detection: Detection;
    try {
      detection = await detectFaces(weights, tensor, options);
    } catch (err) {
      tensor.dispose();
      throw err;
    }
    this.release();
    this.photo?.tensor.dispose();
    this.photo = { rgba: image, tensor, detection };
    return toMessage(detection, performance.now() - t0, backend);
  }

  handleControl(c: AttackControl): void {
    const s = this.control;
    if (!s) return;
    if (c.action === 'pause') s.paused = true;
    if (c.action === 'resume') s.paused = false;
    if (c.action === 'step') s.stepOnce = true;
    if (c.action === 'stop') s.stop = true;
    s.wake?.();
  }

  async attack(id: number, params: AttackParams, options: DetectOptions, emit: (e: EngineEvent, transfer?: Transferable[]) => void): Promise<AttackResult> {
    const { weights, backend } = this.ready();
    if (!this.photo) throw new Error('Load a photo before attacking it');
    if (this.control) throw new Error('An attack is already running');
    const { tensor, rgba, detection } = this.photo;
    this.release();
    const attack = await DenseAttack.create(weights, tensor, detection, params, options);
    let keep = false;
    const control = (this.control = { paused: false, stepOnce: false, stop: false, wake: null as (() => void) | null });
    try {
      emit({ id, type: 'attackStarted', started: { levels: attack.targets, faces: attack.plan.faces, region: attack.region } });
      const it = attack.steps();
      const times: number[] = [];
      let finished = false;
      while (!control.stop) {
        while (control.paused && !control.stepOnce && !control.stop) await new Promise<void>((wake) => (control.wake = wake));
        if (control.stop) break;
        control.stepOnce = false;
        const next = await it.next();
        if (next.done) {
          finished = true;
          break;
        }
        if (next.value.step > 0) times.push(next.value.ms);
        const adv = attack.adversarial();
        const preview = await tensorToRgba(adv);
        adv.dispose();
        const probs = next.value.probs;
        emit({ id, type: 'attackStep', step: next.value, preview, probs }, [preview.data.buffer as ArrayBuffer]);
        await nextTask(); // let control messages in
      }
      await it.return(undefined);
      const adv = attack.adversarial();
      const t0 = performance.now();
      const verdict = await judge(weights, rgba, detection, attack.plan.faces, adv, { ...options, conventions: params.conventions });
      const ms = performance.now() - t0;
      adv.dispose();
      keep = true;
      return {
        image: verdict.image,
        perturbation: perturbationOf(rgba.data, verdict.image.data),
        faces: verdict.faces,
        successRate: verdict.successRate,
        norms: verdict.norms,
        detection: toMessage(verdict.detection, ms, backend),
        stopped: !finished,
        msPerStep: times.length ? times.reduce((a, b) => a + b, 0) / times.length : 0,
      };
    } finally {
      if (keep) this.lastAttack = attack;
      else attack.dispose();
      this.control = null;
    }
  }

  /** Prunes the last attack's δ into a sparse mask, streaming each iteration. */
  async sparse(id: number, params: SparseParams, options: DetectOptions, emit: (e: EngineEvent) => void): Promise<SparseResult> {
    const { weights } = this.ready();
    const dense = this.lastAttack;
    if (!dense || !this.photo) throw new Error('Run a dense attack first: the mask prunes its perturbation');
    const { rgba, detection } = this.photo;
    const sparse = new SparseAttack(dense, params);
    try {
      const [height, width] = sparse.shape;
      for await (const step of sparse.steps()) {
        emit({ id, type: 'sparseStep', step, width, height });
        await nextTask();
      }
      const adv = sparse.adversarial();
      const verdict = await judge(weights, rgba, detection, dense.plan.faces, adv, { ...options, conventions: dense.params.conventions });
      adv.dispose();
      const mask = sparse.hardMask();
      const [h, w] = sparse.shape;
      return {
        image: verdict.image,
        perturbation: perturbationOf(rgba.data, verdict.image.data),
        faces: verdict.faces,
        successRate: verdict.successRate,
        norms: verdict.norms,
        mask: { width: w, height: h, data: mask, x0: dense.region.x0, y0: dense.region.y0, scaled: dense.model.scaled },
        maskPixels: mask.reduce((a, b) => a + b, 0),
      };
    } finally {
      sparse.dispose();
    }
  }

  /** Frees the kept attack (on reset, a new attack or a new photo). */
  release(): void {
    this.lastAttack?.dispose();
    this.lastAttack = null;
  }

  memory(): tf.MemoryInfo {
    return tf.memory();
  }

  private ready(): { weights: MtcnnWeights; backend: BackendName } {
    if (!this.weights || !this.backend) throw new Error('The engine is not ready yet');
    return { weights: this.weights, backend: this.backend };
  }
}
