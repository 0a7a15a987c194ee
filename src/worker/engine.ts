import * as tf from '@tensorflow/tfjs';
import { activateBrowserBackend } from './browserBackend';
import { loadMtcnnWeights, ModelLoadError } from '../core/mtcnn/weights';
import type { Detection } from '../core/mtcnn/detect';
import { tensorToRgba, type RgbaImage } from '../core/image';
import type { BackendChoice, BackendName } from '../core/backend';
import type { DetectOptions } from '../core/mtcnn/options';
import { AttackSetupError, type DenseAttack } from '../core/attack/dense';
import type { AttackParams } from '../core/attack/params';
import type { SparseParams } from '../core/attack/sparse';
import { CancelledError, type GateAction } from '../core/run/gate';
import { RunSession, UnknownRunError } from '../core/run/session';
import type { FinishedAttack } from '../core/run/orchestrate';
import type { AttackResult, DetectionMessage, EngineEvent, FailureKind, SparseResult } from './protocol';

/*
 * The engine behind the worker: a thin transport over the run core's session. It turns requests
 * into jobs and the jobs' hooks into events; it has no run loop of its own.
 */

type Emit = (e: EngineEvent, transfer?: Transferable[]) => void;

function toMessage(d: Detection, ms: number, backend: BackendName): DetectionMessage {
  const { width, height, faces, scales, stages } = d;
  return { width, height, faces, scales, stages, ms, backend };
}

const PREVIEW_EVERY_MS = 100;

/** Lets queued messages (Pause, Stop, Cancel) in between two steps. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Which failures carry a message written for people. */
export function failureKind(err: unknown): FailureKind {
  if (err instanceof CancelledError) return 'cancelled';
  if (err instanceof AttackSetupError || err instanceof UnknownRunError || err instanceof ModelLoadError) return 'user';
  return 'internal';
}

export class Engine {
  private session: RunSession | null = null;
  private backend: BackendName | null = null;
  /** Jobs the user paused: every step they take by hand gets a preview. */
  private readonly paused = new Set<number>();

  constructor(private readonly emit: Emit) {}

  async init(backend: BackendName | null, modelsUrl: string): Promise<BackendChoice> {
    const choice = await activateBrowserBackend(backend);
    this.backend = choice.name;
    const weights = await loadMtcnnWeights(async (name) => {
      const res = await fetch(modelsUrl + name);
      if (!res.ok) throw new ModelLoadError(`The model file ${name} could not be downloaded (HTTP ${res.status}).`);
      return res.arrayBuffer();
    });
    this.session?.dispose();
    this.session = new RunSession(weights, (phase, id) => this.emit({ id, type: 'phase', phase }));
    return choice;
  }

  async detect(id: number, image: RgbaImage, options: DetectOptions): Promise<DetectionMessage> {
    const t0 = performance.now();
    const detection = await this.ready().detect(id, image, options);
    return toMessage(detection, performance.now() - t0, this.backend!);
  }

  async attack(id: number, params: AttackParams, options: DetectOptions): Promise<AttackResult> {
    const done = await this.ready().attack(id, params, options, this.attackHooks(id));
    return this.attackResult(done);
  }

  async compare(id: number, runId: number): Promise<AttackResult> {
    const done = await this.ready().compare(id, runId, this.attackHooks(id));
    return this.attackResult(done);
  }

  async prune(id: number, runId: number, params: SparseParams): Promise<SparseResult> {
    const pruned = await this.ready().prune(id, runId, params, {
      onIteration: async (step, [height, width]) => {
        this.emit({ id, type: 'sparseStep', step, width, height });
        await nextTask();
      },
    });
    const { verdict, perturbation, mask, maskPixels, learnedMaskPixels, stopped } = pruned;
    const { image, faces, successRate, norms } = verdict;
    return { image, perturbation, faces, successRate, norms, mask, maskPixels, learnedMaskPixels, stopped };
  }

  release(id: number): Promise<void> {
    return this.ready().release(id);
  }

  control(job: number, action: GateAction): void {
    if (action === 'pause') this.paused.add(job);
    if (action === 'resume') this.paused.delete(job);
    this.session?.control(job, action);
  }

  cancelAll(): void {
    this.session?.cancelAll();
  }

  memory(): tf.MemoryInfo {
    return tf.memory();
  }

  /** Streams the start, every step and (at most ~10 a second, always when paused) a preview. */
  private attackHooks(id: number) {
    let lastPreview = -Infinity;
    return {
      onStarted: (attack: DenseAttack) => this.emit({ id, type: 'attackStarted', started: { levels: attack.targets, faces: attack.plan.faces, region: attack.region } }),
      onStep: async (step: FinishedAttack['steps'][number], attack: DenseAttack) => {
        let preview: RgbaImage | null = null;
        if (performance.now() - lastPreview >= PREVIEW_EVERY_MS || this.paused.has(id)) {
          const adv = attack.adversarial();
          preview = await tensorToRgba(adv);
          adv.dispose();
          lastPreview = performance.now();
        }
        this.emit({ id, type: 'attackStep', step, preview, probs: step.probs }, preview ? [preview.data.buffer as ArrayBuffer] : []);
        await nextTask();
      },
    };
  }

  private attackResult(done: FinishedAttack): AttackResult {
    this.paused.clear();
    const { verdict, perturbation, stopped, msPerStep, params } = done;
    const { image, faces, successRate, norms } = verdict;
    return { image, perturbation, faces, successRate, norms, params, stopped, msPerStep, detection: toMessage(verdict.detection, 0, this.backend!) };
  }

  private ready(): RunSession {
    if (!this.session) throw new AttackSetupError('The detector is still starting.');
    return this.session;
  }
}
