import type { AttackParams } from '../core/attack/params';
import type { SparseParams } from '../core/attack/sparse';
import { parseBackendName, BACKEND_NAMES, type BackendName } from '../core/backendNames';
import { ATTACK_SPECS, SPARSE_SPECS, formatValue, readParams, type ParamProblem, type ParamSpec } from '../core/params/schema';
import { SETUP_KEYS, readSetup, writeSetup, type LessonSetup } from './lessons/setup';
import { msg, renderText, type MessageText } from './i18n/messageText';

/*
 * A link holds the experiment: every attack and mask parameter (seed included, from the parameter
 * schema; the face and an explicit list of scales among them), the bundled sample it was made on, a
 * forced backend, and a lesson's setup (title, task, goal, hidden and locked controls) or the
 * same-origin lesson file it starts from (lesson=<path>). Only values that differ from the defaults
 * are written. Reading a link refuses each bad key on its own and keeps the others.
 */

export interface LinkState {
  attack: AttackParams;
  sparse: SparseParams;
  /** A bundled sample's id, or null for an uploaded photo / none given. */
  sample: string | null;
  backend: BackendName | null;
  /** Talk mode (talk=1). */
  talk?: boolean;
  /** A lesson's title, task, goal and hidden / locked controls. */
  setup?: LessonSetup | null;
  /** A same-origin lesson file the experiment starts from (its values are under the link's). */
  lesson?: string | null;
}

/** Keys the app reads that are not run parameters. */
const APP_KEYS = ['sample', 'lesson', 'backend', 'debug', 'talk', 'lang', ...SETUP_KEYS] as const;

export function writeLink(state: LinkState, defaults: Pick<LinkState, 'attack' | 'sparse'>, current: URLSearchParams = new URLSearchParams()): string {
  const out = new URLSearchParams();
  if (state.sample) out.set('sample', state.sample);
  if (state.lesson) out.set('lesson', state.lesson);
  if (state.backend) out.set('backend', state.backend);
  if (current.get('debug')) out.set('debug', current.get('debug')!);
  // The language is the page's (src/ui/i18n), not the experiment's: kept as the address bar has it.
  if (current.get('lang')) out.set('lang', current.get('lang')!);
  if (state.talk) out.set('talk', '1');
  const write = (specs: readonly ParamSpec[], values: object, base: object) => {
    for (const spec of specs) {
      const v = formatValue((values as Record<string, unknown>)[spec.field]);
      if (v !== formatValue((base as Record<string, unknown>)[spec.field])) out.set(spec.url, v);
    }
  };
  write(ATTACK_SPECS, state.attack, defaults.attack);
  write(SPARSE_SPECS, state.sparse, defaults.sparse);
  writeSetup(state.setup ?? null, out);
  const s = out.toString();
  return s ? `?${s}` : '';
}

/**
 * A refused entry of a link: `message` in the current language (the schema's in English), `text`
 * to translate again (the schema's messages are the core's: see src/ui/i18n/coreMessages.ts).
 */
export interface LinkProblem extends ParamProblem {
  text: MessageText;
}

export interface ReadLink extends LinkState {
  problems: LinkProblem[];
  /** Whether the link chose the face and an explicit list of scales (they belong to its photo). */
  chose: { face: boolean; scales: boolean };
  /** The run parameters the link gives (over a lesson file's, when it names one). */
  given: { attack: string[]; sparse: string[] };
  setup: LessonSetup | null;
  lesson: string | null;
}

/** Reads a link over the defaults; problems come back as messages, never thrown. */
export function readLink(search: string, defaults: Pick<LinkState, 'attack' | 'sparse'>, samples: readonly string[]): ReadLink {
  const q = new URLSearchParams(search);
  const get = (s: ParamSpec) => q.get(s.url) ?? undefined;
  const who = (s: ParamSpec) => `${s.url}=${q.get(s.url)}: ${s.name}`;
  const attack = readParams(ATTACK_SPECS, defaults.attack, get, who);
  const sparse = readParams(SPARSE_SPECS, defaults.sparse, get, who);
  const problems: LinkProblem[] = [...attack.problems, ...sparse.problems].map((p) => ({ ...p, text: { core: p.message } }));
  const problem = (key: string, text: MessageText) => problems.push({ key, message: renderText(text), text });

  const rawBackend = q.get('backend');
  const backend = parseBackendName(rawBackend);
  if (rawBackend !== null && !backend) problem('backend', msg('messages:link.badBackend', { value: rawBackend, list: BACKEND_NAMES.join(', ') }));
  const rawSample = q.get('sample');
  const sample = rawSample !== null && samples.includes(rawSample) ? rawSample : null;
  if (rawSample !== null && !sample) problem('sample', msg('messages:link.badSample', { value: rawSample, list: samples.join(', ') }));

  const rawTalk = q.get('talk');
  if (rawTalk !== null && rawTalk !== '1' && rawTalk !== '0') problem('talk', msg('messages:link.badTalk', { value: rawTalk }));

  const setup = readSetup((key) => q.get(key));
  problems.push(...setup.problems);
  const rawLesson = q.get('lesson');
  const lesson = rawLesson === null || rawLesson.trim() === '' ? null : rawLesson.trim();

  const known = new Set<string>([...APP_KEYS, ...ATTACK_SPECS.map((s) => s.url), ...SPARSE_SPECS.map((s) => s.url)]);
  for (const key of new Set(q.keys())) if (!known.has(key)) problem(key, msg('messages:link.unknownKey', { key }));

  return {
    attack: attack.params,
    sparse: sparse.params,
    sample,
    backend,
    talk: rawTalk === '1',
    problems,
    chose: { face: attack.given.includes('face'), scales: attack.given.includes('scales') && Array.isArray(attack.params.scales) },
    given: { attack: attack.given, sparse: sparse.given },
    setup: setup.setup,
    lesson,
  };
}
