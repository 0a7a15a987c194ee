import type { AttackParams } from '../../core/attack/params';
import { formatNumber, tr } from '../i18n';
import { msg, renderText, type MessageText } from '../i18n/messageText';

/*
 * A lesson's goal (goal=evade, with optional limits maxEps, maxL0, maxScales) and its check against
 * the judged run: the verdict of the full cascade on the 8-bit image, that image's measured L∞ and
 * L0, and the pyramid levels the run attacked. A pruned (sparse) result counts too.
 */

export interface Goal {
  kind: 'evade';
  /** Largest L∞ of the 8-bit perturbation allowed (ε), or null. */
  maxEps: number | null;
  /** Most pixels changed (L0, any channel), or null. */
  maxL0: number | null;
  /** Most pyramid levels attacked, or null. */
  maxScales: number | null;
}

export const GOAL_KEYS = ['goal', 'maxEps', 'maxL0', 'maxScales'] as const;

/** 8-bit rounding moves a value by at most half a grey level: the L∞ limit allows that. */
export const ROUNDING = 0.5 / 255;

type Limit = 'maxEps' | 'maxL0' | 'maxScales';
const LIMITS: Record<Limit, { min: number; max: number; integer: boolean }> = {
  maxEps: { min: 0.001, max: 1, integer: false },
  maxL0: { min: 0, max: 100_000_000, integer: true },
  maxScales: { min: 1, max: 100, integer: true },
};

/** Why `value` is not a valid limit (after the limit's name: "must be a number, got NaN"), or null. */
export function limitProblem(key: Limit, value: unknown): MessageText | null {
  const r = LIMITS[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) return msg('lessons:limit.number', { value: String(value) });
  if (value < r.min || value > r.max) return msg('lessons:limit.range', { min: r.min, max: r.max, value });
  if (r.integer && !Number.isInteger(value)) return msg('lessons:limit.whole', { value });
  return null;
}

/** Why `value` is not a valid limit for `key` ("maxEps must be a number, got NaN"), or null. */
export function checkLimit(key: Limit, value: unknown): string | null {
  const reason = limitProblem(key, value);
  return reason ? renderText(msg('lessons:problems.keyed', { key, reason })) : null;
}

/**
 * Reads a goal from text entries (a link's query). A limit without goal= implies goal=evade. Each bad
 * entry is refused on its own with a message.
 */
export function readGoal(get: (key: string) => string | null): { goal: Goal | null; problems: GoalProblem[] } {
  const problems: GoalProblem[] = [];
  const problem = (key: string, text: MessageText) => problems.push({ key, message: renderText(text), text });
  const kind = get('goal');
  let wanted = false;
  if (kind !== null) {
    if (kind.trim() === 'evade') wanted = true;
    else problem('goal', msg('lessons:problems.goalKind', { kind }));
  }
  const goal: Goal = { kind: 'evade', maxEps: null, maxL0: null, maxScales: null };
  for (const key of ['maxEps', 'maxL0', 'maxScales'] as const) {
    const raw = get(key);
    if (raw === null) continue;
    const value = raw.trim() === '' ? NaN : Number(raw);
    const reason = limitProblem(key, value);
    if (reason) problem(key, msg('lessons:problems.limit', { key, raw, problem: msg('lessons:problems.keyed', { key, reason }) }));
    else {
      goal[key] = value;
      wanted = true;
    }
  }
  return { goal: wanted ? goal : null, problems };
}

export function writeGoal(goal: Goal | null, out: URLSearchParams): void {
  if (!goal) return;
  out.set('goal', goal.kind);
  for (const key of ['maxEps', 'maxL0', 'maxScales'] as const) if (goal[key] !== null) out.set(key, String(goal[key]));
}

/** The goal in words, in the current language: "Hide the face from the detector, with ε at most 0.02." */
export function describeGoal(goal: Goal): string {
  const parts: string[] = [tr('lessons:goal.evade')];
  if (goal.maxEps !== null) parts.push(tr('lessons:goal.maxEps', { value: goal.maxEps }));
  if (goal.maxL0 !== null) parts.push(tr('lessons:goal.maxL0', { value: formatNumber(goal.maxL0) }));
  if (goal.maxScales !== null) parts.push(tr('lessons:goal.maxScales', { count: goal.maxScales }));
  const text = tr('lessons:goal.describe', { parts: parts.join(tr('lessons:goal.comma')) });
  return text.charAt(0).toUpperCase() + text.slice(1);
}

