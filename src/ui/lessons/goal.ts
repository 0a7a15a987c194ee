import type { AttackParams } from '../../core/attack/params';
import { GOAL_TEXT } from './strings';

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

/** Why `value` is not a valid limit for `key`, or null. */
export function checkLimit(key: Limit, value: unknown): string | null {
  const r = LIMITS[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${key} must be a number, got ${String(value)}`;
  if (value < r.min || value > r.max) return `${key} must be between ${r.min} and ${r.max}, got ${value}`;
  if (r.integer && !Number.isInteger(value)) return `${key} must be a whole number, got ${value}`;
  return null;
}

/**
 * Reads a goal from text entries (a link's query). A limit without goal= implies goal=evade. Each bad
 * entry is refused on its own with a message.
 */
export function readGoal(get: (key: string) => string | null): { goal: Goal | null; problems: { key: string; message: string }[] } {
  const problems: { key: string; message: string }[] = [];
  const kind = get('goal');
  let wanted = false;
  if (kind !== null) {
    if (kind.trim() === 'evade') wanted = true;
    else problems.push({ key: 'goal', message: `goal=${kind} is not a goal this app checks (use goal=evade)` });
  }
  const goal: Goal = { kind: 'evade', maxEps: null, maxL0: null, maxScales: null };
  for (const key of ['maxEps', 'maxL0', 'maxScales'] as const) {
    const raw = get(key);
    if (raw === null) continue;
    const value = raw.trim() === '' ? NaN : Number(raw);
    const error = checkLimit(key, value);
    if (error) problems.push({ key, message: `${key}=${raw}: ${error}` });
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

/** The goal in words: "hide the face from the detector with ε at most 0.02". */
export function describeGoal(goal: Goal): string {
  const parts: string[] = [GOAL_TEXT.evade];
  if (goal.maxEps !== null) parts.push(GOAL_TEXT.maxEps(goal.maxEps));
  if (goal.maxL0 !== null) parts.push(GOAL_TEXT.maxL0(goal.maxL0));
  if (goal.maxScales !== null) parts.push(GOAL_TEXT.maxScales(goal.maxScales));
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
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
  /** One sentence for the task card. */
  text: string;
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
  if (r.successRate >= 1 && r.faces.length > 0) met.push(GOAL_TEXT.evaded);
  else missed.push(GOAL_TEXT.faceDetected(detected.length ? detected : [1]));
  if (goal.maxEps !== null) {
    if (r.norms.linf <= goal.maxEps + ROUNDING) met.push(GOAL_TEXT.linfOk(r.norms.linf, goal.maxEps));
    else missed.push(GOAL_TEXT.linfOver(r.norms.linf, goal.maxEps));
  }
  if (goal.maxL0 !== null) {
    if (r.norms.l0Pixels <= goal.maxL0) met.push(GOAL_TEXT.l0Ok(r.norms.l0Pixels, goal.maxL0));
    else missed.push(GOAL_TEXT.l0Over(r.norms.l0Pixels, goal.maxL0));
  }
  if (goal.maxScales !== null && levels !== null) {
    if (levels <= goal.maxScales) met.push(GOAL_TEXT.scalesOk(levels, goal.maxScales));
    else missed.push(GOAL_TEXT.scalesOver(levels, goal.maxScales));
  }
  return { met, missed };
}

const sentence = (head: string, parts: string[]) => `${head}: ${parts.join('; ')}.`;

/**
 * The goal against the shown run. The dense result and, once trained, the pruned one are judged;
 * either meeting every condition is enough. `faceNumber` maps the detector's face index to the
 * number shown on screen (faces are numbered left to right).
 */
export function checkGoal(goal: Goal, run: GoalRun | null, faceNumber: (face: number) => number = (f) => f + 1): GoalCheck {
  if (!run) return { state: 'waiting', text: GOAL_TEXT.waiting };
  if (run.outcome === 'active') return { state: 'running', text: GOAL_TEXT.running };
  if (run.outcome === 'failed' || !run.result) return { state: 'not-met', text: GOAL_TEXT.failed };
  const levels = levelsAttacked(run);
  const dense = judge(goal, run.result, levels, faceNumber);
  const sparse = run.sparse?.status === 'done' && run.sparse.result ? judge(goal, run.sparse.result, levels, faceNumber) : null;
  if (sparse && sparse.missed.length === 0) return { state: 'done', text: sentence(`${GOAL_TEXT.done} (${GOAL_TEXT.sparse})`, sparse.met) };
  if (dense.missed.length === 0) return { state: 'done', text: sentence(GOAL_TEXT.done, dense.met) };
  if (run.sparse?.status === 'running') return { state: 'running', text: GOAL_TEXT.pruning };
  const best = sparse && sparse.missed.length <= dense.missed.length ? sparse : dense;
  const missed = [...best.missed];
  const onlyPixels = goal.maxL0 !== null && !sparse && dense.missed.length === 1 && run.result.norms.l0Pixels > goal.maxL0;
  if (onlyPixels) missed.push(GOAL_TEXT.pruneHint);
  return { state: 'not-met', text: sentence(GOAL_TEXT.notYet, missed) };
}
