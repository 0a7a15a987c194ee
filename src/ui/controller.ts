import type { BackendName } from '../core/backendNames';
import type { AttackParams } from '../core/attack/params';
import { DEFAULT_SPARSE_PARAMS, type SparseParams } from '../core/attack/sparse';
import type { EnginePhase } from '../core/run/session';
import type { EngineEvent } from '../worker/protocol';
import type { DecodedImage } from './decodeImage';
import type { EngineApi, EngineFactory } from './engineApi';
import { canStart, type CommandKind } from './commands';
import { explain } from './humanize';
import { DEFAULT_PRESET } from './presets';
import { SAMPLES } from './samples';
import { DEFAULT_REPLAY, type AppState, type AppStore, type AttackRunState, type CascadeFrame, type Message, type Phase, type RecordedStep, type ReplayFrame, type SparsePoint, type SparseRunState, type StepPoint } from './store';
import { thinFrames } from './replay';
import { readLink, writeLink } from './urlState';

/*
 * The app's commands. The controller owns the engine and reads and writes the store; components call
 * its commands and never touch the engine. It is built from its store, its engine factory and its
 * environment, so unit tests drive it with a fake engine.
 */

export interface ControllerEnv {
  modelsUrl: string;
  readSearch(): string;
  writeSearch(search: string): void;
  decode(blob: Blob, name: string): Promise<DecodedImage>;
  fetchSample(id: string): Promise<Blob>;
  /** Runs fn after ms; returns a cancel function. */
  schedule(fn: () => void, ms: number): () => void;
}

/** Restart order after the engine fails; each backend is restarted on at most once. */
const FALLBACK_ORDER: BackendName[] = ['wasm', 'webgl', 'cpu'];
/** Failed starts of the worker itself (not a backend) before the detector is declared unavailable. */
const MAX_START_FAILURES = 2;
/** Steps arrive every ~20 ms on WASM; the store is updated at most this often. */
const UI_UPDATE_MS = 100;
const LINK_DEFAULTS = { attack: DEFAULT_PRESET.params, sparse: DEFAULT_SPARSE_PARAMS };
const SAMPLE_IDS = SAMPLES.map((s) => s.id);
const DEFAULT_SAMPLE = SAMPLES[0].id;

/** What a link chose that only makes sense on its own photo. */
interface LinkChoice {
  sample: string;
  face: AttackParams['face'] | null;
  scales: number[] | null;
}

export type Controller = ReturnType<typeof createController>;

