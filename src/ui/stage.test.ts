import { describe, expect, it } from 'vitest';
import type { AttackRunState } from './store';
import { controllerHarness, settle as settleAll } from './testing/harness';
import type { DetectionMessage, EngineEvent } from '../worker/protocol';
import { cascadeAt, frameAt, shownStep, thinFrames } from './replay';
import { faceNumbers, facesByNumber } from './faceOrder';
import { niceTicks, tickFormat } from './Chart';
import { runShortcut, shortcutFor, type ShortcutCommands } from './shortcuts';

/*
 * Issue 10 in the controller and its helpers: every step recorded for the replay, scrubbing and
 * slow-motion play, talk mode in the link with a warm-up before the first Run, keyboard shortcuts,
 * faces numbered by position, chart ticks.
 */

const settle = () => settleAll(5);

function detection(boxes: { x: number }[]): DetectionMessage {
  return {
    width: 100,
    height: 50,
    faces: boxes.map((b, i) => ({ box: { x: b.x, y: 5, width: 10, height: 10 }, score: 0.99 - i / 100, landmarks: [] })),
    scales: [],
    stages: {},
    ms: 1,
    backend: 'wasm',
  } as unknown as DetectionMessage;
}

function setup(search = '') {
  // A manual clock: scheduled functions run when the test advances it.
  let now = 0;
  const timers: { at: number; fn: () => void; live: boolean }[] = [];
  const { app, store, state, engine, url, startWith } = controllerHarness(search, {
    decode: async () => ({ image: { width: 100, height: 50, data: new Uint8ClampedArray(100 * 50 * 4) }, notice: null, originalWidth: 100, originalHeight: 50 }),
    schedule: (fn, ms) => {
      const t = { at: now + ms, fn, live: true };
      timers.push(t);
      return () => (t.live = false);
    },
  });
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      now = due.at;
      due.live = false;
      due.fn();
    }
    now = end;
    await settle();
  };
  const started = (faces = [{ x: 10 }]) => startWith(detection(faces), 5);
  return { app, store, state, engine, url, advance, started };
}

function step(id: number, n: number, withPreview: boolean): EngineEvent {
  return {
    id,
    type: 'attackStep',
    step: { step: n, loss: 10 - n, parts: {}, candidates: [{ level: 2, scale: 0.5, count: 5 - n, boxes: [] }], probs: [], ms: 20 },
    preview: withPreview ? { width: 2, height: 1, data: new Uint8ClampedArray(8).fill(n) } : null,
    probs: [new Float32Array([n])],
    cascade: withPreview ? { funnel: { pnet: 5 - n, nms: 2, rnet: 1, onet: 1, final: n < 3 ? 1 : 0 }, faces: [], crops: [], ms: 5 } : null,
  };
}

describe('replay', () => {
  it('records every step, with preview frames and cascades at their own steps', async () => {
    const t = setup();
    await t.started();
    void t.app.runAttack();
    await settle();
    const job = t.engine().last('attack');
    for (let n = 0; n <= 4; n++) job.onEvent!(step(job.id, n, n % 2 === 0));
    await t.advance(200);
    const run = t.state().run!;
    expect(run.steps.map((s) => s.step)).toEqual([0, 1, 2, 3, 4]);
    expect(run.steps.map((s) => s.counts)).toEqual([[5], [4], [3], [2], [1]]);
    expect(run.frames.map((f) => f.step)).toEqual([0, 2, 4]);
    expect(frameAt(run.frames, 3)?.step).toBe(2);
    expect(cascadeAt(run.cascades, 1)?.view.funnel.pnet).toBe(5);
    expect(shownStep(run, t.state().replay)?.step).toBe(4);
  });

  it('scrubs to a step, plays at the chosen speed from the start, and ends on the result', async () => {
    const t = setup();
    await t.started();
    void t.app.runAttack();
    await settle();
    const job = t.engine().last('attack');
    for (let n = 0; n <= 4; n++) job.onEvent!(step(job.id, n, true));
    job.resolve({ params: t.state().params, stopped: false, faces: [{ face: 0, evaded: true }], image: { width: 2, height: 1, data: new Uint8ClampedArray(8) }, perturbation: new Float32Array(6), successRate: 1, norms: {}, detection: detection([]), msPerStep: 1 });
    await t.advance(200);
    t.app.scrubTo(2);
    expect(t.state().replay).toMatchObject({ step: 2, playing: false });
    t.app.scrubTo(99);
    expect(t.state().replay.step).toBe(4); // clamped; a finished run keeps the last step shown
    t.app.setReplaySpeed(2);
    t.app.toggleReplay(); // from the end: starts over at step 0
    expect(t.state().replay).toMatchObject({ step: 0, playing: true });
    await t.advance(499);
    expect(t.state().replay.step).toBe(0);
    await t.advance(1);
    expect(t.state().replay.step).toBe(1);
    await t.advance(1500);
    expect(t.state().replay).toMatchObject({ step: 4, playing: true });
    await t.advance(500);
    expect(t.state().replay).toMatchObject({ step: null, playing: false });
    // → and ← step through it; Reset forgets it.
    t.app.stepReplay(-1);
    expect(t.state().replay.step).toBe(3);
    t.app.reset();
    expect(t.state().replay).toMatchObject({ step: null, playing: false });
    expect(t.state().run).toBeNull();
  });

  it('thins frames to the cap, keeping the first and the last', () => {
    const frames = Array.from({ length: 100 }, (_, i) => i);
    const thin = thinFrames(frames, 64);
    expect(thin.length).toBeLessThanOrEqual(64);
    expect(thin[0]).toBe(0);
    expect(thin.at(-1)).toBe(99);
  });
});

