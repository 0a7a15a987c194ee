import type { BackendChoice, BackendName } from '../core/backend';
import type { RgbaImage } from '../core/image';
import type { DetectOptions } from '../core/mtcnn/options';
import type { AttackParams } from '../core/attack/params';
import type { AttackControl, AttackResult, DetectionMessage, EngineEvent, EngineReply, EngineRequest, SparseResult } from './protocol';
import type { SparseParams } from '../core/attack/sparse';

/** Omit that distributes over a union, so each request variant keeps its own fields. */
type RequestBody = EngineRequest extends infer R ? (R extends EngineRequest ? Omit<R, 'id'> : never) : never;

type Pending = { resolve: (r: EngineReply) => void; reject: (e: Error) => void; onEvent?: (e: EngineEvent) => void };

/** The UI's handle on the engine worker: promise-returning calls over the typed protocol. */
export class EngineClient {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(onCrash: (message: string) => void) {
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<EngineReply | EngineEvent>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return;
      if (e.data.type === 'attackStarted' || e.data.type === 'attackStep' || e.data.type === 'sparseStep') {
        p.onEvent?.(e.data);
        return;
      }
      this.pending.delete(e.data.id);
      if (e.data.type === 'error') p.reject(new Error(e.data.message));
      else p.resolve(e.data);
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      const message = e.message || 'the engine worker stopped';
      for (const p of this.pending.values()) p.reject(new Error(message));
      this.pending.clear();
      onCrash(message);
    };
  }

  private call(req: RequestBody, transfer: Transferable[] = [], onEvent?: (e: EngineEvent) => void): Promise<EngineReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onEvent });
      this.worker.postMessage({ ...req, id } as EngineRequest, transfer);
    });
  }

  async init(backend: BackendName | null, modelsUrl: string): Promise<BackendChoice> {
    const r = await this.call({ type: 'init', backend, modelsUrl });
    if (r.type !== 'ready') throw new Error(`unexpected reply ${r.type}`);
    return r.backend;
  }

  /** Sends a copy of the pixels (the caller keeps its image). */
  async detect(image: RgbaImage, options: DetectOptions): Promise<DetectionMessage> {
    const copy = { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
    const r = await this.call({ type: 'detect', image: copy, options }, [copy.data.buffer]);
    if (r.type !== 'detected') throw new Error(`unexpected reply ${r.type}`);
    return r.detection;
  }

  /** Attacks the last detected photo; events stream to `onEvent` until the result arrives. */
  async attack(params: AttackParams, options: DetectOptions, onEvent: (e: EngineEvent) => void): Promise<AttackResult> {
    const r = await this.call({ type: 'attack', params, options }, [], onEvent);
    if (r.type !== 'attackDone') throw new Error(`unexpected reply ${r.type}`);
    return r.result;
  }

  /** Prunes the last attack's perturbation (AutoAdversary); iterations stream to `onEvent`. */
  async sparse(params: SparseParams, options: DetectOptions, onEvent: (e: EngineEvent) => void): Promise<SparseResult> {
    const r = await this.call({ type: 'sparse', params, options }, [], onEvent);
    if (r.type !== 'sparseDone') throw new Error(`unexpected reply ${r.type}`);
    return r.result;
  }

  /** Frees the engine's kept attack. */
  async release(): Promise<void> {
    await this.call({ type: 'release' });
  }

  control(action: AttackControl['action']): void {
    this.worker.postMessage({ type: 'control', action } satisfies AttackControl);
  }

  async numTensors(): Promise<number> {
    const r = await this.call({ type: 'memory' });
    if (r.type !== 'memory') throw new Error(`unexpected reply ${r.type}`);
    return r.numTensors;
  }

  terminate(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error('the engine was restarted'));
    this.pending.clear();
  }
}
