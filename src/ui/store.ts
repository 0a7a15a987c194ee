import { createStore, useStore, type StoreApi } from 'zustand';
import type { BackendChoice } from '../core/backend';
import type { RgbaImage } from '../core/image';
import type { Rect } from '../core/mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS, type DetectOptions } from '../core/mtcnn/options';
import type { AttackParams } from '../core/attack/params';
import type { AttackResult, AttackStarted, CascadeView, DetectionMessage, SparseResult } from '../worker/protocol';
import { DEFAULT_SPARSE_PARAMS, type SparseParams } from '../core/attack/sparse';
import { DEFAULT_PRESET } from './presets';
import type { LessonSetup } from './lessons/setup';
import type { SweepPoint, SweepSpec } from '../core/run/sweep';
import type { TransferVerdict } from '../core/transfer/verdict';
import type { DefenceRow } from '../core/defences/table';
import type { HeadMatrixRowJson } from '../core/experiments/headMatrixExport';
import type { MessageText } from './i18n/messageText';

/**
 * What the app is doing, as one value: every button and command is decided from it (see
 * commands.ts). Engine phases arrive from the worker; starting and unavailable are the app's own.
 */
export type Phase =
  | { kind: 'starting' }
  | { kind: 'unavailable' }
  | { kind: 'idle' }
  /** The engine compiles the attack's GPU programs after a detection (WebGPU); an attack may start. */
  | { kind: 'preparing' }
  | { kind: 'detecting' }
  | { kind: 'attacking'; paused: boolean; stopping: boolean }
  | { kind: 'judging' }
  | { kind: 'pruning'; stopping: boolean }
  | { kind: 'comparing' }
  /** A sweep or the head matrix (Experiments). */
  | { kind: 'experimenting' }
  /** The second detector or the defences judge the finished attack. */
  | { kind: 'checking' };

export interface LoadedPhoto {
  name: string;
  rgba: RgbaImage;
  /** The bundled sample's id, or null for a photo of the user's. */
  sample: string | null;
}

export interface Message {
  id: number;
  /** Messages on one topic replace each other (a new photo clears the photo's messages, not the link's). */
  topic: 'link' | 'lesson' | 'engine' | 'photo' | 'detect' | 'attack' | 'prune' | 'compare' | 'sweep' | 'check';
  kind: 'error' | 'notice';
  /** The message in the language of the moment it was said. */
  text: string;
  /** Raw technical detail, shown folded away. */
  details?: string;
  /** The message as an i18n key and values (src/ui/i18n/messageText.ts): shown in the current language, so a language switch re-translates it. */
  i18n?: MessageText;
}

/** What the charts need of each step. */
export interface StepPoint {
  step: number;
  loss: number;
  /** Candidates per targeted level, keyed "L<index>". */
  [level: `L${number}`]: number;
  ms: number;
}

/**
 * Everything recorded of one step, for the live view and the replay. Images and the cascade come at
 * the worker's preview cadence (see ReplayFrame, CascadeFrame); the rest comes with every step.
 */
export interface RecordedStep {
  step: number;
  loss: number;
  ms: number;
  /** Candidates per targeted level, in AttackStarted.levels order (see candidateDefinition). */
  counts: number[];
  /** Their image-space boxes, all levels together. */
  boxes: Rect[];
  /** P-Net probability per targeted level's window (TargetLevel rows × cols). */
  probs: Float32Array[];
}

/** A preview of the adversarial image (at most PREVIEW_MAX_SIDE px) made at `step`. */
export interface ReplayFrame {
  step: number;
  image: RgbaImage;
}

/** The full cascade on the adversarial image of `step`. */
export interface CascadeFrame {
  step: number;
  view: CascadeView;
}

/** The replay of the current run: the step shown (null: the latest, live) and playback. */
export interface ReplayState {
  step: number | null;
  playing: boolean;
  /** Steps per second while playing. */
  speed: number;
}

export const REPLAY_SPEEDS = [1, 2, 5, 10, 25] as const;
export const DEFAULT_REPLAY: ReplayState = { step: null, playing: false, speed: 5 };

export interface AttackRunState {
  /** The attack's job id in the engine: its run id. */
  id: number;
  outcome: 'active' | 'done' | 'failed';
  params: AttackParams;
  totalSteps: number;
  started: AttackStarted | null;
  points: StepPoint[];
  /** The latest adversarial preview and the surviving candidate boxes on it. */
  preview: RgbaImage | null;
  boxes: Rect[];
  /** Latest P-Net probabilities per targeted level's window. */
  probs: Float32Array[];
  /** Every step, in order (step 0 first). */
  steps: RecordedStep[];
  /** Preview frames, by step (thinned to at most MAX_REPLAY_FRAMES). */
  frames: ReplayFrame[];
  cascades: CascadeFrame[];
  result: AttackResult | null;
  /** The same attack with the other upsampling (scaled domains only), once asked for. */
  comparison: { params: AttackParams | null; result: AttackResult | null; failed?: string } | null;
  /** AutoAdversary pruning of this run's perturbation, once asked for. */
  sparse: SparseRunState | null;
  /** The second detector's verdict on the adversarial image, once asked for. */
  transfer: { status: 'running' | 'done' | 'failed'; verdict: TransferVerdict | null } | null;
  /** Defences applied to the adversarial image, judged again (rows arrive live), once asked for. */
  defences: { status: 'running' | 'done' | 'failed'; rows: DefenceRow[] } | null;
}

