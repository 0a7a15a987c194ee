import { parseBackendName, type BackendName } from '../core/backendNames';
import type { AttackParams } from '../core/attack/params';
import { EngineClient } from '../worker/client';
import type { EngineEvent } from '../worker/protocol';
import { decodeImageBlob, ImageDecodeError } from './decodeImage';
import { DEFAULT_PRESET } from './presets';
import { sampleUrl } from './samples';
import { useAppStore, type AttackRunState, type Message, type SparsePoint, type SparseRunState, type StepPoint } from './store';
import type { SparseParams } from '../core/attack/sparse';
import { paramsFromSearch, paramsToSearch } from './urlState';

/*
 * User commands: each reads and writes the store and talks to the engine worker. Components call
 * these; they never touch the worker themselves.
 */

let engine: EngineClient | null = null;
const FALLBACK_ORDER: BackendName[] = ['wasm', 'webgl', 'cpu'];

export function say(message: Message): void {
  useAppStore.setState((s) => ({ messages: [...s.messages.filter((m) => m.kind !== message.kind), message] }));
}

export function dismissMessages(): void {
  useAppStore.setState({ messages: [] });
}

export function requestedBackend(search = location.search) {
  return parseBackendName(new URLSearchParams(search).get('backend'));
}

/** Starts (or restarts) the engine worker on `backend` (null: choose automatically). */
export async function startEngine(backend: BackendName | null = requestedBackend()): Promise<boolean> {
  engine?.terminate();
  useAppStore.setState({ engine: 'starting' });
  const client = new EngineClient((message) => void recoverEngine(message));
  engine = client;
  try {
    const choice = await client.init(backend, `${import.meta.env.BASE_URL}models/`);
    if (engine !== client) return false;
    useAppStore.setState({ backend: choice, engine: 'ready' });
    return true;
  } catch (err) {
    if (engine !== client) return false;
    useAppStore.setState({ engine: 'failed' });
    say({ kind: 'error', text: `The detector could not start on ${backend ?? 'any backend'}: ${(err as Error).message}` });
    return false;
  }
}

/**
 * The worker crashed or its backend failed (e.g. a lost WebGPU device): say so, restart on the next
 * backend, and detect the loaded photo again. The photo and the parameters stay in the store.
 */
export async function recoverEngine(reason: string): Promise<void> {
  const failed = useAppStore.getState().backend?.name ?? null;
  const next = FALLBACK_ORDER.find((b) => b !== failed) ?? 'cpu';
  useAppStore.setState((s) => ({ run: s.run && s.run.status !== 'done' ? { ...s.run, status: 'failed' } : s.run }));
  say({ kind: 'error', text: `The ${failed ?? ''} engine stopped (${reason}). Restarted on ${next}; your photo and settings are kept.` });
  if (await startEngine(next)) await detectCurrent();
}

export async function detectCurrent(): Promise<void> {
  const { photo, detectOptions, engine: status } = useAppStore.getState();
  if (!photo || !engine || status === 'failed') return;
  useAppStore.setState({ engine: 'busy' });
  try {
    const detection = await engine.detect(photo.rgba, detectOptions);
    if (useAppStore.getState().photo === photo) useAppStore.setState({ detection });
  } catch (err) {
    say({ kind: 'error', text: `Detection failed: ${(err as Error).message}` });
  } finally {
    if (useAppStore.getState().engine === 'busy') useAppStore.setState({ engine: 'ready' });
  }
}

/** Loads a file or blob; on failure the current photo stays and the user is told why. */
export async function loadPhoto(blob: Blob, name: string): Promise<void> {
  if (isAttacking()) {
    say({ kind: 'error', text: 'Stop the running attack before loading another photo.' });
    return;
  }
  try {
    const decoded = await decodeImageBlob(blob, name);
    dismissMessages();
    if (decoded.notice) say({ kind: 'notice', text: decoded.notice });
    useAppStore.setState((s) => ({
      photo: { name, rgba: decoded.image },
      detection: null,
      run: null,
      params: { ...s.params, face: s.params.face === 'all' ? 'all' : 0, scales: Array.isArray(s.params.scales) ? 'auto' : s.params.scales },
    }));
  } catch (err) {
    const text = err instanceof ImageDecodeError ? err.message : `"${name}" could not be loaded: ${(err as Error).message}`;
    say({ kind: 'error', text });
    return;
  }
  await detectCurrent();
}

