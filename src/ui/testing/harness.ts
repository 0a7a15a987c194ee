import { createController, type ControllerEnv } from '../controller';
import { createAppStore } from '../store';
import type { DetectionMessage } from '../../worker/protocol';
import { FakeEngine } from './fakeEngine';

/*
 * The controller driven headless for unit tests: a fresh store, a FakeEngine per engine start, an
 * address bar held in `url`, and the environment's other parts given by the test (defaults: every
 * image decodes to 2×1 white pixels, samples are blobs of their id, timers are real).
 */

/** Lets queued promises and zero-delay timers run. */
export async function settle(rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

/** A detection with `faces` faces (all at the same box unless `boxes` places them) and `levels` pyramid levels. */
export function fakeDetection(faces: number, levels = 6, boxes?: readonly { x: number }[]): DetectionMessage {
  const at = (i: number) => ({ box: { x: boxes?.[i]?.x ?? 0, y: boxes ? 5 : 0, width: 10, height: 10 }, score: 0.99 - i / 100, landmarks: [] });
  return { width: boxes ? 100 : 2, height: boxes ? 50 : 1, faces: Array.from({ length: faces }, (_, i) => at(i)), scales: Array(levels).fill({}), stages: {}, ms: 1, backend: 'wasm' } as unknown as DetectionMessage;
}

export function controllerHarness(search = '', env: Partial<Omit<ControllerEnv, 'readSearch' | 'writeSearch'>> = {}) {
  const store = createAppStore();
  const engines: FakeEngine[] = [];
  const url = { search };
  const app = createController(
    store,
    (callbacks) => {
      const e = new FakeEngine(callbacks);
      engines.push(e);
      return e;
    },
    {
      modelsUrl: '/models/',
      readSearch: () => url.search,
      writeSearch: (s) => (url.search = s),
      decode: async () => ({ image: { width: 2, height: 1, data: new Uint8ClampedArray(8).fill(255) }, notice: null, originalWidth: 2, originalHeight: 1 }),
      fetchSample: async (id) => new Blob([id], { type: 'image/png' }),
      schedule: (fn, ms) => {
        const t = setTimeout(fn, ms);
        return () => clearTimeout(t);
      },
      ...env,
    },
  );
  const engine = () => engines.at(-1)!;
  const state = () => store.getState();
  /** Start-up: the engine becomes ready, then (when given) the first photo's detection arrives. */
  const startWith = async (detection?: DetectionMessage, rounds = 8) => {
    app.start();
    await settle(rounds);
    engine().ready();
    await settle(rounds);
    if (!detection) return;
    engine().last('detect').resolve(detection);
    await settle(rounds);
  };
  return { app, store, state, engines, engine, url, startWith };
}
