import type { MaskJudgement } from '../core/run/orchestrate';
import type { BackendName } from '../core/backendNames';
import type { AttackParams } from '../core/attack/params';
import { DEFAULT_SPARSE_PARAMS, type SparseParams } from '../core/attack/sparse';
import type { EnginePhase } from '../core/run/session';
import type { EngineEvent } from '../worker/protocol';
import type { DecodedImage } from './decodeImage';
import type { EngineApi, EngineFactory, SweepSource } from './engineApi';
import { validateSweep, type SweepSpec, type SweepVary } from '../core/run/sweep';
import { canStart, type CommandKind } from './commands';
import { explain, type Doing, type Explained } from './humanize';
import { DEFAULT_PRESET } from './presets';
import { SAMPLES } from './samples';
import { DEFAULT_REPLAY, type AppState, type AppStore, type AttackRunState, type CascadeFrame, type LoadedPhoto, type Message, type Phase, type RecordedStep, type ReplayFrame, type SparseJudgement, type SparsePoint, type SparseRunState, type StepPoint, type SweepRunState, type SweepScope, type HeadsRunState } from './store';
import { thinFrames } from './replay';
import { readLink, writeLink, type ReadLink } from './urlState';
import { lockedFields, type ControlId } from './lessons/controls';
import { dataUrlToBlob, encodeLesson, looksLikeLesson, readLesson, sameOriginLesson, type Lesson } from './lessons/lessonFile';
import type { LessonSetup } from './lessons/setup';
import { coreSentence, msg, renderMessage, type MessageText, type MessageValue } from './i18n/messageText';

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
  /** The page's address (for lesson=<path>, which must be on the same site); default: location.href. */
  pageHref?(): string;
  /** Fetches a lesson file's text; default: fetch. */
  fetchLesson?(url: string): Promise<string>;
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  return res.text();
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
/** The key of a lesson file's embedded photo, where a link choice names a sample id. */
const LESSON_PHOTO = ':lesson-photo';

/** A bundled sample's name, in the language it is shown in. */
const sampleName = (id: string): MessageText => msg(`shell:samples.${id as (typeof SAMPLES)[number]['id']}`);
/** A photo's name in messages: a bundled sample's in the current language, any other as it is. */
const shownPhotoName = (photo: LoadedPhoto): MessageValue => (photo.sample && SAMPLES.some((x) => x.id === photo.sample) ? sampleName(photo.sample) : photo.name);

/** What a link (or a lesson file) chose that only makes sense on its own photo. */
interface LinkChoice {
  /** The sample id, or LESSON_PHOTO for a lesson file's own photo. */
  sample: string;
  face: AttackParams['face'] | null;
  scales: number[] | null;
}

export type Controller = ReturnType<typeof createController>;