export async function loadSample(file: string, label: string): Promise<void> {
  try {
    const res = await fetch(sampleUrl(file));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    await loadPhoto(await res.blob(), label);
  } catch (err) {
    say({ kind: 'error', text: `The sample "${label}" could not be loaded: ${(err as Error).message}` });
  }
}

function isAttacking(): boolean {
  const run = useAppStore.getState().run;
  return run !== null && ['running', 'paused', 'stopping', 'judging'].includes(run.status);
}

// ── attack parameters and the URL ──────────────────────────────────────────────

export function setParams(patch: Partial<AttackParams>): void {
  useAppStore.setState((s) => ({ params: { ...s.params, ...patch } }));
  writeUrl();
}

function writeUrl(): void {
  const search = paramsToSearch(useAppStore.getState().params, DEFAULT_PRESET.params, new URLSearchParams(location.search));
  history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
}

/** Reads parameters from the page URL (a shared link); says what could not be used. */
export function readUrl(search = location.search): void {
  const { params, problems } = paramsFromSearch(search, DEFAULT_PRESET.params);
  useAppStore.setState({ params });
  if (problems.length) say({ kind: 'error', text: `Some settings in the link were not usable: ${problems.join('; ')}. Defaults are used instead.` });
}

// ── attacks ────────────────────────────────────────────────────────────────────

/*
 * Steps arrive every ~20 ms on WASM. They are queued and applied to the store at most every
 * UI_UPDATE_MS (then on the next animation frame), so the panels and charts re-render ~10 times a
 * second, which still reads as live, instead of on every step.
 */
const UI_UPDATE_MS = 100;
let queued: EngineEvent[] = [];
let frame = 0;
let lastFlush = 0;

function flushAttackEvents(): void {
  frame = 0;
  lastFlush = performance.now();
  const events = queued;
  queued = [];
  useAppStore.setState((s) => {
    if (!s.run) return {};
    let run = s.run;
    const points = [...run.points];
    for (const e of events) {
      if (e.type === 'sparseStep') continue;
      if (e.type === 'attackStarted') {
        run = { ...run, started: e.started };
        continue;
      }
      const point = { step: e.step.step, loss: e.step.loss, ms: e.step.ms } as StepPoint;
      e.step.candidates.forEach((c) => (point[`L${c.level}`] = c.count));
      points.push(point);
      // Running/paused is the user's to set (a step may arrive just after Pause was pressed).
      run = { ...run, preview: e.preview ?? run.preview, boxes: e.step.candidates.flatMap((c) => c.boxes), probs: e.probs };
    }
    return { run: { ...run, points } };
  });
}

function onAttackEvent(e: EngineEvent): void {
  queued.push(e);
  if (frame) return;
  const wait = Math.max(0, lastFlush + UI_UPDATE_MS - performance.now());
  frame = window.setTimeout(() => (frame = requestAnimationFrame(flushAttackEvents)), wait);
}

export async function runAttack(): Promise<void> {
  const { params, detectOptions, detection, engine: status } = useAppStore.getState();
  if (!engine || status !== 'ready' || !detection || isAttacking()) return;
  if (detection.faces.length === 0) {
    say({ kind: 'error', text: 'No face was detected in this photo, so there is nothing to attack. Try another photo.' });
    return;
  }
  const totalSteps = params.method === 'fgsm' ? 1 : params.steps;
  useAppStore.setState({
    run: { status: 'running', params, totalSteps, started: null, points: [], preview: null, boxes: [], probs: [], result: null, comparison: null, sparse: null },
  });
  const client = engine;
  try {
    const result = await client.attack(params, { ...detectOptions, conventions: params.conventions }, onAttackEvent);
    if (frame) {
      clearTimeout(frame);
      cancelAnimationFrame(frame);
    }
    flushAttackEvents();
    useAppStore.setState((s) => ({ run: s.run ? { ...s.run, status: 'done', result } : null }));
  } catch (err) {
    if (engine !== client) return; // the engine was restarted; recoverEngine has said why
    useAppStore.setState((s) => ({ run: s.run ? { ...s.run, status: 'failed' } : null }));
    say({ kind: 'error', text: `The attack could not run: ${(err as Error).message}` });
  }
}

