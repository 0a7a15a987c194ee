import type { BackendChoice, BackendName } from '../core/backend';
import type { RgbaImage } from '../core/image';
import type { Detection } from '../core/mtcnn/detect';
import type { DetectOptions } from '../core/mtcnn/options';

/** Messages from the UI to the engine worker. Every request carries an id its reply echoes. */
export type EngineRequest =
  | { id: number; type: 'init'; backend: BackendName | null; modelsUrl: string }
  | { id: number; type: 'detect'; image: RgbaImage; options: DetectOptions };

/** Detection as it crosses the worker boundary (structured-clone friendly; prob maps transferred). */
export type DetectionMessage = Omit<Detection, 'options'> & { ms: number; backend: BackendName };

export type EngineReply =
  | { id: number; type: 'ready'; backend: BackendChoice }
  | { id: number; type: 'detected'; detection: DetectionMessage }
  | { id: number; type: 'error'; message: string };
