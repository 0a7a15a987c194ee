import * as tf from '@tensorflow/tfjs';
import { activateBrowserBackend } from './browserBackend';
import { loadMtcnnWeights, type MtcnnWeights } from '../core/mtcnn/weights';
import { detectFaces, type Detection } from '../core/mtcnn/detect';
import { rgbaToTensor, tensorToRgba, type RgbaImage } from '../core/image';
import type { BackendName } from '../core/backend';
import type { DetectOptions } from '../core/mtcnn/options';
import { DenseAttack } from '../core/attack/dense';
import { judgeAdversarial, type JudgedAttack } from '../core/attack/verdict';
import type { AttackParams } from '../core/attack/params';
import type { AttackControl, AttackResult, DetectionMessage, EngineEvent, JudgedImage, SparseResult } from './protocol';
import { SparseAttack, type SparseParams } from '../core/attack/sparse';

/*
 * The engine behind the worker: owns the weights, the current photo (as a tensor) and its clean
 * detection, and runs one attack at a time. Attack controls arrive as messages and act between steps.
 */

function toMessage(d: Detection, ms: number, backend: BackendName): DetectionMessage {
  const { width, height, faces, scales, stages } = d;
  return { width, height, faces, scales, stages, ms, backend };
}

function judgedImage({ verdict, perturbation }: JudgedAttack): JudgedImage {
  const { image, faces, successRate, norms } = verdict;
  return { image, perturbation, faces, successRate, norms };
}

const PREVIEW_EVERY_MS = 100;

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
      let lastPreview = -Infinity;
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
        // The UI shows ~10 updates a second: a full-resolution preview every step would be mostly
        // thrown away and slow the attack. Always one while stepping by hand.
        let preview: RgbaImage | null = null;
        if (control.paused || performance.now() - lastPreview >= PREVIEW_EVERY_MS) {
          const adv = attack.adversarial();
          preview = await tensorToRgba(adv);
          adv.dispose();
          lastPreview = performance.now();
        }
        const probs = next.value.probs;
        emit({ id, type: 'attackStep', step: next.value, preview, probs }, preview ? [preview.data.buffer as ArrayBuffer] : []);
        await nextTask(); // let control messages in
      }
      await it.return(undefined);
      const t0 = performance.now();
      const judged = await judgeAdversarial(weights, rgba, detection, attack.plan.faces, attack.adversarial(), { ...options, conventions: params.conventions });
      const ms = performance.now() - t0;
      keep = true;
      return {
        ...judgedImage(judged),
        detection: toMessage(judged.verdict.detection, ms, backend),
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
      const judged = await judgeAdversarial(weights, rgba, detection, dense.plan.faces, sparse.adversarial(), { ...options, conventions: dense.params.conventions });
      const mask = sparse.hardMask();
      return {
        ...judgedImage(judged),
        mask: { width, height, data: mask, x0: dense.region.x0, y0: dense.region.y0, scaled: dense.model.scaled },
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