describe('talk mode', () => {
  it('comes from the link, stays in it, and warms the backend up once with a throwaway attack', async () => {
    const t = setup('?talk=1');
    await t.started();
    expect(t.state().talk).toBe(true);
    expect(t.url.search).toContain('talk=1');
    expect(t.state().messages).toEqual([]);
    const warm = t.engine().last('attack');
    expect(warm.args[0]).toMatchObject({ steps: 2, method: 'ifgsm' });
    expect(t.state().warming).toBe(true);
    expect(t.state().phase.kind).toBe('idle'); // Run stays available
    // Run cancels the warm-up and starts the real attack.
    void t.app.runAttack();
    await settle();
    expect(warm.settled).toBe(true);
    expect(t.state().warming).toBe(false);
    expect(t.engine().last('attack')).not.toBe(warm);
    t.app.setTalk(false);
    expect(t.url.search).not.toContain('talk');
  });

  it('is off without the link and sends no warm-up', async () => {
    const t = setup();
    await t.started();
    expect(t.state().talk).toBe(false);
    expect(t.engine().jobs.filter((j) => j.kind === 'attack')).toHaveLength(0);
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: string, target: Partial<Element> | null = null) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, target: target as EventTarget | null });
  const el = (tagName: string, role: string | null = null) => ({ tagName, getAttribute: (n: string) => (n === 'role' ? role : null) });

  it('maps keys to actions, leaving typing and a focused button’s Space/Enter alone', () => {
    expect(shortcutFor(key(' '))).toBe('runOrPause');
    expect(shortcutFor(key('ArrowRight'))).toBe('step');
    expect(shortcutFor(key('s'))).toBe('stop');
    expect(shortcutFor(key('R'))).toBe('reset');
    expect(shortcutFor(key('f'))).toBe('fullscreen');
    expect(shortcutFor(key('?'))).toBe('help');
    expect(shortcutFor(key(' ', el('BUTTON')))).toBeNull();
    expect(shortcutFor(key('Enter', el('BUTTON')))).toBeNull();
    expect(shortcutFor(key('s', el('BUTTON')))).toBe('stop');
    expect(shortcutFor(key('s', el('INPUT')))).toBeNull();
    expect(shortcutFor(key('ArrowRight', el('BUTTON', 'tab')))).toBeNull();
    expect(shortcutFor({ ...key('r'), ctrlKey: true })).toBeNull();
  });

  it('Space runs, pauses and resumes; → steps a paused attack or moves the replay', async () => {
    const t = setup();
    await t.started();
    const calls: string[] = [];
    const commands = new Proxy({} as ShortcutCommands, { get: (_, name: string) => (...args: unknown[]) => calls.push(`${name}${args.length ? `(${args.join(',')})` : ''}`) });
    expect(runShortcut('runOrPause', t.state(), commands)).toBe(true);
    t.store.setState({ phase: { kind: 'attacking', paused: false, stopping: false }, run: { steps: [] } as unknown as AttackRunState });
    runShortcut('runOrPause', t.state(), commands);
    t.store.setState({ phase: { kind: 'attacking', paused: true, stopping: false } });
    runShortcut('runOrPause', t.state(), commands);
    runShortcut('step', t.state(), commands);
    t.store.setState({ phase: { kind: 'idle' }, run: { steps: [{ step: 0 }, { step: 1 }], outcome: 'done', result: {} } as unknown as AttackRunState });
    runShortcut('step', t.state(), commands);
    runShortcut('back', t.state(), commands);
    expect(calls).toEqual(['runAttack', 'pauseAttack', 'resumeAttack', 'stepAttack', 'stepReplay(1)', 'stepReplay(-1)']);
  });
});

describe('numbers on screen', () => {
  it('numbers faces by position, left to right, whatever their score order', () => {
    const faces = [{ box: { x: 50, y: 0, width: 10, height: 10 } }, { box: { x: 5, y: 0, width: 10, height: 10 } }, { box: { x: 30, y: 0, width: 10, height: 10 } }];
    expect(faceNumbers(faces)).toEqual([3, 1, 2]);
    expect(facesByNumber(faces)).toEqual([1, 2, 0]);
  });

  it('chart ticks are round numbers covering the data, with matching decimals', () => {
    expect(niceTicks(0, 7.3, 4).ticks).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0, 0.42, 4).ticks).toEqual([0, 0.2, 0.4, 0.6]);
    expect(niceTicks(0, 3, 4, true).ticks).toEqual([0, 1, 2, 3]);
    expect(tickFormat(0.1)(0.3)).toBe('0.3');
    expect(tickFormat(2)(4)).toBe('4');
    expect(tickFormat(0.25)(0.5)).toBe('0.50');
  });
});
