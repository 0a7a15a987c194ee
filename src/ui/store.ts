import { create } from 'zustand';
import type { BackendChoice } from '../core/backend';
import type { RgbaImage } from '../core/image';
import { DEFAULT_DETECT_OPTIONS, type DetectOptions } from '../core/mtcnn/options';
import type { DetectionMessage } from '../worker/protocol';

export type EngineStatus = 'starting' | 'ready' | 'busy' | 'failed';

export interface LoadedPhoto {
  name: string;
  rgba: RgbaImage;
}

export interface Message {
  kind: 'error' | 'notice';
  text: string;
}

/** The one store of the app: what is loaded, what the engine said, what to tell the user. */
export interface AppState {
  engine: EngineStatus;
  backend: BackendChoice | null;
  photo: LoadedPhoto | null;
  detection: DetectionMessage | null;
  detectOptions: DetectOptions;
  messages: Message[];
}

export const useAppStore = create<AppState>(() => ({
  engine: 'starting',
  backend: null,
  photo: null,
  detection: null,
  detectOptions: DEFAULT_DETECT_OPTIONS,
  messages: [],
}));

export const selectEngine = (s: AppState) => s.engine;
export const selectBackend = (s: AppState) => s.backend;
export const selectPhoto = (s: AppState) => s.photo;
export const selectDetection = (s: AppState) => s.detection;
export const selectMessages = (s: AppState) => s.messages;
