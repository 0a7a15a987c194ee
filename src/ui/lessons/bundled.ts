import type { AttackParams } from '../../core/attack/params';
import { DEFAULT_SPARSE_PARAMS } from '../../core/attack/sparse';
import { DEFAULT_PRESET } from '../presets';
import { writeLink } from '../urlState';
import type { LessonSetup } from './setup';
import { LANGUAGES, tr } from '../i18n';
import { resources } from '../i18n/resources';

/*
 * The bundled lessons: each is a link (sample, settings, task, goal, hidden and locked controls).
 * Their goals were checked on the astronaut with the CLI (PGD, α 0.004, 50 steps; WASM):
 *   ε 0.025 leaves the face detected, ε 0.03 hides it (L∞ 0.0314 on the 8-bit image);
 *   scales 0,1 (and 0,1,2) leave it detected; scales 3,4,5 hide it (Auto attacks 5 levels, 3–7);
 *   the default attack (107,467 pixels changed) pruned with AutoAdversary's defaults keeps 3,318 (bench/results/sparse.json).
 */

type BundledId = keyof typeof resources.en.lessons.bundled;

export interface BundledLesson {
  id: BundledId;
  sample: string;
  attack: Partial<AttackParams>;
  setup: LessonSetup;
}

/** A link carries the English title and task; the task card shows them in the page's language (localizeLessonText). */
const text = (id: BundledId) => ({ title: resources.en.lessons.bundled[id].title, task: resources.en.lessons.bundled[id].task });

export const BUNDLED_LESSONS: readonly BundledLesson[] = [
  {
    id: 'epsilon',
    sample: 'astronaut',
    attack: {},
    setup: {
      ...text('epsilon'),
      goal: { kind: 'evade', maxEps: 0.03, maxL0: null, maxScales: null },
      hide: ['preset', 'tv', 'tvKind', 'domain', 'patch', 'prune'],
      lock: ['photo', 'method', 'face', 'alpha', 'steps', 'seed', 'heads', 'scales'],
    },
  },
  {
    id: 'scales',
    sample: 'astronaut',
    attack: { scales: [0, 1] },
    setup: {
      ...text('scales'),
      goal: { kind: 'evade', maxEps: null, maxL0: null, maxScales: 3 },
      hide: ['preset', 'tv', 'tvKind', 'domain', 'patch', 'prune'],
      lock: ['photo', 'method', 'face', 'eps', 'alpha', 'steps', 'seed', 'heads'],
    },
  },
  {
    id: 'pixels',
    sample: 'astronaut',
    attack: {},
    setup: {
      ...text('pixels'),
      goal: { kind: 'evade', maxEps: null, maxL0: 5000, maxScales: null },
      hide: ['preset', 'tv', 'tvKind', 'domain', 'patch'],
      lock: ['photo', 'method', 'face', 'eps', 'alpha', 'steps', 'seed', 'heads', 'scales'],
    },
  },
];

/**
 * A bundled lesson's link (a search string, "?sample=…"); `current` is the page's address query,
 * whose lang= (and debug=) the link keeps.
 */
export function bundledLessonLink(lesson: BundledLesson, current: URLSearchParams = new URLSearchParams()): string {
  const defaults = { attack: DEFAULT_PRESET.params, sparse: DEFAULT_SPARSE_PARAMS };
  return writeLink(
    { attack: { ...defaults.attack, ...lesson.attack }, sparse: defaults.sparse, sample: lesson.sample, backend: null, setup: lesson.setup },
    defaults,
    current,
  );
}

/**
 * A lesson's title or task in the page's language when it is a bundled lesson's (in any language,
 * e.g. a link made in Chinese opened in English); any other text as it is.
 */
export function localizeLessonText(text: string, part: 'title' | 'task'): string {
  const clean = text.trim();
  for (const id of Object.keys(resources.en.lessons.bundled) as BundledId[]) {
    if (LANGUAGES.some((lang) => resources[lang].lessons.bundled[id][part] === clean)) return tr(`lessons:bundled.${id}.${part}`);
  }
  return text;
}
