import type { AttackParams } from '../../core/attack/params';
import type { SparseParams } from '../../core/attack/sparse';
import { parseBackendName, BACKEND_NAMES, type BackendName } from '../../core/backendNames';
import { ATTACK_SPECS, SPARSE_SPECS, formatValue, readParams, type ParamSpec } from '../../core/params/schema';
import { readSetup, type LessonSetup } from './setup';
import { msg, renderText, type MessageText } from '../i18n/messageText';

/*
 * A lesson file: one JSON object that holds a whole experiment, so that an uploaded photo can be
 * handed out (a link cannot carry it).
 *
 *   {
 *     "format": "mtcnn-attack-lesson", "version": 1,
 *     "photo": {"sample": "group"}  or  {"name": "me.png", "image": "data:image/png;base64,…"},
 *     "settings": {"method": "pgd", "eps": 0.05, "scales": [3, 4], "face": 1, … every attack and
 *                  mask parameter, keyed by its URL key in the parameter schema},
 *     "backend": "wasm" (optional),
 *     "title", "task", "goal": {"kind": "evade", "maxEps": 0.02, "maxL0": 500, "maxScales": 3},
 *     "hide": ["patch"], "lock": ["eps"]  (all optional)
 *   }
 *
 * Settings are read with the same schema and messages as a link: each bad one is refused on its own.
 * Keys this app does not know are ignored with a notice.
 */

export const LESSON_FORMAT = 'mtcnn-attack-lesson';
export const LESSON_VERSION = 1;
/** A 1024 px photo is a few MB as a PNG data URL; anything far larger is not a lesson file. */
export const MAX_LESSON_CHARS = 64 * 1024 * 1024;

export type LessonPhoto = { sample: string } | { name: string; dataUrl: string };

export interface Lesson {
  photo: LessonPhoto;
  attack: AttackParams;
  sparse: SparseParams;
  backend: BackendName | null;
  setup: LessonSetup | null;
}

const TOP_KEYS = ['format', 'version', 'photo', 'settings', 'backend', 'title', 'task', 'goal', 'hide', 'lock'];
const IMAGE_DATA_URL = /^data:image\/(png|jpeg|webp);base64,([A-Za-z0-9+/=\s]+)$/;

/** The lesson as the JSON text of a lesson file (every setting written, defaults included). */
export function encodeLesson(lesson: Lesson): string {
  const settings: Record<string, unknown> = {};
  const put = (specs: readonly ParamSpec[], values: object) => {
    for (const spec of specs) settings[spec.url] = (values as Record<string, unknown>)[spec.field];
  };
  put(ATTACK_SPECS, lesson.attack);
  put(SPARSE_SPECS, lesson.sparse);
  const photo = 'sample' in lesson.photo ? { sample: lesson.photo.sample } : { name: lesson.photo.name, image: lesson.photo.dataUrl };
  const s = lesson.setup;
  const file: Record<string, unknown> = { format: LESSON_FORMAT, version: LESSON_VERSION, photo, settings };
  if (lesson.backend) file.backend = lesson.backend;
  if (s?.title) file.title = s.title;
  if (s?.task) file.task = s.task;
  if (s?.goal) {
    const goal: Record<string, unknown> = { kind: s.goal.kind };
    for (const key of ['maxEps', 'maxL0', 'maxScales'] as const) if (s.goal[key] !== null) goal[key] = s.goal[key];
    file.goal = goal;
  }
  if (s?.hide.length) file.hide = s.hide;
  if (s?.lock.length) file.lock = s.lock;
  return `${JSON.stringify(file, null, 2)}\n`;
}