/** Runs the finished scaled-domain attack again with the other upsampling, for a side-by-side view. */
export async function compareUpsampling(): Promise<void> {
  const { run, detectOptions } = useAppStore.getState();
  if (!engine || !run?.result || run.params.domain === 'full' || run.comparison) return;
  const params: AttackParams = { ...run.params, domain: run.params.domain === 'scaled-bilinear' ? 'scaled-nearest' : 'scaled-bilinear' };
  const setComparison = (comparison: NonNullable<AttackRunState['comparison']>) =>
    useAppStore.setState((s) => ({ run: s.run ? { ...s.run, comparison } : null }));
  setComparison({ params, result: null });
  try {
    setComparison({ params, result: await engine.attack(params, { ...detectOptions, conventions: params.conventions }, () => {}) });
  } catch (err) {
    setComparison({ params, result: null, failed: (err as Error).message });
  }
}

export function pauseAttack(): void {
  engine?.control('pause');
  useAppStore.setState((s) => ({ run: s.run?.status === 'running' ? { ...s.run, status: 'paused' } : s.run }));
}

export function resumeAttack(): void {
  engine?.control('resume');
  useAppStore.setState((s) => ({ run: s.run?.status === 'paused' ? { ...s.run, status: 'running' } : s.run }));
}

export function stepAttack(): void {
  engine?.control('step');
}

export function stopAttack(): void {
  engine?.control('stop');
  useAppStore.setState((s) => ({ run: s.run && (s.run.status === 'running' || s.run.status === 'paused') ? { ...s.run, status: 'stopping' } : s.run }));
}

/** Back to the clean photo (the parameters stay); the engine frees the kept attack. */
export function resetAttack(): void {
  if (isAttacking()) {
    stopAttack();
    return;
  }
  useAppStore.setState({ run: null });
  void engine?.release();
}

export function setSparseParams(patch: Partial<SparseParams>): void {
  useAppStore.setState((s) => ({ sparseParams: { ...s.sparseParams, ...patch } }));
}

/** AutoAdversary: prune the finished attack's perturbation into a sparse mask, live. */
export async function runSparse(): Promise<void> {
  const { run, sparseParams, detectOptions } = useAppStore.getState();
  if (!engine || run?.status !== 'done' || run.sparse?.status === 'running') return;
  const update = (patch: Partial<SparseRunState>) =>
    useAppStore.setState((s) => (s.run?.sparse ? { run: { ...s.run, sparse: { ...s.run.sparse, ...patch } } } : {}));
  useAppStore.setState((s) => ({ run: s.run ? { ...s.run, sparse: { status: 'running', params: sparseParams, points: [], mask: null, result: null } } : null }));
  let pending: { width: number; height: number; data: Float32Array } | null = null;
  let points: SparsePoint[] = [];
  let timer = 0;
  const flush = () => {
    timer = 0;
    if (pending) update({ points, mask: pending });
    pending = null;
  };
  try {
    const result = await engine.sparse(sparseParams, detectOptions, (e) => {
      if (e.type !== 'sparseStep') return;
      const s = e.step;
      points = [...points, { iteration: s.iteration, loss: s.loss, maskPixels: s.maskPixels, meanMask: s.meanMask, a: s.a }];
      pending = { width: e.width, height: e.height, data: s.mask };
      if (!timer) timer = window.setTimeout(flush, UI_UPDATE_MS);
    });
    clearTimeout(timer);
    flush();
    update({ status: 'done', result, mask: { width: result.mask.width, height: result.mask.height, data: result.mask.data } });
  } catch (err) {
    update({ status: 'failed' });
    say({ kind: 'error', text: `The sparse mask could not be trained: ${(err as Error).message}` });
  }
}

/** Self-tests of the recovery path and of memory, exposed on window.__mtcnnDebug with ?debug=1. */
export function installDebugHooks(search = location.search): void {
  if (new URLSearchParams(search).get('debug') !== '1') return;
  (window as unknown as { __mtcnnDebug: object }).__mtcnnDebug = {
    tensorCount: engineTensorCount,
    crashEngine: () => engine?.control('crash'),
  };
}

/** The worker's tensor count (it must stay flat across runs). */
export function engineTensorCount(): Promise<number> {
  if (!engine) return Promise.reject(new Error('no engine'));
  return engine.numTensors();
}