/** What the mask panel shows of a judged mask. */
const sparseJudgement = (j: MaskJudgement): SparseJudgement => ({ iteration: j.iteration, lambda: j.lambda, maskPixels: j.maskPixels, evaded: j.evaded, trimmed: j.kind === 'trimmed' });

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
  /** The photo a lesson file brought, and the lesson=<path> it came from (kept in the link while it is shown). */
  let lessonPhoto: LoadedPhoto | null = null;
  let lessonPath: string | null = null;
  let started = false;
  let nextMessageId = 1;

  // ── messages ─────────────────────────────────────────────────────────────────

  /**
   * Shows a message (replacing the topic's): `text` is kept as an i18n text, so a language switch
   * re-translates it (StatusBar); the store's `text` is it in the current language.
   */
  function say(topic: Message['topic'], kind: Message['kind'], text: MessageText, details?: string): void {
    const shown = renderMessage(text).text;
    const message: Message = { id: nextMessageId++, topic, kind, text: shown, ...(details ? { details } : {}), i18n: text };
    set((s) => ({ messages: [...s.messages.filter((m) => m.topic !== topic), message] }));
  }

  /** Shows an explained failure. */
  function sayExplained(topic: Message['topic'], e: Explained): void {
    say(topic, 'error', e.i18n, e.technical);
  }

  function report(topic: Message['topic'], err: unknown, doing: Doing): void {
    const e = explain(err, doing);
    if (e) sayExplained(topic, e);
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
    // An experiment runs attacks of its own: their phases are not the app's.
    if (current.kind === 'experimenting') return;
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
    const e = explain(err, msg('messages:doing.start'));
    if (startFailures >= MAX_START_FAILURES) return giveUp(e?.i18n ?? msg('messages:engine.cannotStart'), e?.technical);
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
    if (!next) return giveUp(msg('messages:engine.noBackendLeft', { backend: failed ?? '' }), reason);
    say('engine', 'error', msg('messages:engine.restarted', { backend: failed ?? msg('messages:engine.detector'), next }), reason);
    void startEngine(next, `restarted after ${failed ?? 'a failure'}`); // it detects the photo again
  }

  function giveUp(reason: MessageText, details?: string): void {
    engine?.terminate();
    engine = null;
    engineReady = false;
    set({ phase: { kind: 'unavailable' }, job: null });
    say('engine', 'error', msg('messages:engine.unavailable', { reason }), details);
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

  /** The link's search string for the current state, with `setup` as the lesson's (the dialog's choice). */
  function linkFor(setup: LessonSetup | null, opts: { keepDebug: boolean; talk: boolean; explicitSample?: boolean }): string {
    const s = get();
    const pending = linkChoice?.sample === LESSON_PHOTO ? null : (linkChoice?.sample ?? null);
    const sample = s.photo ? s.photo.sample : pending;
    const fromLesson = lessonPath !== null && s.photo !== null && s.photo === lessonPhoto;
    const state = {
      attack: s.params,
      sparse: s.sparseParams,
      sample: sample === DEFAULT_SAMPLE && !fromLesson && !opts.explicitSample ? null : sample,
      backend: requested,
      talk: opts.talk && s.talk,
      setup,
      lesson: fromLesson || (!s.photo && lessonPath) ? lessonPath : null,
    };
    // A lesson link keeps the page's language (lang=), not its debug switches.
    const current = new URLSearchParams(env.readSearch());
    const lang = current.get('lang');
    return writeLink(state, LINK_DEFAULTS, opts.keepDebug ? current : new URLSearchParams(lang ? { lang } : {}));
  }

  function writeUrl(): void {
    env.writeSearch(linkFor(get().lesson, { keepDebug: true, talk: true }));
  }

  function readUrl(): ReadLink {
    const link = readLink(env.readSearch(), LINK_DEFAULTS, SAMPLE_IDS);
    requested = link.backend;
    lessonPath = link.lesson;
    linkChoice = {
      sample: link.sample ?? DEFAULT_SAMPLE,
      face: link.chose.face ? link.attack.face : null,
      scales: link.chose.scales ? (link.attack.scales as number[]) : null,
    };
    set({ params: link.attack, sparseParams: link.sparse, talk: link.talk === true, lesson: link.setup });
    if (link.problems.length) say('link', 'error', msg('messages:link.refused', { problems: { list: link.problems.map((p) => p.text), sep: 'clause' } }));
    return link;
  }

  // ── lessons ──────────────────────────────────────────────────────────────────

  /** Hidden and locked controls keep their values: no command changes them. */
  function fixed(id: ControlId): boolean {
    const l = get().lesson;
    return l !== null && (l.hide.includes(id) || l.lock.includes(id));
  }

  /** Reads a lesson file; says why when it cannot be opened. */
  async function readLessonFile(seq: number, blob: Blob, name: string): Promise<void> {
    let text: string;
    try {
      text = await blob.text();
    } catch {
      text = '';
    }
    const decoded = readLesson(text, name, LINK_DEFAULTS, SAMPLE_IDS);
    if ('error' in decoded) {
      if (seq === photoSeq) {
        set({ loading: null });
        say('lesson', 'error', decoded.error);
      }
      return;
    }
    lessonPath = null;
    await applyLesson(seq, decoded.lesson, name, decoded.notices);
  }

  /**
   * Opens a lesson: its photo (decoded first: a bad one changes nothing), every setting, its setup
   * and backend; the face and scales apply to its photo once detected.
   */
  async function applyLesson(seq: number, lesson: Lesson, name: string, notices: MessageText[], fromLink = false): Promise<void> {
    let blob: Blob;
    let photoName: string;
    let sample: string | null = null;
    try {
      if ('dataUrl' in lesson.photo) {
        blob = dataUrlToBlob(lesson.photo.dataUrl);
        photoName = lesson.photo.name;
      } else {
        sample = lesson.photo.sample;
        const s = SAMPLES.find((x) => x.id === sample) ?? SAMPLES[0];
        blob = await env.fetchSample(s.id);
        photoName = s.label;
      }
    } catch (err) {
      if (seq !== photoSeq) return;
      set({ loading: null });
      if (sample) report('lesson', err, msg('messages:doing.lessonSample'));
      else say('lesson', 'error', msg('lessons:file.unreadableImage', { name }));
      return;
    }
    let decoded: DecodedImage;
    try {
      decoded = await env.decode(blob, photoName);
    } catch {
      if (seq === photoSeq) {
        set({ loading: null });
        say('lesson', 'error', msg('lessons:file.unreadableImage', { name }));
      }
      return;
    }
    if (seq !== photoSeq) return; // a newer choice wins
    const key = sample ?? LESSON_PHOTO;
    linkChoice = { sample: key, face: lesson.attack.face, scales: Array.isArray(lesson.attack.scales) ? lesson.attack.scales : null };
    set({ params: lesson.attack, sparseParams: lesson.sparse, lesson: lesson.setup });
    // A file opened later replaces the link's messages; the link that names the file keeps them.
    if (fromLink) clearTopics('lesson');
    else clearTopics('lesson', 'link');
    say('lesson', 'notice', { list: [msg('lessons:file.applied', { name }), ...notices], sep: 'sentence' });
    if (lesson.backend && lesson.backend !== requested) {
      requested = lesson.backend;
      void startEngine(requested); // it detects the lesson's photo once it is ready
    }
    await showPhoto(seq, decoded, photoName, sample, { key, lesson: true });
  }

  /** Start-up with lesson=<path>: the file's experiment, with the link's own values over it. */
  async function startWithLesson(link: ReadLink, path: string): Promise<void> {
    const seq = ++photoSeq;
    const href = env.pageHref ? env.pageHref() : globalThis.location.href;
    const url = sameOriginLesson(path, href);
    let text: string | null = null;
    if (!url) say('lesson', 'error', msg('lessons:file.notSameOrigin', { path }));
    else {
      try {
        text = await (env.fetchLesson ?? fetchText)(url.href);
      } catch {
        say('lesson', 'error', msg('lessons:file.fetchFailed', { path }));
      }
    }
    const decoded = text === null ? null : readLesson(text, path, LINK_DEFAULTS, SAMPLE_IDS);
    if (decoded && 'error' in decoded) say('lesson', 'error', decoded.error);
    if (!decoded || 'error' in decoded) {
      lessonPath = null;
      writeUrl();
      void startEngine(requested);
      if (seq === photoSeq) await fetchSampleAs(seq, linkChoice?.sample ?? DEFAULT_SAMPLE);
      return;
    }
    const lesson = decoded.lesson;
    const pick = <T extends object>(base: T, over: T, keys: string[]): T => ({ ...base, ...Object.fromEntries(keys.map((k) => [k, (over as Record<string, unknown>)[k]])) });
    const merged: Lesson = {
      ...lesson,
      attack: pick(lesson.attack, link.attack, link.given.attack),
      sparse: pick(lesson.sparse, link.sparse, link.given.sparse),
      setup: link.setup ?? lesson.setup,
    };
    requested = link.backend ?? lesson.backend;
    void startEngine(requested);
    lessonPath = path;
    // The link's own problems stay on screen; the lesson's notices join them.
    await applyLesson(seq, { ...merged, backend: null }, path.split('/').pop() || path, decoded.notices, true);
  }

  /** The current experiment as a lesson, with `setup`; the photo as a PNG data URL when it is not a sample. */
  function currentLesson(setup: LessonSetup | null, photoDataUrl: string | null): Lesson | null {
    const { photo, params, sparseParams } = get();
    if (!photo) return null;
    const p = photo.sample ? { sample: photo.sample } : photoDataUrl ? { name: photo.name, dataUrl: photoDataUrl } : null;
    if (!p) return null;
    return { photo: p, attack: params, sparse: sparseParams, backend: requested, setup };
  }

  /** After a photo's detection: the link's face and scales apply only to the photo they were made for. */
  function applyLinkChoice(): void {
    const choice = linkChoice;
    const { photo, detection, params } = get();
    if (!choice || !photo || !detection) return;
    linkChoice = null;
    if (choice.face === null && choice.scales === null) return;
    const notes: MessageText[] = [];
    let { face, scales } = params;
    const key = photo === lessonPhoto && photo.sample === null ? LESSON_PHOTO : photo.sample;
    if (key !== choice.sample) {
      notes.push(msg('messages:link.otherPhoto', { sample: choice.sample, photo: shownPhotoName(photo) }));
      face = face === 'all' ? 'all' : 0;
      scales = Array.isArray(scales) ? 'auto' : scales;
    } else {
      if (typeof choice.face === 'number' && choice.face >= detection.faces.length) {
        notes.push(msg('messages:link.faceMissing', { face: choice.face, faces: detection.faces.length }));
        face = 0;
      }
      const levels = detection.scales.length;
      if (choice.scales && choice.scales.some((i) => i >= levels)) {
        notes.push(msg('messages:link.scalesMissing', { scales: choice.scales.join(','), last: levels - 1 }));
        scales = 'auto';
      }
    }
    if (notes.length) {
      say('link', 'notice', msg('messages:link.fromLink', { notes: { list: notes, sep: 'clause' } }));
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
      if (get().photo === photo && client === engine) report('detect', err, msg('messages:doing.detect'));
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
        report('photo', err, msg('messages:doing.reading', { name }));
      }
      return;
    }
    if (seq !== photoSeq) return; // a newer choice wins
    await showPhoto(seq, decoded, name, sample, { key: sample, lesson: false });
  }

  /** Shows a decoded photo (`key`: what a link choice names it by; `lesson`: a lesson brought it) and detects it. */
  async function showPhoto(seq: number, decoded: DecodedImage, name: string, sample: string | null, from: { key: string | null; lesson: boolean }): Promise<void> {
    if (seq !== photoSeq) return;
    engine?.cancelAll();
    clearTopics('photo', 'detect', 'attack', 'prune', 'compare');
    if (decoded.notice) say('photo', 'notice', decoded.noticeText ?? coreSentence(decoded.notice));
    const ownPhoto = linkChoice !== null && linkChoice.sample === from.key;
    const photo: LoadedPhoto = { name, rgba: decoded.image, sample };
    lessonPhoto = from.lesson ? photo : null;
    if (!from.lesson) lessonPath = null;
    set((s) => ({
      photo,
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
      say('link', 'notice', msg('messages:link.elsewhere', { sample: choice.sample }));
    }
  }

  /** A photo, or a lesson file (by its name, type or first byte), from upload, drop or paste. */
  async function loadPhoto(blob: Blob, name: string): Promise<void> {
    const seq = ++photoSeq;
    set({ loading: name });
    if (await looksLikeLesson(blob, name)) return readLessonFile(seq, blob, name);
    if (fixed('photo')) {
      if (seq === photoSeq) set({ loading: null });
      return say('photo', 'notice', msg('lessons:file.photoLocked'));
    }
    return acceptPhoto(seq, blob, name, null);
  }

  async function loadSample(id: string): Promise<void> {
    if (fixed('photo')) return say('photo', 'notice', msg('lessons:file.photoLocked'));
    return fetchSampleAs(++photoSeq, id);
  }

  async function fetchSampleAs(seq: number, id: string): Promise<void> {
    const sample = SAMPLES.find((s) => s.id === id) ?? SAMPLES[0];
    set({ loading: sample.label });
    let blob: Blob;
    try {
      blob = await env.fetchSample(sample.id);
    } catch (err) {
      if (seq === photoSeq) {
        set({ loading: null });
        report('photo', err, msg('messages:doing.sample', { name: sampleName(sample.id) }));
      }
      return;
    }
    if (seq !== photoSeq) return;
    await acceptPhoto(seq, blob, sample.label, sample.id);
  }

  // ── parameters ───────────────────────────────────────────────────────────────

  function setParams(patch: Partial<AttackParams>): void {
    if (!can('edit')) return;
    const lesson = get().lesson;
    const keep = lesson ? lockedFields([...lesson.hide, ...lesson.lock]) : [];
    const allowed = Object.fromEntries(Object.entries(patch).filter(([k]) => !keep.includes(k as keyof AttackParams)));
    set((s) => ({ params: { ...s.params, ...allowed } }));
    writeUrl();
  }

  function setSparseParams(patch: Partial<SparseParams>): void {
    if (fixed('prune')) return;
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
      run: { id: job.id, outcome: 'active', params, totalSteps, started: null, points: [], preview: null, boxes: [], probs: [], steps: [], frames: [], cascades: [], result: null, comparison: null, sparse: null, transfer: null, defences: null },
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
      report('attack', err, msg('messages:doing.attack'));
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
    if (!client || !run || !can('prune') || fixed('prune')) return;
    const runId = run.id;
    const updateSparse = (patch: Partial<SparseRunState>) =>
      set((s) => (s.run?.id === runId && s.run.sparse ? { run: { ...s.run, sparse: { ...s.run.sparse, ...patch } } } : {}));
    let points: SparsePoint[] = [];
    let judgements: SparseJudgement[] = [];
    let pending: { width: number; height: number; data: Float32Array } | null = null;
    const timer: { cancel: (() => void) | null } = { cancel: null };
    const flush = () => {
      timer.cancel = null;
      if (pending) updateSparse({ points, judgements, mask: pending });
      pending = null;
    };
    const job = client.prune(runId, sparseParams, (e) => {
      if (e.type !== 'sparseStep') return;
      const s = e.step;
      points = [...points, { iteration: s.iteration, loss: s.loss, maskPixels: s.maskPixels, meanMask: s.meanMask, a: s.a, lambda: s.lambda }];
      if (s.judged) judgements = [...judgements, sparseJudgement(s.judged)];
      pending = { width: e.width, height: e.height, data: s.mask };
      timer.cancel ??= env.schedule(flush, UI_UPDATE_MS);
    });
    clearTopics('prune');
    updateRun(runId, () => ({ sparse: { status: 'running', runId, params: sparseParams, points: [], judgements: [], mask: null, result: null } }));
    enterJob(job.id, { kind: 'pruning', stopping: false });
    try {
      const result = await job.result;
      timer.cancel?.();
      flush();
      updateSparse({ status: 'done', result, judgements: result.judgements.map(sparseJudgement), mask: { width: result.mask.width, height: result.mask.height, data: result.mask.data } });
    } catch (err) {
      timer.cancel?.();
      const e = explain(err, msg('messages:doing.sparse'));
      if (get().run?.id !== runId) return;
      updateSparse({ status: 'failed' });
      if (e) sayExplained('prune', e);
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
      const e = explain(err, msg('messages:doing.compare'));
      updateRun(run.id, () => ({ comparison: e ? { params: null, result: null, failed: e.text } : null }));
    } finally {
      leaveJob(job.id);
    }
  }

  /** The second detector (Tiny Face Detector) on the shown run's adversarial image: does the attack transfer? */
  async function checkTransfer(): Promise<void> {
    const client = engine;
    const run = get().run;
    if (!client || !run?.result || !can('check')) return;
    const runId = run.id;
    const targets = run.result.faces.map((f) => ({ face: f.face, box: f.box }));
    const job = client.transfer(run.result.image, targets);
    clearTopics('check');
    updateRun(runId, () => ({ transfer: { status: 'running', verdict: null } }));
    enterJob(job.id, { kind: 'checking' });
    try {
      const verdict = await job.result;
      updateRun(runId, () => ({ transfer: { status: 'done', verdict } }));
    } catch (err) {
      const e = explain(err, msg('messages:doing.transfer'));
      updateRun(runId, () => ({ transfer: e ? { status: 'failed', verdict: null } : null }));
      if (e) sayExplained('check', e);
    } finally {
      leaveJob(job.id);
    }
  }

  /** Defences (JPEG, blur, rescale, bit depth, median) on the shown run's adversarial image: does the face come back? */
  async function checkDefences(): Promise<void> {
    const client = engine;
    const { run, detectOptions } = get();
    if (!client || !run?.result || !can('check')) return;
    const runId = run.id;
    const job = client.defences(run.result.image, run.result.faces.map((f) => f.face), { ...detectOptions, conventions: run.params.conventions }, (e) => {
      if (e.type === 'defenceRow') updateRun(runId, (r) => ({ defences: { status: 'running', rows: [...(r.defences?.rows ?? []), e.row] } }));
    });
    clearTopics('check');
    updateRun(runId, () => ({ defences: { status: 'running', rows: [] } }));
    enterJob(job.id, { kind: 'checking' });
    try {
      const rows = await job.result;
      updateRun(runId, () => ({ defences: { status: 'done', rows } }));
    } catch (err) {
      const e = explain(err, msg('messages:doing.defences'));
      updateRun(runId, (r) => ({ defences: e ? { status: 'failed', rows: r.defences?.rows ?? [] } : null }));
      if (e) sayExplained('check', e);
    } finally {
      leaveJob(job.id);
    }
  }

  /**
   * A sweep (Experiments): `vary` over `values` with the current settings, on the chosen face, every
   * face of the photo, or every face of the bundled samples; points arrive live, cancel keeps them.
   */
  async function runSweep(vary: SweepVary, values: number[], scope: SweepScope): Promise<void> {
    const client = engine;
    const { params, photo, detectOptions } = get();
    if (!client || !photo || !can('experiment')) return;
    const spec: SweepSpec = { base: params, vary, values, faces: scope === 'chosen' ? 'chosen' : 'every' };
    const invalid = validateSweep(spec);
    if (invalid) return say('sweep', 'error', { core: invalid });
    clearTopics('sweep');
    const faces = get().detection?.faces.length ?? 0;
    set({ sweep: { status: 'running', spec, scope, total: scope === 'samples' ? null : values.length * (scope === 'chosen' ? 1 : faces), points: [] } });
    let source: SweepSource;
    if (scope === 'samples') {
      try {
        source = { photos: await Promise.all(SAMPLES.map(async (s) => ({ name: s.file, rgba: (await env.decode(await env.fetchSample(s.id), s.file)).image }))) };
      } catch (err) {
        set({ sweep: null });
        return report('sweep', err, msg('messages:doing.sweepSamples'));
      }
    } else source = { currentName: photo.name };
    const updateSweep = (patch: Partial<SweepRunState>) => set((s) => (s.sweep?.spec === spec ? { sweep: { ...s.sweep, ...patch } } : {}));
    const job = client.sweep(spec, { ...detectOptions, conventions: params.conventions }, source, (e) => {
      if (e.type === 'sweepPoint') updateSweep({ points: [...(get().sweep?.points ?? []), e.point] });
    });
    enterJob(job.id, { kind: 'experimenting' });
    try {
      const points = await job.result;
      updateSweep({ status: 'done', points, total: points.length });
    } catch (err) {
      const e = explain(err, msg('messages:doing.sweep'));
      updateSweep({ status: e ? 'failed' : 'cancelled' });
      if (e) sayExplained('sweep', e);
    } finally {
      leaveJob(job.id);
    }
  }

  /**
   * The per-head vulnerability matrix on the current photo, with the current budget (ε, α, steps,
   * seed) and face(s); rows arrive live; Stop keeps the rows so far.
   */
  async function runHeads(): Promise<void> {
    const client = engine;
    const { params, detectOptions } = get();
    if (!client || !can('experiment')) return;
    clearTopics('sweep');
    set({ heads: { status: 'running', params, rows: [], total: null } });
    const job = client.heads(params, { ...detectOptions, conventions: params.conventions }, (e) => {
      if (e.type === 'headRow') set((s) => (s.heads?.params === params ? { heads: { ...s.heads, rows: [...s.heads.rows, e.row], total: e.total } } : {}));
    });
    enterJob(job.id, { kind: 'experimenting' });
    const update = (patch: Partial<HeadsRunState>) => set((s) => (s.heads?.params === params ? { heads: { ...s.heads, ...patch } } : {}));
    try {
      const matrix = await job.result;
      update({ status: matrix.stopped ? 'stopped' : 'done', rows: matrix.rows });
    } catch (err) {
      const e = explain(err, msg('messages:doing.heads'));
      update({ status: e ? 'failed' : 'stopped' });
      if (e) sayExplained('sweep', e);
    } finally {
      leaveJob(job.id);
    }
  }

  /** Ends the running experiment: a sweep is cancelled, a head matrix stopped; what is done stays. */
  function stopExperiment(): void {
    const { job, heads } = get();
    if (!engine || job === null || !can('stopExperiment')) return;
    engine.control(job, heads?.status === 'running' ? 'stop' : 'cancel');
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
    const link = readUrl();
    if (link.lesson) {
      void startWithLesson(link, link.lesson);
      return;
    }
    writeUrl();
    void fetchSampleAs(++photoSeq, link.sample ?? DEFAULT_SAMPLE);
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
    runSweep,
    runHeads,
    stopExperiment,
    checkTransfer,
    checkDefences,
    scrubTo,
    stepReplay,
    playReplay,
    toggleReplay,
    stopReplay: () => stopReplay(),
    setReplaySpeed,
    setTalk,
    /** The link to the current experiment with `setup` (the "Create lesson link" dialog), as a search string. */
    lessonLink: (setup: LessonSetup | null) => linkFor(setup, { keepDebug: false, talk: false, explicitSample: true }),
    /** The current experiment as a lesson file's text; null without a photo (or without its PNG for an uploaded one). */
    lessonFile: (setup: LessonSetup | null, photoDataUrl: string | null) => {
      const lesson = currentLesson(setup, photoDataUrl);
      return lesson ? encodeLesson(lesson) : null;
    },
    setShortcutsOpen: (open: boolean) => set({ shortcutsOpen: open }),
    dismiss,
    /** Tells the user about a failure outside the engine (e.g. the camera), in words. */
    reportError: (topic: Message['topic'], err: unknown, doing: Doing) => report(topic, err, doing),
    canStart: (kind: CommandKind, s: AppState = get()) => canStart(kind, s),
    /** The worker's tensor count (it must stay flat across runs). */
    tensorCount: () => (engine ? engine.numTensors() : Promise.reject(new Error('no engine'))),
    /** Simulates a worker failure (recovery self-test, ?debug=1). */
    crashEngine: () => engine?.crash(),
  };
}
