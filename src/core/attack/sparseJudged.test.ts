import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { detectFaces } from '../mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import { readImageFile } from '../../node/imageFile';
import { rgbaToTensor } from '../image';
import { ASTRONAUT, GROUP, onBackend, testWeights } from '../../node/testing';
import { SEED_PAPER_PARAMS } from './params';
import { DEFAULT_SPARSE_PARAMS } from './sparse';
import { attackAndJudge, LAMBDA_DOWN, LAMBDA_UP, pruneAndJudge, type Photo } from '../run/orchestrate';

/*
 * The mask is judged while it trains (WASM, short runs): the result is never worse than the dense
 * attack, it is the sparsest evading mask judged, and the automatic λ follows the judgements.
 */

const DENSE = { ...SEED_PAPER_PARAMS, eps: 0.05, alpha: 0.004, steps: 20 };
const SHORT_DENSE = { ...DENSE, steps: 12, alpha: 0.006 };
let weights: MtcnnWeights;
const photos: Record<'astronaut' | 'group', Photo> = {} as never;

beforeAll(async () => {
  await onBackend('wasm');
  weights = await testWeights();
  for (const [name, file] of [['astronaut', ASTRONAUT], ['group', GROUP]] as const) {
    const rgba = await readImageFile(file);
    const tensor = rgbaToTensor(rgba);
    photos[name] = { rgba, tensor, detection: await detectFaces(weights, tensor) };
  }
});

describe('judged pruning (WASM)', () => {
  it('never worse than dense on every bundled face: with a λ that wipes the mask out, the result still evades wherever the dense attack did', async () => {
    const cases = [['astronaut', 0], ['group', 0], ['group', 1], ['group', 2], ['group', 3]] as const;
    let wipedOut = 0;
    for (const [name, face] of cases) {
      const photo = photos[name];
      const dense = await attackAndJudge(weights, photo, { ...SHORT_DENSE, face }, DEFAULT_DETECT_OPTIONS, { keep: true });
      try {
        const before = tf.memory().numTensors;
        // λ 1000 and no automatic λ: the trained mask collapses, so only the judging can save the result.
        const pruned = await pruneAndJudge(weights, photo, dense.attack!, { ...DEFAULT_SPARSE_PARAMS, lambda: 1000, autoLambda: false, iterations: 3, judgeEvery: 3, trim: 0 });
        expect(tf.memory().numTensors).toBe(before);
        const denseEvaded = dense.verdict.faces.every((f) => f.evaded);
        expect(pruned.denseEvaded, `${name} face ${face}`).toBe(denseEvaded);
        if (denseEvaded) expect(pruned.verdict.faces.every((f) => f.evaded), `${name} face ${face}`).toBe(true);
        expect(pruned.verdict.norms.l0Pixels).toBeLessThanOrEqual(dense.verdict.norms.l0Pixels);
        expect(pruned.judgements.map((j) => j.iteration)).toEqual([0, 3]);
        if (pruned.judgements.slice(1).every((j) => !j.evaded)) wipedOut++;
      } finally {
        dense.attack!.dispose();
      }
    }
    // The test is only worth something if the learned masks really failed somewhere.
    expect(wipedOut).toBeGreaterThan(0);
  });

  it('returns the sparsest evading mask judged, and the automatic λ rises on evasion and falls (from the best state) on failure', async () => {
    const photo = photos.astronaut;
    const dense = await attackAndJudge(weights, photo, DENSE, DEFAULT_DETECT_OPTIONS, { keep: true });
    try {
      const params = { ...DEFAULT_SPARSE_PARAMS, iterations: 16, judgeEvery: 2 };
      const pruned = await pruneAndJudge(weights, photo, dense.attack!, params);
      const { judgements } = pruned;
      const trained = judgements.filter((j) => j.kind === 'trained');
      expect(trained.map((j) => j.iteration)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16]);
      // Trimmed masks (the best trained mask's top locations) are judged after training, and count too.
      expect(judgements.filter((j) => j.kind === 'trimmed').length).toBeLessThanOrEqual(params.trim);
      const evading = judgements.filter((j) => j.evaded);
      expect(evading.length).toBeGreaterThan(1);
      const sparsest = evading.reduce((a, b) => (b.l0Pixels < a.l0Pixels ? b : a));
      expect(pruned.verdict.faces[0]!.evaded).toBe(true);
      expect(pruned.verdict.norms.l0Pixels).toBe(sparsest.l0Pixels);
      expect(pruned.mask.iteration).toBe(sparsest.iteration);
      expect(pruned.mask.data.reduce((a, b) => a + b, 0)).toBe(sparsest.maskPixels);
      expect(pruned.maskPixels).toBe(sparsest.maskPixels);
      expect(pruned.verdict.norms.l0Pixels).toBeLessThan(dense.verdict.norms.l0Pixels);
      // λ: ×LAMBDA_UP after an evading judgement, ÷LAMBDA_DOWN after a failing one, used from the next iteration on.
      for (const j of trained.slice(1)) {
        expect(j.nextLambda).toBeCloseTo(j.evaded ? j.lambda * LAMBDA_UP : j.lambda / LAMBDA_DOWN, 10);
        const next = pruned.iterations.find((s) => s.iteration === j.iteration + 1);
        if (next) expect(next.lambda).toBeCloseTo(j.nextLambda, 10);
      }
      expect(pruned.iterations[0]!.lambda).toBe(params.lambda);
    } finally {
      dense.attack!.dispose();
    }
  });
});
