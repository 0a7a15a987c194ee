import { create } from 'zustand';
import type { BackendChoice } from '../core/backend';
import type { RgbaImage } from '../core/image';
import type { Rect } from '../core/mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS, type DetectOptions } from '../core/mtcnn/options';
import type { AttackParams } from '../core/attack/params';
import type { AttackResult, AttackStarted, DetectionMessage, SparseResult } from '../worker/protocol';
import { DEFAULT_SPARSE_PARAMS, type SparseParams } from '../core/attack/sparse';
import { DEFAULT_PRESET } from './presets';

export type EngineStatus = 'starting' | 'ready' | 'busy' | 'failed';

export interface LoadedPhoto {
  name: string;
  rgba: RgbaImage;
}

export interface Message {
  kind: 'error' | 'notice';
  text: string;
}

/** What the charts need of each step. */
export interface StepPoint {
  step: number;
  loss: number;
  /** Candidates per targeted level, keyed "L<index>". */
  [level: `L${number}`]: number;
  ms: number;
}

export interface AttackRunState {
  status: 'running' | 'paused' | 'stopping' | 'judging' | 'done' | 'failed';
  params: AttackParams;
  totalSteps: number;
  started: AttackStarted | null;
  points: StepPoint[];
  /** The latest adversarial preview and the surviving candidate boxes on it. */
  preview: RgbaImage | null;
  boxes: Rect[];
  /** Latest P-Net probabilities per targeted level's window. */
  probs: Float32Array[];
  result: AttackResult | null;
  /** The same attack with the other upsampling (scaled domains only), once asked for. */
  comparison: { params: AttackParams; result: AttackResult | null; failed?: string } | null;
  /** AutoAdversary pruning of this run's perturbation, once asked for. */
  sparse: SparseRunState | null;
}

export interface SparsePoint {
  iteration: number;
  loss: number;
  maskPixels: number;
  meanMask: number;
  a: number;
}

export interface SparseRunState {
  status: 'running' | 'done' | 'failed';
  params: SparseParams;
  points: SparsePoint[];
  /** The latest soft mask over δ's domain. */
  mask: { width: number; height: number; data: Float32Array } | null;
  result: SparseResult | null;
}

/** The one store of the app. Components read it through the small selectors below. */
export interface AppState {
  engine: EngineStatus;
  backend: BackendChoice | null;
  photo: LoadedPhoto | null;
  detection: DetectionMessage | null;
  detectOptions: DetectOptions;
  params: AttackParams;
  sparseParams: SparseParams;
  heatmapScale: 'shared' | 'per-scale';
  run: AttackRunState | null;
  messages: Message[];
}

export const useAppStore = create<AppState>(() => ({
  engine: 'starting',
  backend: null,
  photo: null,
  detection: null,
  detectOptions: DEFAULT_DETECT_OPTIONS,
  params: DEFAULT_PRESET.params,
  sparseParams: DEFAULT_SPARSE_PARAMS,
  heatmapScale: 'shared',
  run: null,
  messages: [],
}));

export const selectEngine = (s: AppState) => s.engine;
export const selectBackend = (s: AppState) => s.backend;
export const selectPhoto = (s: AppState) => s.photo;
export const selectDetection = (s: AppState) => s.detection;
export const selectMessages = (s: AppState) => s.messages;
export const selectParams = (s: AppState) => s.params;
export const selectRun = (s: AppState) => s.run;
export const selectHeatmapScale = (s: AppState) => s.heatmapScale;
export const selectBusy = (s: AppState) => s.engine !== 'ready' || (s.run !== null && ['running', 'paused', 'stopping', 'judging'].includes(s.run.status));