export interface SparsePoint {
  iteration: number;
  loss: number;
  maskPixels: number;
  meanMask: number;
  a: number;
  /** λ in use at this iteration (the automatic λ moves it at judgements). */
  lambda: number;
}

/** A binary mask judged on the 8-bit image during the prune. */
export interface SparseJudgement {
  iteration: number;
  lambda: number;
  maskPixels: number;
  evaded: boolean;
  /** After training: the best mask's top locations only. */
  trimmed: boolean;
}

export interface SparseRunState {
  status: 'running' | 'done' | 'failed';
  /** The run whose δ is pruned. */
  runId: number;
  params: SparseParams;
  points: SparsePoint[];
  /** The masks judged so far, in order (the automatic λ's trace). */
  judgements: SparseJudgement[];
  /** The latest soft mask over δ's domain. */
  mask: { width: number; height: number; data: Float32Array } | null;
  result: SparseResult | null;
}

/** Which faces a sweep attacks: the chosen face, every face of the photo, or every face of the bundled samples. */
export type SweepScope = 'chosen' | 'photo' | 'samples';

export interface SweepRunState {
  status: 'running' | 'done' | 'cancelled' | 'failed';
  spec: SweepSpec;
  scope: SweepScope;
  /** How many attacks the sweep will run (values × faces), when known. */
  total: number | null;
  points: SweepPoint[];
}

export interface HeadsRunState {
  status: 'running' | 'done' | 'stopped' | 'failed';
  params: AttackParams;
  rows: HeadMatrixRowJson[];
  /** Rows the matrix will have (head sets × faces), once the engine says. */
  total: number | null;
}

/** The one store of the app. Components read it through the small selectors below. */
export interface AppState {
  phase: Phase;
  /** The engine job the phase belongs to. */
  job: number | null;
  backend: BackendChoice | null;
  /** Why the backend that runs now is not the first choice (after a failure). */
  backendNote: string | null;
  photo: LoadedPhoto | null;
  /** The name of a photo being decoded. */
  loading: string | null;
  detection: DetectionMessage | null;
  detectOptions: DetectOptions;
  params: AttackParams;
  sparseParams: SparseParams;
  heatmapScale: 'shared' | 'per-scale';
  run: AttackRunState | null;
  /** The latest sweep (Experiments), live while it runs. */
  sweep: SweepRunState | null;
  /** The latest head matrix (Experiments), live while it runs. */
  heads: HeadsRunState | null;
  replay: ReplayState;
  /** Talk mode (?talk=1): large type, only what a demo needs. */
  talk: boolean;
  /** The keyboard shortcuts overlay is open. */
  shortcutsOpen: boolean;
  /** Warming the backend up with a throwaway attack before the first Run (talk mode). */
  warming: boolean;
  /** A lesson's title, task, goal and hidden / locked controls (from a link or a lesson file). */
  lesson: LessonSetup | null;
  messages: Message[];
}

export function initialState(): AppState {
  return {
    phase: { kind: 'starting' },
    job: null,
    backend: null,
    backendNote: null,
    photo: null,
    loading: null,
    detection: null,
    detectOptions: DEFAULT_DETECT_OPTIONS,
    params: DEFAULT_PRESET.params,
    sparseParams: DEFAULT_SPARSE_PARAMS,
    heatmapScale: 'shared',
    run: null,
    sweep: null,
    heads: null,
    replay: DEFAULT_REPLAY,
    talk: false,
    shortcutsOpen: false,
    warming: false,
    lesson: null,
    messages: [],
  };
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>(initialState);
}

/** The app's store (tests make their own with createAppStore). */
export const appStore = createAppStore();

export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
useAppStore.setState = appStore.setState;
useAppStore.getState = appStore.getState;

export const selectPhase = (s: AppState) => s.phase;
export const selectBackend = (s: AppState) => s.backend;
export const selectPhoto = (s: AppState) => s.photo;
export const selectDetection = (s: AppState) => s.detection;
export const selectMessages = (s: AppState) => s.messages;
export const selectParams = (s: AppState) => s.params;
export const selectHeads = (s: AppState) => s.heads;
export const selectSweep = (s: AppState) => s.sweep;
export const selectRun = (s: AppState) => s.run;
export const selectHeatmapScale = (s: AppState) => s.heatmapScale;
export const selectReplay = (s: AppState) => s.replay;
export const selectTalk = (s: AppState) => s.talk;
export const selectLesson = (s: AppState) => s.lesson;
