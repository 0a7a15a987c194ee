import * as tf from '@tensorflow/tfjs';
import { activateBrowserBackend } from './browserBackend';
import { loadMtcnnWeights, ModelLoadError } from '../core/mtcnn/weights';
import type { Detection, Rect } from '../core/mtcnn/detect';
import type { RgbaImage } from '../core/image';
import type { BackendChoice, BackendName } from '../core/backend';
import type { DetectOptions } from '../core/mtcnn/options';
import { AttackSetupError, type DenseAttack } from '../core/attack/dense';
import { SEED_PAPER_PARAMS, type AttackParams } from '../core/attack/params';
import type { SparseParams } from '../core/attack/sparse';
import { CancelledError, type GateAction } from '../core/run/gate';
import { RunSession, UnknownRunError } from '../core/run/session';
import type { FinishedAttack } from '../core/run/orchestrate';
import type { SweepPoint, SweepSpec } from '../core/run/sweep';
import { loadTinyFaceWeights, type TinyFaceWeights } from '../core/transfer/weights';
import type { TransferTarget, TransferVerdict } from '../core/transfer/verdict';
import type { DefenceRow } from '../core/defences/table';
import { rowJson } from '../core/experiments/headMatrixExport';
import type { AttackResult, DetectionMessage, EngineEvent, FailureKind, HeadMatrixMessage, SparseResult } from './protocol';
import { frameBuffers, previewFrame, type PreviewFrame } from './cascadeView';

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

/** Reads a model file from the app's models folder. */
function modelFetcher(modelsUrl: string): (name: string) => Promise<ArrayBuffer> {
  return async (name) => {
    const res = await fetch(modelsUrl + name);
    if (!res.ok) throw new ModelLoadError(`The model file ${name} could not be downloaded (HTTP ${res.status}).`);
    return res.arrayBuffer();
  };
}

export class Engine {
  private session: RunSession | null = null;
  private backend: BackendName | null = null;
  /** Jobs the user paused: every step they take by hand gets a preview. */
  private readonly paused = new Set<number>();
  /** The clean boxes of the current photo's faces (the attacked faces' boxes for the cascade view). */
  private cleanFaces: Rect[] = [];
  /** Jobs the engine starts itself (warm-ups) count down from −1, apart from the client's ids. */
  private nextOwnJob = -1;
  /** The settings a warm-up prepares the shapes of: the last attack's (the seed defaults before any). */
  private warmParams: AttackParams = SEED_PAPER_PARAMS;
  /** The WebGPU device was lost: jobs failing now are its casualties, and the engine is about to end. */
  deviceLost = false;
  private modelsUrl = '';
  /** The second detector's weights, fetched on the first transfer check. */
  private tiny: Promise<TinyFaceWeights> | null = null;

  /** `fatal`: the engine cannot go on (a lost GPU device); the worker turns it into a crash. */
  constructor(
    private readonly emit: Emit,
    private readonly fatal: (message: string) => void = () => {},
  ) {}

  async init(backend: BackendName | null, modelsUrl: string): Promise<BackendChoice> {
    const choice = await activateBrowserBackend(backend, (message) => {
      // A failed WebGPU shader or pipeline gives zeros, not an exception: end the engine (the app restarts on WASM).
      if (!this.deviceLost) this.fatal(`WebGPU reported an error, so results on it would be wrong (${message.trim().split('\n')[0]})`);
    });
    this.backend = choice.name;
    if (choice.name === 'webgpu') this.watchDevice();
    this.modelsUrl = modelsUrl;
    const weights = await loadMtcnnWeights(modelFetcher(modelsUrl));
    this.session?.dispose();
    this.session = new RunSession(weights, (phase, id) => this.emit({ id, type: 'phase', phase }));
    return choice;
  }

  async detect(id: number, image: RgbaImage, options: DetectOptions): Promise<DetectionMessage> {
    const t0 = performance.now();
    const detection = await this.ready().detect(id, image, options);
    this.cleanFaces = detection.faces.map((f) => f.box);
    this.scheduleWarmUp(detection, options);
    return toMessage(detection, performance.now() - t0, this.backend!);
  }

  async attack(id: number, params: AttackParams, options: DetectOptions): Promise<AttackResult> {
    this.warmParams = params;
    const done = await this.ready().attack(id, params, options, this.attackHooks(id));
    return this.attackResult(done);
  }

  async compare(id: number, runId: number): Promise<AttackResult> {
    const done = await this.ready().compare(id, runId, this.attackHooks(id, false));
    return this.attackResult(done);
  }

  async prune(id: number, runId: number, params: SparseParams): Promise<SparseResult> {
    const pruned = await this.ready().prune(id, runId, params, {
      onIteration: async (step, [height, width]) => {
        this.emit({ id, type: 'sparseStep', step, width, height });
        await nextTask();
      },
    });
    const { verdict, perturbation, mask, maskPixels, learnedMaskPixels, stopped, judgements, denseEvaded } = pruned;
    const { image, faces, successRate, norms } = verdict;
    return { image, perturbation, faces, successRate, norms, mask, maskPixels, learnedMaskPixels, stopped, judgements, denseEvaded };
  }

