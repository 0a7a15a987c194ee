import { EngineClient } from '../worker/client';
import { createController } from './controller';
import { decodeImageBlob } from './decodeImage';
import { SAMPLES, sampleUrl } from './samples';
import { appStore, useAppStore } from './store';
import { canStart, type CommandKind } from './commands';

/** The engine the controller made last (for the debug hooks). */
let client: EngineClient | null = null;

/** The app's one controller: the real store, the worker engine and the browser. */
export const app = createController(appStore, (callbacks) => (client = new EngineClient(callbacks)), {
  modelsUrl: `${import.meta.env.BASE_URL}models/`,
  readSearch: () => location.search,
  writeSearch: (search) => history.replaceState(null, '', `${location.pathname}${search}${location.hash}`),
  decode: decodeImageBlob,
  fetchSample: async (id) => {
    const sample = SAMPLES.find((s) => s.id === id) ?? SAMPLES[0];
    const res = await fetch(sampleUrl(sample.file));
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${sample.file}`);
    return res.blob();
  },
  schedule: (fn, ms) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
});

/** Whether a command can start now (re-renders when the answer changes). */
export function useCan(kind: CommandKind): boolean {
  return useAppStore((s) => canStart(kind, s));
}

/**
 * Self-tests of the recovery path and of memory, exposed on window.__mtcnnDebug with ?debug=1.
 * loseDevice(): the worker destroys its WebGPU device, as a driver reset would (it must be reported
 * as an engine crash and the app restart on WASM).
 */
export function installDebugHooks(search = location.search): void {
  if (new URLSearchParams(search).get('debug') !== '1') return;
  (window as unknown as { __mtcnnDebug: object }).__mtcnnDebug = { tensorCount: app.tensorCount, crashEngine: app.crashEngine, loseDevice: () => client?.loseDevice() };
}