export type DecodedLesson = { lesson: Lesson; notices: string[] } | { error: string };
/** A lesson file read, its sentences as i18n texts (the app's messages keep them). */
export type ReadLesson = { lesson: Lesson; notices: MessageText[] } | { error: MessageText };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON value as the text a link would hold (so the schema's one parser reads both). */
function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return formatValue(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(',');
  // Anything else (an object, null, a nested array) cannot be a value: let the parser refuse it.
  return `(${v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v})`;
}

/**
 * Reads a lesson file's text. `name` is the file's name (for messages); `samples` are the bundled
 * sample ids. Fatal problems come back as { error } (a sentence, in the current language); refused
 * settings and ignored keys as notices.
 */
export function decodeLesson(
  text: string,
  name: string,
  defaults: { attack: AttackParams; sparse: SparseParams },
  samples: readonly string[],
): DecodedLesson {
  const read = readLesson(text, name, defaults, samples);
  if ('error' in read) return { error: renderText(read.error) };
  return { lesson: read.lesson, notices: read.notices.map((n) => renderText(n)) };
}

/** decodeLesson with its sentences as i18n texts. */
export function readLesson(
  text: string,
  name: string,
  defaults: { attack: AttackParams; sparse: SparseParams },
  samples: readonly string[],
): ReadLesson {
  if (text.length > MAX_LESSON_CHARS) return { error: msg('lessons:file.notLesson', { name }) };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { error: msg('lessons:file.notJson', { name }) };
  }
  if (!isObject(data) || data.format !== LESSON_FORMAT) return { error: msg('lessons:file.notLesson', { name }) };
  if (data.version !== LESSON_VERSION) return { error: msg('lessons:file.version', { name, version: String(data.version) }) };

  // The photo: a bundled sample, or an embedded image.
  const p = data.photo;
  let photo: LessonPhoto;
  if (isObject(p) && typeof p.sample === 'string') {
    if (!samples.includes(p.sample)) return { error: msg('lessons:file.badSample', { name, sample: p.sample, samples: samples.join(', ') }) };
    photo = { sample: p.sample };
  } else if (isObject(p) && p.image !== undefined) {
    if (typeof p.image !== 'string' || !IMAGE_DATA_URL.test(p.image)) return { error: msg('lessons:file.badImage', { name }) };
    const photoName = typeof p.name === 'string' && p.name.trim() !== '' ? p.name.trim().slice(0, 200) : name.replace(/\.json$/i, '.png');
    photo = { name: photoName, dataUrl: p.image };
  } else {
    return { error: msg('lessons:file.noPhoto', { name }) };
  }

  const notices: MessageText[] = [];
  const refused: MessageText[] = [];
  const ignored = Object.keys(data).filter((k) => !TOP_KEYS.includes(k));

  // Settings, through the schema as a link's are.
  const settings = isObject(data.settings) ? data.settings : {};
  if (data.settings !== undefined && !isObject(data.settings)) refused.push(msg('lessons:file.settingsNotObject'));
  const known = new Set([...ATTACK_SPECS, ...SPARSE_SPECS].map((s) => s.url));
  ignored.push(...Object.keys(settings).filter((k) => !known.has(k)).map((k) => `settings.${k}`));
  const get = (s: ParamSpec) => (s.url in settings ? asText(settings[s.url]) : undefined);
  const who = (s: ParamSpec) => `${s.url} ${asText(settings[s.url])}: ${s.name}`;
  const attack = readParams(ATTACK_SPECS, defaults.attack, get, who);
  const sparse = readParams(SPARSE_SPECS, defaults.sparse, get, who);
  // The schema's messages are the core's (translated by src/ui/i18n/coreMessages.ts).
  refused.push(...[...attack.problems, ...sparse.problems].map((x): MessageText => ({ core: x.message })));

  let backend: BackendName | null = null;
  if (data.backend !== undefined && data.backend !== null) {
    backend = parseBackendName(typeof data.backend === 'string' ? data.backend : null);
    if (!backend) refused.push(msg('lessons:file.badBackend', { value: asText(data.backend), list: BACKEND_NAMES.join(', ') }));
  }

  // The instructor's setup, through the link's reader.
  const goal = isObject(data.goal) ? data.goal : null;
  if (data.goal !== undefined && !goal) refused.push(msg('lessons:file.goalNotObject'));
  if (goal) ignored.push(...Object.keys(goal).filter((k) => !['kind', 'maxEps', 'maxL0', 'maxScales'].includes(k)).map((k) => `goal.${k}`));
  const entries: Record<string, unknown> = {
    title: data.title,
    task: data.task,
    goal: goal ? (goal.kind ?? 'evade') : undefined,
    maxEps: goal?.maxEps,
    maxL0: goal?.maxL0,
    maxScales: goal?.maxScales,
    hide: data.hide,
    lock: data.lock,
  };
  const setup = readSetup((key) => (entries[key] === undefined || entries[key] === null ? null : asText(entries[key])));
  refused.push(...setup.problems.map((x) => x.text));

  if (refused.length) notices.push(msg('lessons:file.refused', { problems: { list: refused, sep: 'clause' } }));
  if (ignored.length) notices.push(msg('lessons:file.ignoredKeys', { keys: ignored.join(', ') }));
  return { lesson: { photo, attack: attack.params, sparse: sparse.params, backend, setup: setup.setup }, notices };
}

/** The bytes of an image data URL as a Blob (for the decoder). */
export function dataUrlToBlob(dataUrl: string): Blob {
  const m = IMAGE_DATA_URL.exec(dataUrl);
  if (!m) throw new Error('not an image data URL');
  const binary = atob(m[2]!.replace(/\s/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: `image/${m[1]}` });
}

/** Whether a dropped or chosen file is a lesson file rather than an image (by name, type or first byte). */
export async function looksLikeLesson(blob: Blob, name: string): Promise<boolean> {
  if (/\.json$/i.test(name) || blob.type === 'application/json') return true;
  if (blob.type.startsWith('image/')) return false;
  const head = await blob.slice(0, 64).text();
  return head.trimStart().startsWith('{');
}

/** The lesson file a link names (lesson=<path>), when it is on the page's own site; else null. */
export function sameOriginLesson(path: string, pageHref: string): URL | null {
  let url: URL;
  try {
    url = new URL(path, pageHref);
  } catch {
    return null;
  }
  return url.origin === new URL(pageHref).origin ? url : null;
}
