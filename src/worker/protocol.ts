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
import type { GateAction } from '../core/run/gate';
import type { EnginePhase } from '../core/run/session';
import type { MaskJudgement, SparseMask } from '../core/run/orchestrate';
import type { Funnel } from '../core/mtcnn/funnel';
import type { FaceCrops } from '../core/mtcnn/crops';
import type { Rect } from '../core/mtcnn/detect';
import type { SweepPoint, SweepSpec } from '../core/run/sweep';
import type { TransferTarget, TransferVerdict } from '../core/transfer/verdict';
import type { DefenceRow } from '../core/defences/table';
import type { HeadMatrix } from '../core/experiments/headMatrix';
import type { HeadMatrixRowJson } from '../core/experiments/headMatrixExport';

/*
 * The typed protocol between the UI and the engine worker. Requests carry an id that their reply and
 * their events echo; each request except init and memory is a job in the engine's queue, and the job
 * id is the request id. A finished attack's job id is its run id.
 */
export type EngineRequest =
  | { id: number; type: 'init'; backend: BackendName | null; modelsUrl: string }
  | { id: number; type: 'detect'; image: RgbaImage; options: DetectOptions }
  | { id: number; type: 'attack'; params: AttackParams; options: DetectOptions }
  | { id: number; type: 'prune'; runId: number; params: SparseParams }
  | { id: number; type: 'compare'; runId: number }
  | { id: number; type: 'release' }
  /** A sweep on the current photo (named), or on the given photos (the bundled samples). */
  | { id: number; type: 'sweep'; spec: SweepSpec; options: DetectOptions; source: { currentName: string } | { photos: { name: string; rgba: RgbaImage }[] } }
  /** The second detector on an attacked image of the current photo (the attacked faces' clean MTCNN boxes). */
  | { id: number; type: 'transfer'; image: RgbaImage; targets: TransferTarget[] }
  /** Each defence on an attacked image of the current photo, judged by MTCNN and the second detector. */
  | { id: number; type: 'defences'; image: RgbaImage; faces: number[]; options: DetectOptions }
  /** The per-head vulnerability matrix on the current photo (the budget and face of `params`). */
  | { id: number; type: 'heads'; params: AttackParams; options: DetectOptions }
  | { id: number; type: 'memory' };

/** Fire-and-forget: act on one job, cancel everything, or (?debug=1) simulate a worker failure or a lost GPU device. */
export type EngineCommand =
  | { type: 'control'; job: number; action: GateAction }
  | { type: 'cancelAll' }
  | { type: 'crash' }
  | { type: 'loseDevice' };

/** Detection as it crosses the worker boundary (structured-clone friendly). */
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
  params: AttackParams;
  detection: DetectionMessage;
  /** True when the user stopped the attack before its last step. */
  stopped: boolean;
  msPerStep: number;
}

export interface SparseResult extends JudgedImage {
  mask: SparseMask;
  maskPixels: number;
  learnedMaskPixels: number;
  stopped: boolean;
  /** Every judged mask, in order (the automatic λ's trace). */
  judgements: MaskJudgement[];
  /** Whether the dense δ itself evaded when judged with the others. */
  denseEvaded: boolean;
}

/** The head matrix as it crosses the worker boundary: rows without their images. */
export type HeadMatrixMessage = Omit<HeadMatrix, 'rows'> & { rows: HeadMatrixRowJson[] };

/**
 * Why a job failed: 'user' messages are written for people (no face, a run that no longer exists);
 * 'internal' ones are raw errors, shown folded away behind a sentence; 'cancelled' is not a failure.
 */
export type FailureKind = 'user' | 'internal' | 'cancelled';

export type EngineReply =
  | { id: number; type: 'ready'; backend: BackendChoice }
  | { id: number; type: 'detected'; detection: DetectionMessage }
  | { id: number; type: 'attackDone'; result: AttackResult }
  | { id: number; type: 'pruneDone'; result: SparseResult }
  | { id: number; type: 'released' }
  | { id: number; type: 'sweepDone'; points: SweepPoint[] }
  | { id: number; type: 'transferDone'; verdict: TransferVerdict }
  | { id: number; type: 'defencesDone'; rows: DefenceRow[] }
  | { id: number; type: 'headsDone'; matrix: HeadMatrixMessage }
  | { id: number; type: 'memory'; numTensors: number }
  | { id: number; type: 'error'; kind: FailureKind; message: string };

/**
 * The full cascade on the adversarial image of a step, made with the preview (so at most ~10 times a
 * second): how the attacked faces' candidates fare stage by stage, the final faces, and what R-Net
 * and O-Net see of each attacked face (see core/mtcnn/funnel.ts and crops.ts).
 */
export interface CascadeView {
  /** Counted on the attacked faces (a box on any of them counts). */
  funnel: Funnel;
  /** Every final detection on the (unrounded) adversarial image, with its O-Net score. */
  faces: { box: Rect; score: number }[];
  /** Per attacked face, in the attack's order (AttackStarted.faces). */
  crops: FaceCrops[];
  /** Wall time of this detection in the worker, ms. */
  ms: number;
}

/** Streamed while a job runs (id of the job; null for the engine's idle phase). */
export type EngineEvent =
  | { id: number | null; type: 'phase'; phase: EnginePhase }
  | { id: number; type: 'attackStarted'; started: AttackStarted }
  /**
   * preview: the adversarial image at a preview size (at most PREVIEW_MAX_SIDE px on its longer
   * side), sent at most ~10 times a second and on the last step (null in between); cascade: made
   * with the preview (null in between, and for comparisons).
   */
  | { id: number; type: 'attackStep'; step: AttackStep; preview: RgbaImage | null; probs: Float32Array[]; cascade: CascadeView | null }
  | { id: number; type: 'sparseStep'; step: SparseStep & { judged?: MaskJudgement }; width: number; height: number }
  | { id: number; type: 'sweepPoint'; point: SweepPoint }
  | { id: number; type: 'defenceRow'; row: DefenceRow }
  | { id: number; type: 'headRow'; row: HeadMatrixRowJson; done: number; total: number };
