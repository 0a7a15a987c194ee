import type { AttackParams } from '../../core/attack/params';
import { DEFAULT_SPARSE_PARAMS } from '../../core/attack/sparse';
import { DEFAULT_PRESET } from '../presets';
import { writeLink } from '../urlState';
import type { LessonSetup } from './setup';
import { BUNDLED_TEXT } from './strings';

/*
 * The bundled lessons: each is a link (sample, settings, task, goal, hidden and locked controls).
 * Their goals were checked on the astronaut with the CLI (PGD, α 0.004, 50 steps; WASM):
 *   ε 0.025 leaves the face detected, ε 0.03 hides it (L∞ 0.0314 on the 8-bit image);
 *   scales 0,1 (and 0,1,2) leave it detected; scales 3,4,5 hide it (Auto attacks 5 levels, 3–7);
 *   the default attack (107,467 pixels changed) pruned with AutoAdversary's defaults keeps 4,165.
 */

export interface BundledLesson {
  id: keyof typeof BUNDLED_TEXT;
  sample: string;
  attack: Partial<AttackParams>;
  setup: LessonSetup;
}

const text = (id: keyof typeof BUNDLED_TEXT) => ({ title: BUNDLED_TEXT[id].title, task: BUNDLED_TEXT[id].task });

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

/** A bundled lesson's link (a search string, "?sample=…"). */
export function bundledLessonLink(lesson: BundledLesson): string {
  const defaults = { attack: DEFAULT_PRESET.params, sparse: DEFAULT_SPARSE_PARAMS };
  return writeLink(
    { attack: { ...defaults.attack, ...lesson.attack }, sparse: defaults.sparse, sample: lesson.sample, backend: null, setup: lesson.setup },
    defaults,
  );
}
