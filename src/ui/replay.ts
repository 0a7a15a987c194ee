import type { AttackRunState, CascadeFrame, RecordedStep, ReplayFrame, ReplayState } from './store';

/*
 * The replay of a run: which recorded step is shown, and the preview frame and cascade that belong
 * to it (the latest ones made at or before that step). Pure functions, shared by every view.
 */

/** Frames kept per run; older ones are thinned (every other one dropped, first and last kept). */
export const MAX_REPLAY_FRAMES = 64;

/** Index of the last element whose step is ≤ step (−1 if none); items sorted by step. */
function atOrBefore<T extends { step: number }>(items: readonly T[], step: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.step <= step) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The recorded step shown now: the replay's, or the latest. */
export function shownStep(run: Pick<AttackRunState, 'steps'> | null, replay: ReplayState): RecordedStep | null {
  if (!run || run.steps.length === 0) return null;
  if (replay.step === null) return run.steps.at(-1)!;
  const i = atOrBefore(run.steps, replay.step);
  return run.steps[Math.max(0, i)]!;
}

/** True while the view shows a step of the recording rather than the live end or the result. */
export function isScrubbing(run: Pick<AttackRunState, 'steps'> | null, replay: ReplayState): boolean {
  return run !== null && run.steps.length > 0 && replay.step !== null;
}

export function frameAt(frames: readonly ReplayFrame[], step: number): ReplayFrame | null {
  return frames[atOrBefore(frames, step)] ?? null;
}

export function cascadeAt(cascades: readonly CascadeFrame[], step: number): CascadeFrame | null {
  return cascades[atOrBefore(cascades, step)] ?? null;
}

/** Drops every other frame (keeping the first and the last) until at most `max` remain. */
export function thinFrames<T>(frames: T[], max = MAX_REPLAY_FRAMES): T[] {
  let out = frames;
  while (out.length > max) out = out.filter((_, i) => i % 2 === 0 || i === out.length - 1);
  return out;
}
