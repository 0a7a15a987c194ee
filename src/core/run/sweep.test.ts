import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readImageFile } from '../../node/imageFile';
import { ASTRONAUT, GROUP, onBackend, testWeights } from '../../node/testing';
import { rgbaToTensor, type RgbaImage } from '../image';
import { detectFaces } from '../mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import { SEED_PAPER_PARAMS } from '../attack/params';
import { CancelledError } from './gate';
import { RunSession } from './session';
import { attackAndJudge } from './orchestrate';
import { summarizeSweep, validateSweep, type SweepPoint, type SweepSpec } from './sweep';

/*
 * The app's sweep on the real detector (WASM): a point per (value, face), each the verdict of the
 * same attack run on its own; cancellable between steps; bundled photos are detected and freed.
 */

const BASE = { ...SEED_PAPER_PARAMS, steps: 8 };
let weights: MtcnnWeights;
let astronaut: RgbaImage;
let group: RgbaImage;
let session: RunSession;

beforeAll(async () => {
  await onBackend('wasm');
  weights = await testWeights();
  [astronaut, group] = await Promise.all([readImageFile(ASTRONAUT), readImageFile(GROUP)]);
  session = new RunSession(weights);
  await session.detect(1, astronaut, DEFAULT_DETECT_OPTIONS);
});

describe('sweep', () => {
  it('refuses bad specs in words', () => {
    const spec: SweepSpec = { base: BASE, vary: 'eps', values: [0.02, 5], faces: 'chosen' };
    expect(validateSweep(spec)).toMatch(/ε|eps/i);
    expect(validateSweep({ ...spec, values: [] })).toMatch(/at least one value/);
    expect(validateSweep({ ...spec, values: [0.01, 0.02] })).toBeNull();
  });

  it('gives one point per value on the chosen face, each the verdict of that attack run alone', async () => {
    const spec: SweepSpec = { base: { ...BASE, eps: 0.05, alpha: 0.004, steps: 50 }, vary: 'eps', values: [0.002, 0.05], faces: 'chosen' };
    const seen: SweepPoint[] = [];
    const points = await session.sweep(2, spec, DEFAULT_DETECT_OPTIONS, { currentName: 'astronaut.png' }, (p) => void seen.push(p));
    expect(seen).toEqual(points);
    expect(points.map((p) => [p.value, p.photo, p.face])).toEqual([
      [0.002, 'astronaut.png', 0],
      [0.05, 'astronaut.png', 0],
    ]);
    // A tiny ε cannot hide the face; the demo budget does (as the attack tests show).
    expect(points.map((p) => p.evaded)).toEqual([false, true]);
    expect(summarizeSweep(spec.values, points).map((r) => r.successRate)).toEqual([0, 1]);
    // The same attack on its own gives the same verdict and the same changed pixels.
    const tensor = rgbaToTensor(astronaut);
    const photo = { rgba: astronaut, tensor, detection: await detectFaces(weights, tensor, DEFAULT_DETECT_OPTIONS) };
    const alone = await attackAndJudge(weights, photo, { ...spec.base, eps: 0.05, face: 0 }, DEFAULT_DETECT_OPTIONS);
    tensor.dispose();
    expect(alone.verdict.faces.every((f) => f.evaded)).toBe(true);
    expect(alone.verdict.norms.l0Pixels).toBe(points[1]!.l0Pixels);
  });

  it('every face of other photos: each face on its own, the photos freed afterwards; cancel stops it', async () => {
    const before = tf.memory().numTensors;
    const spec: SweepSpec = { base: { ...BASE, steps: 3 }, vary: 'alpha', values: [0.004], faces: 'every' };
    const points = await session.sweep(3, spec, DEFAULT_DETECT_OPTIONS, { photos: [{ name: 'group.jpg', rgba: group }] });
    expect(points.map((p) => p.face)).toEqual([0, 1, 2, 3]);
    expect(new Set(points.map((p) => p.photo))).toEqual(new Set(['group.jpg']));
    expect(tf.memory().numTensors).toBe(before);

    // Cancelled after its first point: the next attack never starts.
    const reported: SweepPoint[] = [];
    const cancelled = session.sweep(4, { ...spec, values: [0.004, 0.008, 0.016] }, DEFAULT_DETECT_OPTIONS, { currentName: 'astronaut.png' }, (p) => {
      reported.push(p);
      session.control(4, 'cancel');
    });
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
    expect(reported.map((p) => p.value)).toEqual([0.004]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