export function createController(store: AppStore, createEngine: EngineFactory, env: ControllerEnv) {
  const get = store.getState;
  const set = store.setState;
  let engine: EngineApi | null = null;
  let engineReady = false;
  let requested: BackendName | null = null;
  let startFailures = 0;
  /** Backends already restarted on after a crash: each at most once, so recovery never loops. */
  const restartedOn = new Set<BackendName>();
  let photoSeq = 0;
  let linkChoice: LinkChoice | null = null;
  let started = false;
  let nextMessageId = 1;

  // ── messages ─────────────────────────────────────────────────────────────────

  function say(topic: Message['topic'], kind: Message['kind'], text: string, details?: string): void {
    const message: Message = { id: nextMessageId++, topic, kind, text, ...(details ? { details } : {}) };
    set((s) => ({ messages: [...s.messages.filter((m) => m.topic !== topic), message] }));
  }

  function report(topic: Message['topic'], err: unknown, doing: string): void {
    const e = explain(err, doing);
    if (e) say(topic, 'error', e.text, e.details);
  }

  function dismiss(id: number): void {
    set((s) => ({ messages: s.messages.filter((m) => m.id !== id) }));
  }

  function clearTopics(...topics: Message['topic'][]): void {
    set((s) => ({ messages: s.messages.filter((m) => !topics.includes(m.topic)) }));
  }

  // ── phases ───────────────────────────────────────────────────────────────────

  const can = (kind: CommandKind) => canStart(kind, get());

  function enterJob(job: number, phase: Phase): void {
    set({ job, phase });
  }

  /** The job ended: back to idle unless another job has taken over. */
  function leaveJob(job: number): void {
    if (get().job === job) set({ job: null, phase: engineReady ? { kind: 'idle' } : get().phase });
  }

  function onEnginePhase(client: EngineApi, phase: EnginePhase, job: number | null): void {
    if (client !== engine) return;
    // The engine's own warm-up after a detection (WebGPU): no job of the app's, shown while nothing else runs.
    if (phase === 'preparing' || (phase === 'idle' && get().phase.kind === 'preparing')) {
      const now = get();
      if (now.job === null && (now.phase.kind === 'idle' || now.phase.kind === 'preparing')) set({ phase: { kind: phase === 'preparing' ? 'preparing' : 'idle' } });
      return;
    }
    if (job === null || job !== get().job) return;
    const current = get().phase;
    if (phase === 'judging') set({ phase: { kind: 'judging' } });
    else if (phase === 'pruning' && current.kind !== 'pruning') set({ phase: { kind: 'pruning', stopping: false } });
    else if (phase === 'comparing') set({ phase: { kind: 'comparing' } });
    else if (phase === 'detecting') set({ phase: { kind: 'detecting' } });
  }

  // ── the engine: start, failures, recovery ─────────────────────────────────────

  async function startEngine(backend: BackendName | null, note: string | null = null): Promise<void> {
    engine?.terminate();
    engineReady = false;
    set({ phase: { kind: 'starting' }, job: null });
    const client: EngineApi = createEngine({
      onPhase: (phase, job) => onEnginePhase(client, phase, job),
      onCrash: (reason) => onCrash(client, reason),
    });
    engine = client;
    let choice;
    try {
      choice = await client.init(backend, env.modelsUrl);
    } catch (err) {
      if (engine === client) startFailed(backend, err);
      return;
    }
    if (engine !== client) return;
    engineReady = true;
    set({ backend: choice, backendNote: note, phase: { kind: 'idle' } });
    // A new engine has no photo yet: detect the shown one (again, after a restart).
    if (get().photo) await detectCurrent();
  }

  function startFailed(backend: BackendName | null, err: unknown): void {
    startFailures++;
    const e = explain(err, 'starting the detector');
    if (startFailures >= MAX_START_FAILURES) return giveUp(e?.text ?? 'The detector could not start.', e?.details);
    // One more try, letting the app choose the backend itself.
    void startEngine(null, backend ? `${backend} could not start` : null);
  }

  function onCrash(client: EngineApi, reason: string): void {
    if (client !== engine) return;
    if (!engineReady) return startFailed(requested, new Error(reason));
    const failed = get().backend?.name ?? null;
    markRunFailed();
    const next = FALLBACK_ORDER.find((b) => !restartedOn.has(b));
    if (next) restartedOn.add(next);
    if (!next) return giveUp(`The ${failed ?? ''} engine stopped and no other backend is left to try.`, reason);
    say('engine', 'error', `The ${failed ?? 'detector'} engine stopped. It was restarted on ${next}; your photo and settings are kept.`, reason);
    void startEngine(next, `restarted after ${failed ?? 'a failure'}`); // it detects the photo again
  }

  function giveUp(text: string, details?: string): void {
    engine?.terminate();
    engine = null;
    engineReady = false;
    set({ phase: { kind: 'unavailable' }, job: null });
    say('engine', 'error', `Detector unavailable. ${text}`, details);
  }

  function retry(): void {
    if (!can('retry')) return;
    startFailures = 0;
    restartedOn.clear();
    clearTopics('engine');
    void startEngine(requested);
  }

  function markRunFailed(): void {
    set((s) => {
      if (!s.run) return {};
      const sparse = s.run.sparse?.status === 'running' ? { ...s.run.sparse, status: 'failed' as const } : s.run.sparse;
      return { run: { ...s.run, outcome: s.run.outcome === 'active' ? 'failed' : s.run.outcome, sparse } };
    });
  }

  // ── links ────────────────────────────────────────────────────────────────────

  function writeUrl(): void {
    const s = get();
    const sample = s.photo ? s.photo.sample : (linkChoice?.sample ?? null);
    const state = { attack: s.params, sparse: s.sparseParams, sample: sample === DEFAULT_SAMPLE ? null : sample, backend: requested, talk: s.talk };
    env.writeSearch(writeLink(state, LINK_DEFAULTS, new URLSearchParams(env.readSearch())));
  }

  function readUrl(): string {
    const link = readLink(env.readSearch(), LINK_DEFAULTS, SAMPLE_IDS);
    requested = link.backend;
    linkChoice = {
      sample: link.sample ?? DEFAULT_SAMPLE,
      face: link.chose.face ? link.attack.face : null,
      scales: link.chose.scales ? (link.attack.scales as number[]) : null,
    };
    set({ params: link.attack, sparseParams: link.sparse, talk: link.talk === true });
    if (link.problems.length) {
      say('link', 'error', `Some settings in the link could not be used and were left at their defaults: ${link.problems.map((p) => p.message).join('; ')}. The other settings were applied.`);
    }
    return linkChoice.sample;
  }

  /** After a photo's detection: the link's face and scales apply only to the photo they were made for. */
  function applyLinkChoice(): void {
    const choice = linkChoice;
    const { photo, detection, params } = get();
    if (!choice || !photo || !detection) return;
    linkChoice = null;
    if (choice.face === null && choice.scales === null) return;
    const notes: string[] = [];
    let { face, scales } = params;
    if (photo.sample !== choice.sample) {
      notes.push(`the link's face and scales were made for the sample “${choice.sample}”, not for ${photo.name}`);
      face = face === 'all' ? 'all' : 0;
      scales = Array.isArray(scales) ? 'auto' : scales;
    } else {
      if (typeof choice.face === 'number' && choice.face >= detection.faces.length) {
        notes.push(`face=${choice.face} does not apply: ${detection.faces.length} face(s) were found, so Face 1 is used`);
        face = 0;
      }
      const levels = detection.scales.length;
      if (choice.scales && choice.scales.some((i) => i >= levels)) {
        notes.push(`scales=${choice.scales.join(',')} does not apply: this photo's pyramid has levels 0–${levels - 1}, so Auto is used`);
        scales = 'auto';
      }
    }
    if (notes.length) {
      say('link', 'notice', `From the link: ${notes.join('; ')}.`);
      set({ params: { ...params, face, scales } });
      writeUrl();
    }
  }

  // ── photos ───────────────────────────────────────────────────────────────────

  async function detectCurrent(): Promise<void> {
    const { photo, detectOptions } = get();
    const client = engine;
    if (!photo || !client || !engineReady) return;
    client.cancelAll();
    const job = client.detect(photo.rgba, detectOptions);
    enterJob(job.id, { kind: 'detecting' });
    try {
      const detection = await job.result;
      if (get().photo !== photo || client !== engine) return;
      set({ detection });
      applyLinkChoice();
    } catch (err) {
      if (get().photo === photo && client === engine) report('detect', err, 'detecting faces');
    } finally {
      leaveJob(job.id);
    }
    warmUpSoon();
  }

  /** Decodes and shows a photo unless a newer choice was made meanwhile; then detects it. */
  async function acceptPhoto(seq: number, blob: Blob, name: string, sample: string | null): Promise<void> {
    let decoded: DecodedImage;
    try {
      decoded = await env.decode(blob, name);
    } catch (err) {
      if (seq === photoSeq) {
        set({ loading: null });
        report('photo', err, `reading “${name}”`);
      }
      return;
    }
    if (seq !== photoSeq) return; // a newer choice wins
    engine?.cancelAll();
    clearTopics('photo', 'detect', 'attack', 'prune', 'compare');
    if (decoded.notice) say('photo', 'notice', decoded.notice);
    const ownPhoto = linkChoice !== null && linkChoice.sample === sample;
    set((s) => ({
      photo: { name, rgba: decoded.image, sample },
      loading: null,
      detection: null,
      run: null,
      replay: { ...DEFAULT_REPLAY, speed: s.replay.speed },
      job: null,
      phase: engineReady ? { kind: 'idle' } : s.phase,
      params: ownPhoto ? s.params : { ...s.params, face: s.params.face === 'all' ? 'all' : 0, scales: Array.isArray(s.params.scales) ? 'auto' : s.params.scales },
    }));
    if (!ownPhoto && linkChoice) applyLinkChoiceElsewhere();
    writeUrl();
    await detectCurrent();
  }

  /** A photo other than the link's replaced it before the link's face and scales could apply. */
  function applyLinkChoiceElsewhere(): void {
    const choice = linkChoice!;
    linkChoice = null;
    if (choice.face !== null || choice.scales !== null) {
      say('link', 'notice', `The link's face and scales were made for the sample “${choice.sample}”; they do not apply to this photo, so Face 1 and Auto scales are used.`);
    }
  }

  function loadPhoto(blob: Blob, name: string): Promise<void> {
    const seq = ++photoSeq;
    set({ loading: name });
    return acceptPhoto(seq, blob, name, null);
  }

  async function loadSample(id: string): Promise<void> {
    const seq = ++photoSeq;
    const sample = SAMPLES.find((s) => s.id === id) ?? SAMPLES[0];
    set({ loading: sample.label });
    let blob: Blob;
    try {
      blob = await env.fetchSample(sample.id);
    } catch (err) {
      if (seq === photoSeq) {
        set({ loading: null });
        report('photo', err, `loading the sample “${sample.label}”`);
      }
      return;
    }
    if (seq !== photoSeq) return;
    await acceptPhoto(seq, blob, sample.label, sample.id);
  }

  // ── parameters ───────────────────────────────────────────────────────────────

  function setParams(patch: Partial<AttackParams>): void {
    if (!can('edit')) return;
    set((s) => ({ params: { ...s.params, ...patch } }));
    writeUrl();
  }

  function setSparseParams(patch: Partial<SparseParams>): void {
    set((s) => ({ sparseParams: { ...s.sparseParams, ...patch } }));
    writeUrl();
  }

  // ── attacks ──────────────────────────────────────────────────────────────────

  let queued: EngineEvent[] = [];
  let cancelFlush: (() => void) | null = null;
  let lastFlush = -Infinity;

  function flushAttackEvents(): void {
    cancelFlush?.();
    cancelFlush = null;
    lastFlush = Date.now();
    const events = queued;
    queued = [];
    set((s) => {
      if (!s.run) return {};
      let run = s.run;
      const points = [...run.points];
      const steps: RecordedStep[] = [...run.steps];
      let frames: ReplayFrame[] = run.frames;
      let cascades: CascadeFrame[] = run.cascades;
      for (const e of events) {
        if (e.id !== run.id) continue;
        if (e.type === 'attackStarted') run = { ...run, started: e.started };
        if (e.type !== 'attackStep') continue;
        const { step, loss, ms, candidates } = e.step;
        const point = { step, loss, ms } as StepPoint;
        candidates.forEach((c) => (point[`L${c.level}`] = c.count));
        points.push(point);
        const boxes = candidates.flatMap((c) => c.boxes);
        steps.push({ step, loss, ms, counts: candidates.map((c) => c.count), boxes, probs: e.probs });
        if (e.preview) frames = [...frames, { step, image: e.preview }];
        if (e.cascade) cascades = [...cascades, { step, view: e.cascade }];
        run = { ...run, preview: e.preview ?? run.preview, boxes, probs: e.probs };
      }
      return { run: { ...run, points, steps, frames: thinFrames(frames), cascades } };
    });
  }

  function onAttackEvent(e: EngineEvent): void {
    queued.push(e);
    if (cancelFlush) return;
    cancelFlush = env.schedule(flushAttackEvents, Math.max(0, lastFlush + UI_UPDATE_MS - Date.now()));
  }

  function updateRun(id: number, patch: (run: AttackRunState) => Partial<AttackRunState>): void {
    set((s) => (s.run?.id === id ? { run: { ...s.run, ...patch(s.run) } } : {}));
  }

  async function runAttack(): Promise<void> {
    const client = engine;
    if (!client || !can('attack')) return;
    const { params, detectOptions, detection } = get();
    if (!detection?.faces.length) return;
    client.cancelAll();
    set({ warming: false });
    clearTopics('attack', 'prune', 'compare');
    queued = [];
    const job = client.attack(params, { ...detectOptions, conventions: params.conventions }, onAttackEvent);
    const totalSteps = params.method === 'fgsm' ? 1 : params.steps;
    set({
      run: { id: job.id, outcome: 'active', params, totalSteps, started: null, points: [], preview: null, boxes: [], probs: [], steps: [], frames: [], cascades: [], result: null, comparison: null, sparse: null },
    });
    stopReplay({ step: null });
    enterJob(job.id, { kind: 'attacking', paused: false, stopping: false });
    try {
      const result = await job.result;
      flushAttackEvents();
      updateRun(job.id, () => ({ outcome: 'done', result }));
    } catch (err) {
      if (get().run?.id !== job.id || client !== engine) return;
      updateRun(job.id, () => ({ outcome: 'failed' }));
      report('attack', err, 'running the attack');
    } finally {
      leaveJob(job.id);
    }
  }

  function control(action: 'pause' | 'resume' | 'step' | 'stop' | 'stopPrune'): void {
    const { phase, job } = get();
    if (!engine || job === null || !can(action)) return;
    engine.control(job, action === 'stopPrune' ? 'stop' : action);
    if (phase.kind === 'attacking') {
      if (action === 'pause') set({ phase: { ...phase, paused: true } });
      if (action === 'resume') set({ phase: { ...phase, paused: false } });
      if (action === 'stop') set({ phase: { ...phase, stopping: true } });
    }
    if (phase.kind === 'pruning' && action === 'stopPrune') set({ phase: { ...phase, stopping: true } });
  }

  /** Back to the clean photo in any phase (the parameters stay): cancels the running job and frees the kept attack. */
  function reset(): void {
    if (!can('reset')) return;
    stopReplay({ step: null });
    set({ run: null });
    clearTopics('attack', 'prune', 'compare');
    const client = engine;
    if (!client || !engineReady) return;
    client.cancelAll();
    const job = client.release();
    enterJob(job.id, { kind: 'idle' });
    job.result.catch(() => {}).finally(() => leaveJob(job.id));
  }

  /** AutoAdversary: prune the shown run's perturbation into a sparse mask, live. */
  async function runSparse(): Promise<void> {
    const client = engine;
    const { run, sparseParams } = get();
    if (!client || !run || !can('prune')) return;
    const runId = run.id;
    const updateSparse = (patch: Partial<SparseRunState>) =>
      set((s) => (s.run?.id === runId && s.run.sparse ? { run: { ...s.run, sparse: { ...s.run.sparse, ...patch } } } : {}));
    let points: SparsePoint[] = [];
    let pending: { width: number; height: number; data: Float32Array } | null = null;
    const timer: { cancel: (() => void) | null } = { cancel: null };
    const flush = () => {
      timer.cancel = null;
      if (pending) updateSparse({ points, mask: pending });
      pending = null;
    };
    const job = client.prune(runId, sparseParams, (e) => {
      if (e.type !== 'sparseStep') return;
      const s = e.step;
      points = [...points, { iteration: s.iteration, loss: s.loss, maskPixels: s.maskPixels, meanMask: s.meanMask, a: s.a }];
      pending = { width: e.width, height: e.height, data: s.mask };
      timer.cancel ??= env.schedule(flush, UI_UPDATE_MS);
    });
    clearTopics('prune');
    updateRun(runId, () => ({ sparse: { status: 'running', runId, params: sparseParams, points: [], mask: null, result: null } }));
    enterJob(job.id, { kind: 'pruning', stopping: false });
    try {
      const result = await job.result;
      timer.cancel?.();
      flush();
      updateSparse({ status: 'done', result, mask: { width: result.mask.width, height: result.mask.height, data: result.mask.data } });
    } catch (err) {
      timer.cancel?.();
      const e = explain(err, 'training the sparse mask');
      if (get().run?.id !== runId) return;
      updateSparse({ status: 'failed' });
      if (e) say('prune', 'error', e.text, e.details);
      else updateRun(runId, () => ({ sparse: null }));
    } finally {
      leaveJob(job.id);
    }
  }

  /** Runs the shown scaled-domain attack again with the other upsampling, for a side-by-side view. */
  async function compareUpsampling(): Promise<void> {
    const client = engine;
    const run = get().run;
    if (!client || !run || !can('compare')) return;
    const job = client.compare(run.id, () => {});
    updateRun(run.id, () => ({ comparison: { params: null, result: null } }));
    enterJob(job.id, { kind: 'comparing' });
    try {
      const result = await job.result;
      updateRun(run.id, () => ({ comparison: { params: result.params, result } }));
    } catch (err) {
      const e = explain(err, 'comparing the upsamplings');
      updateRun(run.id, () => ({ comparison: e ? { params: null, result: null, failed: e.text } : null }));
    } finally {
      leaveJob(job.id);
    }
  }

  // ── replay ───────────────────────────────────────────────────────────────────

  let cancelTick: (() => void) | null = null;

  function stopReplay(patch: Partial<AppState['replay']> = {}): void {
    cancelTick?.();
    cancelTick = null;
    set((s) => ({ replay: { ...s.replay, playing: false, ...patch } }));
  }

  /** Shows a recorded step (clamped to the recording); the last step while attacking follows the live end. */
  function scrubTo(step: number | null): void {
    const steps = get().run?.steps ?? [];
    if (steps.length === 0 || step === null) return stopReplay({ step: null });
    const first = steps[0]!.step;
    const last = steps.at(-1)!.step;
    const clamped = Math.min(last, Math.max(first, Math.round(step)));
    stopReplay({ step: clamped === last && get().run?.outcome === 'active' ? null : clamped });
  }

  function shownStepNumber(): number | null {
    const { run, replay } = get();
    return replay.step ?? run?.steps.at(-1)?.step ?? null;
  }

  function stepReplay(delta: number): void {
    const now = shownStepNumber();
    if (now !== null) scrubTo(now + delta);
  }

  function tick(): void {
    cancelTick = null;
    const { run, replay } = get();
    if (!replay.playing || !run || run.steps.length === 0) return;
    const last = run.steps.at(-1)!.step;
    const next = (replay.step ?? last) + 1;
    if (next > last) return stopReplay({ step: null });
    set({ replay: { ...replay, step: next } });
    cancelTick = env.schedule(tick, 1000 / replay.speed);
  }

  /** Plays the recording from the shown step (from the start when at the end) at the chosen speed. */
  function playReplay(): void {
    const { run, replay } = get();
    if (!run || run.steps.length < 2) return;
    const last = run.steps.at(-1)!.step;
    const from = replay.step === null || replay.step >= last ? run.steps[0]!.step : replay.step;
    cancelTick?.();
    set({ replay: { ...replay, step: from, playing: true } });
    cancelTick = env.schedule(tick, 1000 / replay.speed);
  }

  function toggleReplay(): void {
    if (get().replay.playing) stopReplay();
    else playReplay();
  }

  function setReplaySpeed(speed: number): void {
    set((s) => ({ replay: { ...s.replay, speed } }));
  }

  // ── talk mode ────────────────────────────────────────────────────────────────

  function setTalk(on: boolean): void {
    set({ talk: on });
    writeUrl();
    if (on) warmUpSoon();
  }

  let warmedUp = false;

  /**
   * Talk mode: a throwaway two-step attack once the photo is detected, so the first Run in front of
   * an audience does not pay for the backend's first-use costs (kernel set-up, caches). It holds no
   * phase: Run cancels it like any job.
   */
  function warmUpSoon(): void {
    const { talk, detection, phase, run } = get();
    const client = engine;
    if (warmedUp || !talk || !client || !engineReady || phase.kind !== 'idle' || run || !detection?.faces.length) return;
    warmedUp = true;
    const { params, detectOptions } = get();
    const face = params.face === 'all' || params.face < detection.faces.length ? params.face : 0;
    const job = client.attack({ ...params, face, method: 'ifgsm', steps: 2 }, { ...detectOptions, conventions: params.conventions }, () => {});
    set({ warming: true });
    job.result
      .then(() => {
        // Free the throwaway attack unless a real run has started meanwhile (its job frees it then).
        if (get().run === null && client === engine) client.release().result.catch(() => {});
      })
      .catch(() => {})
      .finally(() => set({ warming: false }));
  }

  // ── start-up ─────────────────────────────────────────────────────────────────

  /** Reads the link, starts the engine and loads the link's sample, all at once; idempotent. */
  function start(): void {
    if (started) return;
    started = true;
    const sample = readUrl();
    writeUrl();
    void loadSample(sample);
    void startEngine(requested);
  }

  return {
    start,
    retry,
    loadPhoto,
    loadSample,
    setParams,
    setSparseParams,
    runAttack,
    pauseAttack: () => control('pause'),
    resumeAttack: () => control('resume'),
    stepAttack: () => control('step'),
    stopAttack: () => control('stop'),
    stopPruning: () => control('stopPrune'),
    reset,
    runSparse,
    compareUpsampling,
    scrubTo,
    stepReplay,
    playReplay,
    toggleReplay,
    stopReplay: () => stopReplay(),
    setReplaySpeed,
    setTalk,
    setShortcutsOpen: (open: boolean) => set({ shortcutsOpen: open }),
    dismiss,
    /** Tells the user about a failure outside the engine (e.g. the camera), in words. */
    reportError: (topic: Message['topic'], err: unknown, doing: string) => report(topic, err, doing),
    canStart: (kind: CommandKind, s: AppState = get()) => canStart(kind, s),
    /** The worker's tensor count (it must stay flat across runs). */
    tensorCount: () => (engine ? engine.numTensors() : Promise.reject(new Error('no engine'))),
    /** Simulates a worker failure (recovery self-test, ?debug=1). */
    crashEngine: () => engine?.crash(),
  };
}
