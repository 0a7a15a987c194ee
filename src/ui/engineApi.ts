import type { BackendChoice, BackendName } from '../core/backend';
import type { RgbaImage } from '../core/image';
import type { DetectOptions } from '../core/mtcnn/options';
import type { AttackParams } from '../core/attack/params';
import type { SparseParams } from '../core/attack/sparse';
import type { GateAction } from '../core/run/gate';
import type { EnginePhase } from '../core/run/session';
import type { AttackResult, DetectionMessage, EngineEvent, EngineRequest, FailureKind, HeadMatrixMessage, SparseResult } from '../worker/protocol';
import type { SweepPoint, SweepSpec } from '../core/run/sweep';
import type { TransferTarget, TransferVerdict } from '../core/transfer/verdict';
import type { DefenceRow } from '../core/defences/table';

/** Where a sweep's faces come from: the engine's current photo, or these photos. */
export type SweepSource = Extract<EngineRequest, { type: 'sweep' }>['source'];

/*
 * What the controller needs of an engine: the worker client in the app, a fake in unit tests.
 */

/** A job submitted to the engine: its id (a run id for attacks) and its outcome. */
export interface Job<T> {
  id: number;
  result: Promise<T>;
}

/** A job that failed, with why (see FailureKind). */
export class EngineFailure extends Error {
  override name = 'EngineFailure';
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface EngineApi {
  init(backend: BackendName | null, modelsUrl: string): Promise<BackendChoice>;
  detect(image: RgbaImage, options: DetectOptions): Job<DetectionMessage>;
  attack(params: AttackParams, options: DetectOptions, onEvent: (e: EngineEvent) => void): Job<AttackResult>;
  prune(runId: number, params: SparseParams, onEvent: (e: EngineEvent) => void): Job<SparseResult>;
  compare(runId: number, onEvent: (e: EngineEvent) => void): Job<AttackResult>;
  sweep(spec: SweepSpec, options: DetectOptions, source: SweepSource, onEvent: (e: EngineEvent) => void): Job<SweepPoint[]>;
  transfer(image: RgbaImage, targets: TransferTarget[]): Job<TransferVerdict>;
  heads(params: AttackParams, options: DetectOptions, onEvent: (e: EngineEvent) => void): Job<HeadMatrixMessage>;
  defences(image: RgbaImage, faces: number[], options: DetectOptions, onEvent: (e: EngineEvent) => void): Job<DefenceRow[]>;
  release(): Job<void>;
  control(job: number, action: GateAction): void;
  cancelAll(): void;
  numTensors(): Promise<number>;
  /** Simulates a worker failure (recovery self-test). */
  crash(): void;
  terminate(): void;
}

export interface EngineCallbacks {
  onPhase: (phase: EnginePhase, job: number | null) => void;
  /** The worker failed outside any job (script not loaded, crash, lost device). */
  onCrash: (reason: string) => void;
}

export type EngineFactory = (callbacks: EngineCallbacks) => EngineApi;
