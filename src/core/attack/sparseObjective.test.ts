import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_DETECT_OPTIONS } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import { GROUP, onBackend, photoFixture } from '../../node/testing';
import { SEED_PAPER_PARAMS } from './params';
import { weightedSoftplus } from './pnetCanvas';
import { DEFAULT_SPARSE_PARAMS, maskMargin, THRESHOLD_SHARPNESS } from './sparse';
import { attackAndJudge, pruneAndJudge, type Photo } from '../run/orchestrate';

/*
 * The mask's objective (sparse.ts MaskObjective): P-Net's face/no-face loss becomes a smooth hinge at
 * the stage-1 threshold, so cells already below it stop pulling. On group face 1 with the seed
 * preset (the bundled face that kept the most with the dense attack's own loss: 10.9% of the dense
 * L0), the evading mask now keeps ≤ 10%, and fewer locations than with the objective before.
 */

const softplus = (x: number) => Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('the mask objective', () => {
  it('the hinge: softplus(s·(d − τ)) / s weighted, gradient sigmoid(s·(d − τ)), also on a saturated cell; no margin is the plain −log(1 − p)', async () => {
    await onBackend('wasm');
    const d = [-3, 0.4, 2, 20]; // far below, at, above the threshold, and saturated (p = 1 in float32)
    const w = [0.25, 0.25, 0.5, 0.5];
    const margin = { logit: Math.log(0.6 / 0.4), sharpness: THRESHOLD_SHARPNESS };
    const before = tf.memory().numTensors;
    const run = (m?: typeof margin) =>
      tf.tidy(() => {
        const diff = tf.tensor4d(d, [1, 2, 2, 1]);
        const weights = tf.tensor4d(w, [1, 2, 2, 1]);
        const column = tf.tensor2d(w, [4, 1]);
        const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => weightedSoftplus(x as tf.Tensor4D, tf.sigmoid(x) as tf.Tensor4D, weights, column, m))(diff);
        return [value.dataSync()[0]!, Array.from(grad.dataSync())] as const;
      });
    const [hinge, hingeGrad] = run(margin);
    const [plain, plainGrad] = run();
    expect(tf.memory().numTensors).toBe(before);
    const s = margin.sharpness;
    expect(hinge).toBeCloseTo(d.reduce((a, x, i) => a + (w[i]! * softplus(s * (x - margin.logit))) / s, 0), 4);
    hingeGrad.forEach((g, i) => expect(g).toBeCloseTo(w[i]! * sigmoid(s * (d[i]! - margin.logit)), 5));
    expect(plain).toBeCloseTo(d.reduce((a, x, i) => a + w[i]! * softplus(x), 0), 4);
    plainGrad.forEach((g, i) => expect(g).toBeCloseTo(w[i]! * sigmoid(d[i]!), 5));
    // A cell far below the threshold (p ≈ 0.05) pulls < 1% of what it pulled before; a saturated one still pulls fully.
    expect(hingeGrad[0]! / plainGrad[0]!).toBeLessThan(0.01);
    expect(hingeGrad[3]!).toBeCloseTo(w[3]!, 5);
  });

  describe('on a real face (WASM)', () => {
    let weights: MtcnnWeights;
    let photo: Photo;
    beforeAll(async () => {
      const f = await photoFixture(GROUP);
      weights = f.weights;
      photo = { rgba: f.rgba, tensor: f.image, detection: f.clean };
    });

    it('the hinge sits at the judge’s stage-1 threshold; group face 1, seed preset: the evading mask keeps ≤ 10% of the dense L0, fewer than the objective before', async () => {
      const dense = await attackAndJudge(weights, photo, { ...SEED_PAPER_PARAMS, face: 1 }, DEFAULT_DETECT_OPTIONS, { keep: true });
      try {
        const margin = maskMargin(dense.attack!, 'threshold')!;
        expect(sigmoid(margin.logit)).toBeCloseTo(dense.attack!.options.thresholds[0], 6);
        expect(maskMargin(dense.attack!, 'attack')).toBeUndefined();
        expect(dense.verdict.faces[0]!.evaded).toBe(true);
        const l0 = dense.verdict.norms.l0Pixels;
        const now = await pruneAndJudge(weights, photo, dense.attack!, DEFAULT_SPARSE_PARAMS);
        const before = await pruneAndJudge(weights, photo, dense.attack!, DEFAULT_SPARSE_PARAMS, { objective: 'attack' });
        expect(now.verdict.faces[0]!.evaded).toBe(true);
        expect(before.verdict.faces[0]!.evaded).toBe(true);
        // Measured: 8.8% now, 10.9% with the objective before (the test is only worth something while
        // the objective before misses the 10% target here).
        expect(now.verdict.norms.l0Pixels).toBeLessThanOrEqual(0.1 * l0);
        expect(before.verdict.norms.l0Pixels).toBeGreaterThan(0.1 * l0);
        expect(now.maskPixels).toBeLessThan(before.maskPixels);
      } finally {
        dense.attack!.dispose();
      }
    });
  });
});
