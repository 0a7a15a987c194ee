import type { BackendChoice, BackendName } from '../core/backend';
import type { RgbaImage } from '../core/image';
import type { Detection } from '../core/mtcnn/detect';
import type { DetectOptions } from '../core/mtcnn/options';
import type { AttackParams } from '../core/attack/params';
import type { AttackStep } from '../core/attack/dense';
import type { TargetLevel } from '../core/attack/model';
import type { FaceVerdict } from '../core/attack/verdict';
import type { PerturbationNorms } from '../core/attack/metrics';
import type { SparseParams, SparseStep } from '../core/attack/sparse';

/** Messages from the UI to the engine worker. Requests carry an id that their reply echoes. */
export type EngineRequest =
  | { id: number; type: 'init'; backend: BackendName | null; modelsUrl: string }
  | { id: number; type: 'detect'; image: RgbaImage; options: DetectOptions }
  | { id: number; type: 'attack'; params: AttackParams; options: DetectOptions }
  | { id: number; type: 'memory' }
  | { id: number; type: 'sparse'; params: SparseParams; options: DetectOptions }
  | { id: number; type: 'release' };

/** Attack controls take effect between steps. 'crash' simulates a worker failure (recovery self-test, ?debug=1). */
export type AttackControl = { type: 'control'; action: 'pause' | 'resume' | 'step' | 'stop' | 'crash' };

/** Detection as it crosses the worker boundary (structured-clone friendly; prob maps transferred). */
export type DetectionMessage = Omit<Detection, 'options'> & { ms: number; backend: BackendName };

export interface AttackStarted {
  levels: TargetLevel[];
  faces: number[];
  region: { y0: number; y1: number; x0: number; x1: number };
}

/** An adversarial image as judged on 8 bits (see core/attack/verdict.ts). */
export interface JudgedImage {
  image: RgbaImage;
  /** adv − clean on [0, 1], [H, W, 3] row-major, as the 8-bit image holds it. */
  perturbation: Float32Array;
  faces: FaceVerdict[];
  successRate: number;
  norms: PerturbationNorms;
}

export interface AttackResult extends JudgedImage {
  detection: DetectionMessage;
  /** True when the user stopped the attack before its last step. */
  stopped: boolean;
  msPerStep: number;
}

export interface SparseResult extends JudgedImage {
  /** Binary mask over δ's domain, placed at (x0, y0) in the image (full domain) or stretched over it (scaled). */
  mask: { width: number; height: number; data: Float32Array; x0: number; y0: number; scaled: boolean };
  maskPixels: number;
}

export type EngineReply =
  | { id: number; type: 'ready'; backend: BackendChoice }
  | { id: number; type: 'detected'; detection: DetectionMessage }
  | { id: number; type: 'attackDone'; result: AttackResult }
  | { id: number; type: 'memory'; numTensors: number }
  | { id: number; type: 'sparseDone'; result: SparseResult }
  | { id: number; type: 'released' }
  | { id: number; type: 'error'; message: string };

/** Streamed while an attack runs (id of the attack request). */
export type EngineEvent =
  | { id: number; type: 'attackStarted'; started: AttackStarted }
  /** preview: the adversarial image, sent at most ~10 times a second (null in between). */
  | { id: number; type: 'attackStep'; step: AttackStep; preview: RgbaImage | null; probs: Float32Array[] }
  | { id: number; type: 'sparseStep'; step: SparseStep; width: number; height: number };
