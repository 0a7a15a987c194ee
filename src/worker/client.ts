import type { BackendChoice, BackendName } from '../core/backend';
import type { RgbaImage } from '../core/image';
import type { DetectOptions } from '../core/mtcnn/options';
import type { AttackParams } from '../core/attack/params';
import type { SparseParams } from '../core/attack/sparse';
import type { GateAction } from '../core/run/gate';
import type { AttackResult, DetectionMessage, EngineCommand, EngineEvent, EngineReply, EngineRequest, HeadMatrixMessage, SparseResult } from './protocol';
import { EngineFailure, type EngineApi, type EngineCallbacks, type Job, type SweepSource } from '../ui/engineApi';
import type { SweepPoint, SweepSpec } from '../core/run/sweep';
import type { TransferTarget, TransferVerdict } from '../core/transfer/verdict';
import type { DefenceRow } from '../core/defences/table';

/** Omit that distributes over a union, so each request variant keeps its own fields. */
type RequestBody = EngineRequest extends infer R ? (R extends EngineRequest ? Omit<R, 'id'> : never) : never;

type Pending = { resolve: (r: EngineReply) => void; reject: (e: Error) => void; onEvent?: (e: EngineEvent) => void };

const isEvent = (m: EngineReply | EngineEvent): m is EngineEvent => m.type === 'phase' || m.type === 'attackStarted' || m.type === 'attackStep' || m.type === 'sparseStep' || m.type === 'sweepPoint' || m.type === 'defenceRow' || m.type === 'headRow';

/** The UI's handle on the engine worker: jobs over the typed protocol. */
export class EngineClient implements EngineApi {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor({ onPhase, onCrash }: EngineCallbacks) {
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<EngineReply | EngineEvent>) => {
      const m = e.data;
      if (m.type === 'phase') return onPhase(m.phase, m.id);
      const p = this.pending.get(m.id!);
      if (!p) return;
      if (isEvent(m)) return p.onEvent?.(m);
      this.pending.delete(m.id);
      if (m.type === 'error') p.reject(new EngineFailure(m.kind, m.message));
      else p.resolve(m);
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.failAll('the engine stopped');
      onCrash(e.message || 'the engine worker could not run');
    };
  }

  private call<T>(req: RequestBody, pick: (r: EngineReply) => T | undefined, transfer: Transferable[] = [], onEvent?: (e: EngineEvent) => void): Job<T> {
    const id = this.nextId++;
    const result = new Promise<EngineReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onEvent });
      this.worker.postMessage({ ...req, id } as EngineRequest, transfer);
    }).then((r) => {
      const value = pick(r);
      if (value === undefined && r.type !== 'released') throw new EngineFailure('internal', `unexpected reply ${r.type}`);
      return value as T;
    });
    return { id, result };
  }

  init(backend: BackendName | null, modelsUrl: string): Promise<BackendChoice> {
    return this.call({ type: 'init', backend, modelsUrl }, (r) => (r.type === 'ready' ? r.backend : undefined)).result;
  }

  /** Sends a copy of the pixels (the caller keeps its image). */
  detect(image: RgbaImage, options: DetectOptions): Job<DetectionMessage> {
    const copy = { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
    return this.call({ type: 'detect', image: copy, options }, (r) => (r.type === 'detected' ? r.detection : undefined), [copy.data.buffer]);
  }

  attack(params: AttackParams, options: DetectOptions, onEvent: (e: EngineEvent) => void): Job<AttackResult> {
    return this.call({ type: 'attack', params, options }, (r) => (r.type === 'attackDone' ? r.result : undefined), [], onEvent);
  }

  prune(runId: number, params: SparseParams, onEvent: (e: EngineEvent) => void): Job<SparseResult> {
    return this.call({ type: 'prune', runId, params }, (r) => (r.type === 'pruneDone' ? r.result : undefined), [], onEvent);
  }

  compare(runId: number, onEvent: (e: EngineEvent) => void): Job<AttackResult> {
    return this.call({ type: 'compare', runId }, (r) => (r.type === 'attackDone' ? r.result : undefined), [], onEvent);
  }

  /** Sends a copy of the attacked image (the caller keeps its own). */
  transfer(image: RgbaImage, targets: TransferTarget[]): Job<TransferVerdict> {
    const copy = { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
    return this.call({ type: 'transfer', image: copy, targets }, (r) => (r.type === 'transferDone' ? r.verdict : undefined), [copy.data.buffer]);
  }

  /** Sends a copy of the attacked image (the caller keeps its own). */
  defences(image: RgbaImage, faces: number[], options: DetectOptions, onEvent: (e: EngineEvent) => void): Job<DefenceRow[]> {
    const copy = { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
    return this.call({ type: 'defences', image: copy, faces, options }, (r) => (r.type === 'defencesDone' ? r.rows : undefined), [copy.data.buffer], onEvent);
  }

  heads(params: AttackParams, options: DetectOptions, onEvent: (e: EngineEvent) => void): Job<HeadMatrixMessage> {
    return this.call({ type: 'heads', params, options }, (r) => (r.type === 'headsDone' ? r.matrix : undefined), [], onEvent);
  }

  /** The photos (bundled samples) are copied to the worker; the caller keeps its own. */
  sweep(spec: SweepSpec, options: DetectOptions, source: SweepSource, onEvent: (e: EngineEvent) => void): Job<SweepPoint[]> {
    return this.call({ type: 'sweep', spec, options, source }, (r) => (r.type === 'sweepDone' ? r.points : undefined), [], onEvent);
  }

  release(): Job<void> {
    return this.call({ type: 'release' }, () => undefined);
  }

  control(job: number, action: GateAction): void {
    this.command({ type: 'control', job, action });
  }

  cancelAll(): void {
    this.command({ type: 'cancelAll' });
  }

  crash(): void {
    this.command({ type: 'crash' });
  }

  /** Debug: the worker destroys its WebGPU device; it must notice and fail as a crash (onCrash). */
  loseDevice(): void {
    this.command({ type: 'loseDevice' });
  }

  async numTensors(): Promise<number> {
    return this.call({ type: 'memory' }, (r) => (r.type === 'memory' ? r.numTensors : undefined)).result;
  }

  terminate(): void {
    this.worker.terminate();
    this.failAll('the engine was restarted');
  }

  private command(c: EngineCommand): void {
    this.worker.postMessage(c);
  }

  private failAll(message: string): void {
    for (const p of this.pending.values()) p.reject(new EngineFailure('cancelled', message));
    this.pending.clear();
  }
}
