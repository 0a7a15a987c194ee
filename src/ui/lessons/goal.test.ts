import { describe, expect, it } from 'vitest';
import { checkGoal, describeGoal, readGoal, writeGoal, type Goal, type GoalRun } from './goal';

const goal = (g: Partial<Goal>): Goal => ({ kind: 'evade', maxEps: null, maxL0: null, maxScales: null, ...g });

function run(over: { evaded?: boolean[]; linf?: number; l0?: number; levels?: number; outcome?: GoalRun['outcome']; sparse?: GoalRun['sparse'] } = {}): GoalRun {
  const evaded = over.evaded ?? [true];
  return {
    outcome: over.outcome ?? 'done',
    params: { scales: 'auto' },
    started: { levels: Array(over.levels ?? 5).fill({}) },
    result:
      over.outcome === 'active'
        ? null
        : { successRate: evaded.filter(Boolean).length / evaded.length, faces: evaded.map((e, i) => ({ face: i, evaded: e })), norms: { l0Pixels: over.l0 ?? 100_000, linf: over.linf ?? 8 / 255 } },
    sparse: over.sparse ?? null,
  };
}

describe('lesson goals', () => {
  it('read and write goal=evade with its limits; a limit alone implies evade; bad entries are refused alone', () => {
    const g = goal({ maxEps: 0.02, maxL0: 500, maxScales: 3 });
    const out = new URLSearchParams();
    writeGoal(g, out);
    expect(out.toString()).toBe('goal=evade&maxEps=0.02&maxL0=500&maxScales=3');
    expect(readGoal((k) => out.get(k))).toEqual({ goal: g, problems: [] });
    expect(readGoal((k) => new URLSearchParams('maxL0=100').get(k)).goal).toEqual(goal({ maxL0: 100 }));
    expect(readGoal(() => null)).toEqual({ goal: null, problems: [] });
    const bad = readGoal((k) => new URLSearchParams('goal=win&maxEps=2&maxL0=1.5&maxScales=2').get(k));
    expect(bad.goal).toEqual(goal({ maxScales: 2 }));
    expect(bad.problems.map((p) => p.key)).toEqual(['goal', 'maxEps', 'maxL0']);
    expect(bad.problems[0]!.message).toBe('goal=win is not a goal this app checks (use goal=evade)');
  });

  it('describe the goal in words', () => {
    expect(describeGoal(goal({ maxEps: 0.02 }))).toBe('Hide the face from the detector, with ε at most 0.02.');
    expect(describeGoal(goal({ maxL0: 5000, maxScales: 1 }))).toBe('Hide the face from the detector, changing at most 5,000 pixels, attacking at most 1 pyramid level.');
  });

  it('wait for a run, and check when it ends', () => {
    const g = goal({ maxEps: 0.03 });
    expect(checkGoal(g, null).state).toBe('waiting');
    expect(checkGoal(g, run({ outcome: 'active' }))).toEqual({ state: 'running', text: 'The goal is checked when the attack ends.' });
    expect(checkGoal(g, run({ outcome: 'failed' })).state).toBe('not-met');
  });

  it('ε: the 8-bit L∞ may exceed the limit by half a grey level (rounding), no more', () => {
    const g = goal({ maxEps: 0.03 });
    // ε 0.03 rounds to 8/255 = 0.0314 on the 8-bit image: done.
    expect(checkGoal(g, run({ linf: 8 / 255 }))).toEqual({ state: 'done', text: 'Task done: the face is hidden; L∞ 0.0314 within ε 0.03.' });
    expect(checkGoal(g, run({ linf: 9 / 255 }))).toEqual({ state: 'not-met', text: 'Not yet: the perturbation reaches 0.0353 (L∞), above ε 0.03.' });
    expect(checkGoal(g, run({ linf: 6 / 255, evaded: [false] }))).toEqual({ state: 'not-met', text: 'Not yet: face 1 is still detected.' });
  });

  it('name the faces still detected by their numbers on screen', () => {
    const numbers = [3, 1, 2];
    const r = checkGoal(goal({}), run({ evaded: [true, false, false] }), (f) => numbers[f]!);
    expect(r.text).toBe('Not yet: face 1, 2 are still detected.');
  });

  it('pixels: the dense attack points to pruning; a pruned result that meets the limit is done', () => {
    const g = goal({ maxL0: 5000 });
    expect(checkGoal(g, run({ l0: 107_467 })).text).toBe('Not yet: 107,467 pixels changed, more than 5,000; try “Prune perturbation” to keep fewer pixels.');
    const pruning = run({ l0: 107_467, sparse: { status: 'running', result: null } });
    expect(checkGoal(g, pruning).state).toBe('running');
    const sparse = (l0: number, evaded: boolean) => ({ status: 'done' as const, result: { successRate: evaded ? 1 : 0, faces: [{ face: 0, evaded }], norms: { l0Pixels: l0, linf: 0.05 } } });
    expect(checkGoal(g, run({ l0: 107_467, sparse: sparse(4165, true) }))).toEqual({ state: 'done', text: 'Task done (pruned attack): the face is hidden; 4,165 pixels changed (at most 5,000).' });
    expect(checkGoal(g, run({ l0: 107_467, sparse: sparse(6000, true) })).text).toBe('Not yet: 6,000 pixels changed, more than 5,000.');
    expect(checkGoal(g, run({ l0: 107_467, sparse: sparse(900, false) })).text).toMatch(/^Not yet: face 1 is still detected/);
  });

  it('scales: the levels the run attacked count', () => {
    const g = goal({ maxScales: 3 });
    expect(checkGoal(g, run({ levels: 5 })).text).toBe('Not yet: 5 pyramid levels attacked, more than 3.');
    expect(checkGoal(g, run({ levels: 3 }))).toEqual({ state: 'done', text: 'Task done: the face is hidden; 3 pyramid levels attacked (at most 3).' });
    expect(checkGoal(g, run({ levels: 2, evaded: [false] })).text).toBe('Not yet: face 1 is still detected.');
  });
});
