import { describe, expect, it } from 'vitest';
import { CancelledError, RunGate } from './gate';
import { JobQueue } from './queue';

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** A job of `n` gated steps that records each step it takes. */
function steppedJob(log: string[], name: string, n: number) {
  return async (gate: RunGate) => {
    for (let i = 0; i < n; i++) {
      if (!(await gate.pass())) return `${name} stopped at ${i}`;
      log.push(`${name}${i}`);
      await tick();
    }
    return `${name} done`;
  };
}

describe('RunGate', () => {
  it('pauses, lets one step through, stops (returns false) and cancels (throws)', async () => {
    const gate = new RunGate();
    expect(await gate.pass()).toBe(true);
    gate.act('pause');
    let passed = false;
    const waiting = gate.pass().then((v) => (passed = v));
    await tick();
    expect(passed).toBe(false);
    gate.act('step');
    await waiting;
    expect(passed).toBe(true);
    const again = gate.pass();
    gate.act('stop');
    expect(await again).toBe(false);
    gate.act('cancel');
    await expect(gate.pass()).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('JobQueue', () => {
  it('runs one job at a time, in order', async () => {
    const log: string[] = [];
    const q = new JobQueue();
    const a = q.submit(1, 'attack', steppedJob(log, 'a', 3));
    const b = q.submit(2, 'prune', steppedJob(log, 'b', 2));
    expect(q.running).toEqual({ id: 1, kind: 'attack' });
    expect(q.pending).toEqual([{ id: 2, kind: 'prune' }]);
    expect(await a).toBe('a done');
    expect(await b).toBe('b done');
    expect(log).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
    expect(q.running).toBeNull();
  });

  it('cancels the running job at its next step and drops waiting ones; the next job starts after the cancelled one ends', async () => {
    const log: string[] = [];
    let idle = 0;
    const q = new JobQueue(() => idle++);
    const a = q.submit(1, 'prune', steppedJob(log, 'a', 100)).catch((e: unknown) => e);
    const b = q.submit(2, 'compare', steppedJob(log, 'b', 1)).catch((e: unknown) => e);
    await tick();
    await tick();
    q.cancel();
    const c = q.submit(3, 'release', async () => {
      log.push('release');
      return 'released';
    });
    expect(await a).toBeInstanceOf(CancelledError);
    expect(await b).toBeInstanceOf(CancelledError);
    expect(await c).toBe('released');
    expect(log.at(-1)).toBe('release');
    expect(log.filter((l) => l.startsWith('a')).length).toBeLessThan(5);
    expect(log.some((l) => l.startsWith('b'))).toBe(false);
    expect(idle).toBe(1);
  });

  it('controls only the job it names', async () => {
    const log: string[] = [];
    const q = new JobQueue();
    const a = q.submit(1, 'attack', steppedJob(log, 'a', 50));
    q.control(2, 'stop');
    await tick();
    q.control(1, 'stop');
    expect(await a).toMatch(/^a stopped at \d+$/);
  });

  it('a job that throws rejects its own promise and the queue goes on', async () => {
    const q = new JobQueue();
    const bad = q.submit(1, 'detect', async () => {
      throw new Error('boom');
    });
    const good = q.submit(2, 'detect', async () => 'ok');
    await expect(bad).rejects.toThrow('boom');
    expect(await good).toBe('ok');
  });
});
