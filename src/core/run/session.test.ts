import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readImageFile } from '../../node/imageFile';
import { ASTRONAUT, onBackend, testWeights } from '../../node/testing';
import type { RgbaImage } from '../image';
import { DEFAULT_DETECT_OPTIONS } from '../mtcnn/options';
import { SEED_PAPER_PARAMS } from '../attack/params';
import { DEFAULT_SPARSE_PARAMS } from '../attack/sparse';
import { CancelledError } from './gate';
import { RunSession, UnknownRunError, type EnginePhase } from './session';

/*
 * The run core's session on the real detector (WASM): the sequences that broke the first app —
 * Reset, a new photo or a new attack while a mask trains, Compare before Prune — leave no tensors
 * behind and never free what a running job uses.
 */

const ATTACK = { ...SEED_PAPER_PARAMS, eps: 0.05, alpha: 0.004, steps: 12 };
const PRUNE = { ...DEFAULT_SPARSE_PARAMS, iterations: 40 };
let rgba: RgbaImage;
let session: RunSession;
const phases: EnginePhase[] = [];

const caught = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

/** Resolves once the session has reported `phase` `times` times in all. */
function whenPhase(phase: EnginePhase, times = 1): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (phases.filter((p) => p === phase).length >= times ? resolve() : setTimeout(check, 5));
    check();
  });
}

beforeAll(async () => {
  await onBackend('wasm');
  rgba = await readImageFile(ASTRONAUT);
  session = new RunSession(await testWeights(), (p) => phases.push(p));
  await session.detect(1, rgba, DEFAULT_DETECT_OPTIONS);
});

describe('RunSession (WASM)', () => {
  it('reports phases in order for an attack: attacking, judging, idle', async () => {
    phases.length = 0;
    await session.attack(2, ATTACK, DEFAULT_DETECT_OPTIONS);
    expect(phases).toEqual(['attacking', 'judging', 'idle']);
    expect(session.keptRuns()).toEqual([2]);
  });

  it('Reset while a mask trains: the prune is cancelled, the kept attack freed, no tensor leaks', async () => {
    const baseline = tf.memory().numTensors;
    await session.release(3);
    const photoOnly = tf.memory().numTensors;
    expect(photoOnly).toBeLessThan(baseline);
    await session.attack(4, ATTACK, DEFAULT_DETECT_OPTIONS);
    phases.length = 0;
    const prune = caught(session.prune(5, 4, PRUNE));
    await whenPhase('pruning');
    session.cancelAll();
    const release = session.release(6);
    expect(await prune).toBeInstanceOf(CancelledError);
    await release;
    expect(session.keptRuns()).toEqual([]);
    expect(tf.memory().numTensors).toBe(photoOnly);
  });

  it('a new photo while a mask trains: the prune is cancelled and the photo replaced, no leaks', async () => {
    await session.attack(7, ATTACK, DEFAULT_DETECT_OPTIONS);
    const withRun = tf.memory().numTensors;
    phases.length = 0;
    const prune = caught(session.prune(8, 7, PRUNE));
    await whenPhase('pruning');
    session.cancelAll();
    const detection = await session.detect(9, rgba, DEFAULT_DETECT_OPTIONS);
    expect(await prune).toBeInstanceOf(CancelledError);
    expect(detection.faces).toHaveLength(1);
    expect(session.keptRuns()).toEqual([]);
    expect(tf.memory().numTensors).toBeLessThan(withRun);
    await session.attack(10, ATTACK, DEFAULT_DETECT_OPTIONS);
    expect(tf.memory().numTensors).toBe(withRun);
  });

  it('Run attack while a mask trains: the prune is cancelled, the new attack kept, the count flat', async () => {
    const withRun = tf.memory().numTensors;
    phases.length = 0;
    const prune = caught(session.prune(11, 10, PRUNE));
    await whenPhase('pruning');
    session.cancelAll();
    await session.attack(12, ATTACK, DEFAULT_DETECT_OPTIONS);
    expect(await prune).toBeInstanceOf(CancelledError);
    expect(session.keptRuns()).toEqual([12]);
    expect(tf.memory().numTensors).toBe(withRun);
  });

  it('Compare then Prune prunes the named run; the comparison is not kept', async () => {
    await session.attack(13, { ...ATTACK, domain: 'scaled-bilinear' }, DEFAULT_DETECT_OPTIONS);
    const withRun = tf.memory().numTensors;
    phases.length = 0;
    const comparison = await session.compare(14, 13);
    expect(phases).toEqual(['comparing', 'idle']);
    expect(comparison.attack).toBeNull();
    expect(session.keptRuns()).toEqual([13]);
    expect(tf.memory().numTensors).toBe(withRun);
    await expect(session.prune(15, 14, PRUNE)).rejects.toBeInstanceOf(UnknownRunError);
    const pruned = await session.prune(16, 13, { ...PRUNE, iterations: 5 });
    // The run's domain is the scaled one: its mask lives on the low-resolution δ.
    expect(pruned.mask.scaled).toBe(true);
    expect(tf.memory().numTensors).toBe(withRun);
  });

  it('Stop during pruning judges the mask learned so far', async () => {
    await session.attack(17, ATTACK, DEFAULT_DETECT_OPTIONS);
    let seen = 0;
    const pruned = await session.prune(18, 17, PRUNE, {
      onIteration: () => {
        if (++seen === 3) session.control(18, 'stop');
      },
    });
    expect(pruned.stopped).toBe(true);
    expect(pruned.iterations).toHaveLength(3);
    expect(pruned.verdict.faces).toHaveLength(1);
  });

  it('the random-mask ablation keeps the learned mask’s size but not its pixels', async () => {
    const learned = await session.prune(19, 17, { ...PRUNE, iterations: 6, encoder: 'conv' });
    const random = await session.prune(20, 17, { ...PRUNE, iterations: 6, encoder: 'random' });
    expect(random.learnedMaskPixels).toBe(learned.maskPixels);
    expect(random.maskPixels).toBe(learned.maskPixels);
    const same = random.mask.data.every((v, i) => v === learned.mask.data[i]);
    expect(same).toBe(false);
  });

  it('a warm-up reports preparing, frees everything, keeps the kept attack; a new attack cancels it', async () => {
    await session.attack(21, ATTACK, DEFAULT_DETECT_OPTIONS);
    const withRun = tf.memory().numTensors;
    phases.length = 0;
    await session.warm(-1, SEED_PAPER_PARAMS, DEFAULT_DETECT_OPTIONS);
    expect(phases).toEqual(['preparing', 'idle']);
    expect(session.keptRuns()).toEqual([21]);
    expect(tf.memory().numTensors).toBe(withRun);
    phases.length = 0;
    const warm = caught(session.warm(-2, SEED_PAPER_PARAMS, DEFAULT_DETECT_OPTIONS));
    expect(phases).toEqual(['preparing']); // it started at once (the queue was idle)
    const attack = session.attack(22, ATTACK, DEFAULT_DETECT_OPTIONS);
    expect(await warm).toBeInstanceOf(CancelledError);
    await attack;
    expect(session.keptRuns()).toEqual([22]);
    expect(tf.memory().numTensors).toBe(withRun);
  });
});