interface Judged {
  successRate: number;
  faces: readonly { face: number; evaded: boolean }[];
  norms: { l0Pixels: number; linf: number };
}

/** What checkGoal needs of a run (the store's AttackRunState has it). */
export interface GoalRun {
  outcome: 'active' | 'done' | 'failed';
  params: Pick<AttackParams, 'scales'>;
  started: { levels: readonly unknown[] } | null;
  result: Judged | null;
  sparse: { status: 'running' | 'done' | 'failed'; result: Judged | null } | null;
}

export interface GoalCheck {
  state: 'waiting' | 'running' | 'done' | 'not-met';
  /** One sentence for the task card, in the current language. */
  text: string;
}

/** A refused goal entry: `message` in the current language, `text` to translate again. */
export interface GoalProblem {
  key: string;
  message: string;
  text: MessageText;
}

function levelsAttacked(run: GoalRun): number | null {
  if (run.started) return run.started.levels.length;
  return Array.isArray(run.params.scales) ? run.params.scales.length : null;
}

/** Checks one judged image against the goal: what was met and what was not. */
function judge(goal: Goal, r: Judged, levels: number | null, faceNumber: (face: number) => number): { met: string[]; missed: string[] } {
  const met: string[] = [];
  const missed: string[] = [];
  const detected = r.faces.filter((f) => !f.evaded).map((f) => faceNumber(f.face));
  if (r.successRate >= 1 && r.faces.length > 0) met.push(tr('lessons:goal.evaded'));
  else {
    const faces = detected.length ? detected : [1];
    missed.push(tr('lessons:goal.faceDetected', { count: faces.length, faces: faces.join(tr('lessons:goal.faceList')) }));
  }
  if (goal.maxEps !== null) {
    const values = { linf: r.norms.linf.toFixed(4), max: goal.maxEps };
    if (r.norms.linf <= goal.maxEps + ROUNDING) met.push(tr('lessons:goal.linfOk', values));
    else missed.push(tr('lessons:goal.linfOver', values));
  }
  if (goal.maxL0 !== null) {
    const values = { l0: formatNumber(r.norms.l0Pixels), max: formatNumber(goal.maxL0) };
    if (r.norms.l0Pixels <= goal.maxL0) met.push(tr('lessons:goal.l0Ok', values));
    else missed.push(tr('lessons:goal.l0Over', values));
  }
  if (goal.maxScales !== null && levels !== null) {
    if (levels <= goal.maxScales) met.push(tr('lessons:goal.scalesOk', { count: levels, max: goal.maxScales }));
    else missed.push(tr('lessons:goal.scalesOver', { levels, max: goal.maxScales }));
  }
  return { met, missed };
}

const sentence = (head: string, parts: string[]) => tr('lessons:goal.sentence', { head, parts: parts.join(tr('lessons:goal.semicolon')) });

/**
 * The goal against the shown run. The dense result and, once trained, the pruned one are judged;
 * either meeting every condition is enough. `faceNumber` maps the detector's face index to the
 * number shown on screen (faces are numbered left to right).
 */
export function checkGoal(goal: Goal, run: GoalRun | null, faceNumber: (face: number) => number = (f) => f + 1): GoalCheck {
  if (!run) return { state: 'waiting', text: tr('lessons:goal.waiting') };
  if (run.outcome === 'active') return { state: 'running', text: tr('lessons:goal.running') };
  if (run.outcome === 'failed' || !run.result) return { state: 'not-met', text: tr('lessons:goal.failed') };
  const levels = levelsAttacked(run);
  const dense = judge(goal, run.result, levels, faceNumber);
  const sparse = run.sparse?.status === 'done' && run.sparse.result ? judge(goal, run.sparse.result, levels, faceNumber) : null;
  if (sparse && sparse.missed.length === 0) return { state: 'done', text: sentence(tr('lessons:goal.doneSparse'), sparse.met) };
  if (dense.missed.length === 0) return { state: 'done', text: sentence(tr('lessons:goal.done'), dense.met) };
  if (run.sparse?.status === 'running') return { state: 'running', text: tr('lessons:goal.pruning') };
  const best = sparse && sparse.missed.length <= dense.missed.length ? sparse : dense;
  const missed = [...best.missed];
  const onlyPixels = goal.maxL0 !== null && !sparse && dense.missed.length === 1 && run.result.norms.l0Pixels > goal.maxL0;
  if (onlyPixels) missed.push(tr('lessons:goal.pruneHint'));
  return { state: 'not-met', text: sentence(tr('lessons:goal.notYet'), missed) };
}
