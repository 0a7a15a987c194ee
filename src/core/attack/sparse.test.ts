import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { Detection } from '../mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import type { RgbaImage } from '../image';
import { photoFixture } from '../../node/testing';
import { SEED_PAPER_PARAMS } from './params';
import { DEFAULT_SPARSE_PARAMS, type EncoderKind } from './sparse';
import { validateSparseParams } from '../params/schema';
import { runSparseAttack, type SparseRun } from './sparseRun';

/*
 * AutoAdversary on the astronaut, from a dense PGD that evades (ε 0.05, α 0.004, 50 steps, the seed's
 * 5 scales): the learned mask keeps the attack working with ≤ 10% of the changed pixels; a random
 * mask of the same size does not (seed 001's ablation).
 */

const DENSE = { ...SEED_PAPER_PARAMS, eps: 0.05, alpha: 0.004 };
let weights: MtcnnWeights;
let rgba: RgbaImage;
let image: tf.Tensor3D;
let clean: Detection;
const runs: Partial<Record<EncoderKind, SparseRun>> = {};

async function sparse(encoder: EncoderKind): Promise<SparseRun> {
  runs[encoder] ??= await runSparseAttack(weights, image, rgba, clean, DENSE, { ...DEFAULT_SPARSE_PARAMS, encoder }, DEFAULT_DETECT_OPTIONS);
  return runs[encoder]!;
}

beforeAll(async () => {
  ({ weights, rgba, image, clean } = await photoFixture());
});

describe('AutoAdversary sparse masks (WASM)', () => {
  it('the learned mask keeps the face evaded with ≤ 10% of the dense attack’s changed pixels, leaking no tensors', async () => {
    const before = tf.memory().numTensors;
    const r = await sparse('conv');
    expect(tf.memory().numTensors).toBe(before);
    expect(r.dense.verdict.faces[0]!.evaded).toBe(true);
    expect(r.sparse.verdict.faces[0]!.evaded).toBe(true);
    expect(r.sparse.verdict.norms.l0Pixels).toBeLessThanOrEqual(0.1 * r.dense.verdict.norms.l0Pixels);
    expect(r.iterations).toHaveLength(DEFAULT_SPARSE_PARAMS.iterations);
    // a grows geometrically (a restore of the best state takes it back to that state's a) and the
    // mean of m falls as the mask prunes.
    const { a0, growth } = DEFAULT_SPARSE_PARAMS;
    r.iterations.forEach((s, i) => {
      const k = Math.log(s.a / a0) / Math.log(growth);
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-6);
      expect(Math.round(k)).toBeLessThanOrEqual(i);
    });
    expect(r.iterations.at(-1)!.meanMask).toBeLessThan(r.iterations[0]!.meanMask);
  });

  it('the mask is binary, the sparse perturbation is zero outside it, and |δ ⊙ m| ≤ ε', async () => {
    const r = await sparse('conv');
    const { width: mw, height: mh, data, x0, y0, scaled } = r.mask;
    expect(scaled).toBe(false);
    expect(data.every((v) => v === 0 || v === 1)).toBe(true);
    expect(r.maskPixels).toBe(data.reduce((a, b) => a + b, 0));
    const { width } = rgba;
    let outside = 0;
    let linf = 0;
    for (let y = 0; y < rgba.height; y++) {
      for (let x = 0; x < width; x++) {
        const inRegion = y >= y0 && y < y0 + mh && x >= x0 && x < x0 + mw;
        const on = inRegion && data[(y - y0) * mw + (x - x0)] === 1;
        for (let c = 0; c < 3; c++) {
          const d = Math.abs(r.sparse.perturbation[(y * width + x) * 3 + c]!);
          linf = Math.max(linf, d);
          if (!on && d !== 0) outside++;
        }
      }
    }
    expect(outside).toBe(0);
    expect(linf).toBeLessThanOrEqual(DENSE.eps + 0.5 / 255);
  });

  it('a random mask with the same number of pixels fails where the learned one succeeds', async () => {
    const learned = await sparse('conv');
    const random = await sparse('random');
    expect(random.learnedMaskPixels).toBe(learned.maskPixels);
    expect(random.maskPixels).toBe(learned.maskPixels);
    expect(learned.sparse.verdict.successRate).toBe(1);
    expect(random.sparse.verdict.successRate).toBe(0);
  });

  it('free per-pixel logits also produce a binary mask within ε', async () => {
    const r = await sparse('free');
    expect(r.mask.data.every((v) => v === 0 || v === 1)).toBe(true);
    expect(r.sparse.verdict.norms.linf).toBeLessThanOrEqual(DENSE.eps + 0.5 / 255);
    expect(r.sparse.verdict.norms.l0Pixels).toBeLessThan(r.dense.verdict.norms.l0Pixels);
  });

  it('validates its parameters', () => {
    expect(validateSparseParams(DEFAULT_SPARSE_PARAMS)).toBeNull();
    expect(validateSparseParams({ ...DEFAULT_SPARSE_PARAMS, lambda: -1 })).toMatch(/λ/);
    expect(validateSparseParams({ ...DEFAULT_SPARSE_PARAMS, growth: 0.9 })).toMatch(/growth/);
    expect(validateSparseParams({ ...DEFAULT_SPARSE_PARAMS, iterations: 0 })).toMatch(/iterations/);
  });
});
