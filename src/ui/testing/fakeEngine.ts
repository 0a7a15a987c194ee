import type { BackendChoice, BackendName } from '../../core/backend';
import type { GateAction } from '../../core/run/gate';
import type { EngineEvent } from '../../worker/protocol';
import { EngineFailure, type EngineApi, type EngineCallbacks, type Job } from '../engineApi';

/*
 * A scripted engine for controller tests: every job waits until the test settles it; cancelAll
 * rejects the unsettled ones as the real queue does; everything asked of it is recorded.
 */

export interface FakeJob {
  id: number;
  kind: 'detect' | 'attack' | 'prune' | 'compare' | 'sweep' | 'transfer' | 'defences' | 'heads' | 'release';
  args: unknown[];
  onEvent?: (e: EngineEvent) => void;
  settled: boolean;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

let nextJobId = 1;

export class FakeEngine implements EngineApi {
  readonly jobs: FakeJob[] = [];
  readonly controls: [number, GateAction][] = [];
  cancelAllCalls = 0;
  terminated = false;
  initBackend: BackendName | null | undefined;
  private initDeferred!: { resolve(v: BackendChoice): void; reject(e: unknown): void };

  constructor(readonly callbacks: EngineCallbacks) {}

  init(backend: BackendName | null): Promise<BackendChoice> {
    this.initBackend = backend;
    return new Promise((resolve, reject) => (this.initDeferred = { resolve, reject }));
  }

  /** Finishes start-up on `name`. */
  ready(name: BackendName = 'wasm'): void {
    this.initDeferred.resolve({ name, reason: 'test' } as BackendChoice);
  }

  failStart(message: string): void {
    this.initDeferred.reject(new Error(message));
  }

  private job<T>(kind: FakeJob['kind'], args: unknown[], onEvent?: (e: EngineEvent) => void): Job<T> {
    const id = nextJobId++;
    let job!: FakeJob;
    const result = new Promise<T>((resolve, reject) => {
      job = {
        id,
        kind,
        args,
        onEvent,
        settled: false,
        resolve: (v) => ((job.settled = true), resolve(v as T)),
        reject: (e) => ((job.settled = true), reject(e)),
      };
    });
    this.jobs.push(job);
    return { id, result };
  }

  detect(...args: unknown[]) {
    return this.job<never>('detect', args);
  }
  attack(params: unknown, options: unknown, onEvent: (e: EngineEvent) => void) {
    return this.job<never>('attack', [params, options], onEvent);
  }
  prune(runId: number, params: unknown, onEvent: (e: EngineEvent) => void) {
    return this.job<never>('prune', [runId, params], onEvent);
  }
  compare(runId: number, onEvent: (e: EngineEvent) => void) {
    return this.job<never>('compare', [runId], onEvent);
  }
  sweep(spec: unknown, options: unknown, source: unknown, onEvent: (e: EngineEvent) => void) {
    return this.job<never>('sweep', [spec, options, source], onEvent);
  }
  transfer(image: unknown, targets: unknown) {
    return this.job<never>('transfer', [image, targets]);
  }
  defences(image: unknown, faces: unknown, options: unknown, onEvent: (e: EngineEvent) => void) {
    return this.job<never>('defences', [image, faces, options], onEvent);
  }
  heads(params: unknown, options: unknown, onEvent: (e: EngineEvent) => void) {
    return this.job<never>('heads', [params, options], onEvent);
  }
  release() {
    const j = this.job<void>('release', []);
    queueMicrotask(() => this.jobs.find((x) => x.id === j.id)!.resolve(undefined));
    return j;
  }
  control(job: number, action: GateAction): void {
    this.controls.push([job, action]);
  }
  cancelAll(): void {
    this.cancelAllCalls++;
    for (const j of this.jobs) if (!j.settled) j.reject(new EngineFailure('cancelled', 'the run was cancelled'));
  }
  numTensors(): Promise<number> {
    return Promise.resolve(0);
  }
  crash(): void {
    this.callbacks.onCrash('simulated engine failure');
  }
  terminate(): void {
    this.terminated = true;
  }

  /** The newest job of a kind. */
  last(kind: FakeJob['kind']): FakeJob {
    const j = [...this.jobs].reverse().find((x) => x.kind === kind);
    if (!j) throw new Error(`no ${kind} job`);
    return j;
  }
}