  release(id: number): Promise<void> {
    return this.ready().release(id);
  }

  /** The second detector's weights, fetched on first use. */
  private tinyWeights(): Promise<TinyFaceWeights> {
    this.tiny ??= loadTinyFaceWeights(modelFetcher(this.modelsUrl)).catch((err: unknown) => {
      this.tiny = null;
      throw err;
    });
    return this.tiny;
  }

  /** The second detector's verdict. */
  async transfer(id: number, image: RgbaImage, targets: TransferTarget[]): Promise<TransferVerdict> {
    const session = this.ready();
    return session.transfer(id, await this.tinyWeights(), image, targets);
  }

  /** The head matrix, a row at a time (rows travel without their adversarial images). */
  async heads(id: number, params: AttackParams, options: DetectOptions): Promise<HeadMatrixMessage> {
    const matrix = await this.ready().heads(id, params, options, {
      onRow: async (row, done, total) => {
        this.emit({ id, type: 'headRow', row: rowJson(row), done, total });
        await nextTask();
      },
    });
    return { ...matrix, rows: matrix.rows.map(rowJson) };
  }

  /** The defence table, a row at a time. */
  async defences(id: number, image: RgbaImage, faces: number[], options: DetectOptions): Promise<DefenceRow[]> {
    const session = this.ready();
    return session.defences(id, await this.tinyWeights(), image, faces, options, (row) => this.emit({ id, type: 'defenceRow', row }));
  }

  sweep(id: number, spec: SweepSpec, options: DetectOptions, source: Parameters<RunSession['sweep']>[3]): Promise<SweepPoint[]> {
    return this.ready().sweep(id, spec, options, source, async (point) => {
      this.emit({ id, type: 'sweepPoint', point });
      await nextTask();
    });
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

  /**
   * After a detection on WebGPU, a dry attack step on the real shapes compiles the attack's shaders
   * while the user looks at the boxes (phase 'preparing'; any command cancels it). It starts once
   * the detection's reply is out, and only when nothing else has started meanwhile.
   */
  private scheduleWarmUp(detection: Detection, options: DetectOptions): void {
    const session = this.session;
    if (this.backend !== 'webgpu' || !session || detection.faces.length === 0) return;
    const params = warmUpParams(this.warmParams, detection);
    const id = this.nextOwnJob--;
    setTimeout(() => {
      if (session === this.session && !session.running) session.warm(id, params, options).catch(() => {});
    });
  }

  /** A lost WebGPU device (driver reset, GPU removed, destroy()) ends the engine: the app restarts it on WASM. */
  private watchDevice(): void {
    const device = (tf.backend() as unknown as { device?: GpuDeviceLike }).device;
    void device?.lost?.then((info) => {
      this.deviceLost = true;
      this.fatal(`the WebGPU device was lost (${info?.reason ?? 'unknown reason'}${info?.message ? `: ${info.message}` : ''})`);
    });
  }

  /** Debug (?debug=1): destroys the WebGPU device, as a driver reset would lose it. */
  loseDevice(): void {
    if (this.backend !== 'webgpu') throw new Error(`there is no WebGPU device to lose: the engine runs on ${this.backend ?? 'nothing yet'}`);
    (tf.backend() as unknown as { device?: GpuDeviceLike }).device?.destroy();
  }

  /**
   * Streams the start, every step and (at most ~10 a second, always when paused and on the last step)
   * a preview with, for attacks, the cascade on it. Previews wait at least twice as long as the
   * last one took, so the cascade costs the attack at most a third of its time.
   */
  private attackHooks(id: number, withCascade = true) {
    let lastPreview = -Infinity;
    let cost = 0;
    return {
      onStarted: (attack: DenseAttack) => this.emit({ id, type: 'attackStarted', started: { levels: attack.targets, faces: attack.plan.faces, region: attack.region } }),
      onStep: async (step: FinishedAttack['steps'][number], attack: DenseAttack) => {
        let frame: PreviewFrame | null = null;
        const last = step.step === (attack.params.method === 'fgsm' ? 1 : attack.params.steps);
        if (last || this.paused.has(id) || performance.now() - lastPreview >= Math.max(PREVIEW_EVERY_MS, 2 * cost)) {
          const t0 = performance.now();
          frame = await previewFrame(attack, attack.plan.faces.map((i) => this.cleanFaces[i]!).filter(Boolean), withCascade);
          lastPreview = performance.now();
          cost = lastPreview - t0;
        }
        this.emit({ id, type: 'attackStep', step, preview: frame?.preview ?? null, probs: step.probs, cascade: frame?.cascade ?? null }, frameBuffers(frame));
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

interface GpuDeviceLike {
  lost?: Promise<{ reason?: string; message?: string } | undefined>;
  destroy(): void;
}

/** The warm-up's settings for this photo: the face and level choices of `params` where they fit it. */
function warmUpParams(params: AttackParams, detection: Detection): AttackParams {
  const face = params.face === 'all' || params.face < detection.faces.length ? params.face : 0;
  const scales = Array.isArray(params.scales) && params.scales.some((i) => i >= detection.scales.length) ? 'auto' : params.scales;
  return { ...params, face, scales };
}
