import { CONTROL_IDS, parseControlList, type ControlId } from './controls';
import { readGoal, writeGoal, type Goal } from './goal';
import { msg, renderText, type MessageText } from '../i18n/messageText';

/*
 * What an instructor adds to an experiment: a title and a task for the card, a goal checked against
 * the verdict, and the controls to hide or lock. It travels in a link (title=, task=, goal=,
 * maxEps=, maxL0=, maxScales=, hide=, lock=) and in a lesson file.
 */

export interface LessonSetup {
  title: string | null;
  task: string | null;
  goal: Goal | null;
  hide: ControlId[];
  lock: ControlId[];
}

export const SETUP_KEYS = ['title', 'task', 'goal', 'maxEps', 'maxL0', 'maxScales', 'hide', 'lock'] as const;

export const MAX_TASK_CHARS = 1000;
export const MAX_TITLE_CHARS = 120;

export function emptySetup(): LessonSetup {
  return { title: null, task: null, goal: null, hide: [], lock: [] };
}

export function isEmptySetup(s: LessonSetup | null): boolean {
  return !s || (!s.title && !s.task && !s.goal && s.hide.length === 0 && s.lock.length === 0);
}

/** A refused entry: `message` in the current language, `text` to translate again (a message keeps it). */
export interface Problem {
  key: string;
  message: string;
  text: MessageText;
}

const problem = (key: string, text: MessageText): Problem => ({ key, message: renderText(text), text });

function readText(key: 'title' | 'task', raw: string | null, max: number, problems: Problem[]): string | null {
  if (raw === null) return null;
  const text = raw.trim();
  if (text.length > max) {
    problems.push(problem(key, msg('lessons:problems.tooLong', { key, length: text.length, max })));
    return text.slice(0, max);
  }
  return text === '' ? null : text;
}

function readIds(key: 'hide' | 'lock', raw: string | null, problems: Problem[]): ControlId[] {
  if (raw === null) return [];
  const { ids, unknown } = parseControlList(raw);
  if (unknown.length) problems.push(problem(key, msg(`lessons:problems.${key}`, { ids: unknown.join(','), list: CONTROL_IDS.join(', ') })));
  return ids;
}

/** Reads the setup from text entries; null when there is none. Bad entries are refused one by one. */
export function readSetup(get: (key: string) => string | null): { setup: LessonSetup | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const goal = readGoal(get);
  problems.push(...goal.problems);
  const setup: LessonSetup = {
    title: readText('title', get('title'), MAX_TITLE_CHARS, problems),
    task: readText('task', get('task'), MAX_TASK_CHARS, problems),
    goal: goal.goal,
    hide: readIds('hide', get('hide'), problems),
    lock: readIds('lock', get('lock'), problems),
  };
  return { setup: isEmptySetup(setup) ? null : setup, problems };
}

export function writeSetup(setup: LessonSetup | null, out: URLSearchParams): void {
  if (!setup) return;
  if (setup.title) out.set('title', setup.title);
  if (setup.task) out.set('task', setup.task);
  writeGoal(setup.goal, out);
  if (setup.hide.length) out.set('hide', setup.hide.join(','));
  if (setup.lock.length) out.set('lock', setup.lock.join(','));
}

export const isHidden = (s: LessonSetup | null, id: ControlId) => s?.hide.includes(id) ?? false;
/** Locked and not hidden (a hidden control is not shown at all). */
export const isLocked = (s: LessonSetup | null, id: ControlId) => (s?.lock.includes(id) ?? false) && !isHidden(s, id);
