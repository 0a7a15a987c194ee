import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { Detection } from '../mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import type { RgbaImage } from '../image';
import { photoFixture } from '../../node/testing';
import { SEED_PAPER_PARAMS, type AttackParams } from './params';
import { DEFAULT_SPARSE_PARAMS } from './sparse';
import { AttackSetupError, DenseAttack } from './dense';
import { patchCoverage, resolvePatch } from './patch';
import { attackAndJudge, pruneAndJudge, type Photo } from '../run/orchestrate';

/*
 * Patch attacks on the astronaut (WASM): δ is exactly zero outside the patch on the saved 8-bit image,
 * within the patch's own bound inside it, for every method and both kinds of domain, and the patch
 * survives pruning. Short runs: the properties hold after every step.
 */

let weights: MtcnnWeights;
let rgba: RgbaImage;
let image: tf.Tensor3D;
let clean: Detection;
let photo: Photo;

beforeAll(async () => {
  ({ weights, rgba, image, clean } = await photoFixture());
  photo = { rgba, tensor: image, detection: clean };
});

/** Changed values outside the patch, the largest change inside, and the changed pixels inside. */
/** Float32 slack: the perturbation array holds (adv − clean) / 255 in single precision. */
const SLACK = 1e-6;

function measure(perturbation: Float32Array, params: AttackParams) {
  const inside = patchCoverage(resolvePatch(params.patch, clean, [0]), rgba.width, rgba.height);
  let outside = 0;
  let maxInside = 0;
  let changedInside = 0;
  for (let i = 0; i < inside.length; i++) {
    let changed = false;
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(perturbation[3 * i + c]!);
      if (d === 0) continue;
      changed = true;
      if (inside[i]) maxInside = Math.max(maxInside, d);
      else outside++;
    }
    if (changed && inside[i]) changedInside++;
  }
  return { outside, maxInside, changedInside, area: inside.reduce((a, b) => a + b, 0) };
}

describe('patch attacks (WASM)', () => {
  it('PGD on the cheeks preset with ε 0.5 inside: zero outside, ≤ 0.5 inside, most of the patch used, no tensor leak', async () => {
    const before = tf.memory().numTensors;
    const params: AttackParams = { ...SEED_PAPER_PARAMS, patch: 'preset:cheeks', patchEps: 0.5, alpha: 0.05, steps: 4 };
    const run = await attackAndJudge(weights, photo, params, DEFAULT_DETECT_OPTIONS);
    expect(tf.memory().numTensors).toBe(before);
    const m = measure(run.perturbation, params);
    expect(run.plan.patch).toHaveLength(2);
    expect(m.outside).toBe(0);
    expect(m.maxInside).toBeLessThanOrEqual(0.5 + 0.5 / 255 + SLACK);
    // The masked random start plus steps of 0.05 reach well beyond ε = 0.03 inside the patch.
    expect(m.maxInside).toBeGreaterThan(0.3);
    expect(m.changedInside).toBeGreaterThan(0.9 * m.area);
  });

  it('every method, drawn shapes, and the low-resolution domains keep δ at zero outside the patch; patch ε 0 means ε', async () => {
    const box = clean.faces[0]!.box;
    const drawn = `${Math.round(box.x + 0.1 * box.width)},${Math.round(box.y + 0.55 * box.height)},${Math.round(0.3 * box.width)},${Math.round(0.2 * box.height)};ellipse:${Math.round(box.x + 0.55 * box.width)},${Math.round(box.y + 0.5 * box.height)},${Math.round(0.35 * box.width)},${Math.round(0.3 * box.height)}`;
    const cases: Partial<AttackParams>[] = [
      { method: 'fgsm', patch: drawn, patchEps: 0.2 },
      { method: 'mifgsm', patch: drawn, patchEps: 0 },
      { method: 'ifgsm', patch: 'preset:mouth', patchEps: 1, alpha: 0.1, heads: ['pnet-cls', 'rnet-cls', 'onet-landmarks'] },
      { method: 'pgd', patch: 'preset:cheeks@1.5', patchEps: 0.3, domain: 'scaled-bilinear' },
      { method: 'pgd', patch: 'preset:forehead', patchEps: 0.3, domain: 'scaled-nearest' },
    ];
    for (const c of cases) {
      const params: AttackParams = { ...SEED_PAPER_PARAMS, steps: 2, ...c };
      const run = await attackAndJudge(weights, photo, params, DEFAULT_DETECT_OPTIONS);
      const m = measure(run.perturbation, params);
      const bound = params.patchEps > 0 ? params.patchEps : params.eps;
      expect(m.outside, `${params.method} ${params.domain} ${params.patch}`).toBe(0);
      expect(m.maxInside, `${params.method} ${params.domain}`).toBeLessThanOrEqual(bound + 0.5 / 255 + SLACK);
      expect(m.changedInside, `${params.method} ${params.domain}`).toBeGreaterThan(0);
    }
  });

  it('a patch outside what the attack can change is refused with a sentence, freeing what it made', async () => {
    const before = tf.memory().numTensors;
    await expect(DenseAttack.create(weights, image, clean, { ...SEED_PAPER_PARAMS, patch: '0,0,4,4' }, DEFAULT_DETECT_OPTIONS)).rejects.toThrow(AttackSetupError);
    await expect(DenseAttack.create(weights, image, clean, { ...SEED_PAPER_PARAMS, patch: '0,0,4,4' }, DEFAULT_DETECT_OPTIONS)).rejects.toThrow(/outside the part of the image/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a patch attack can be pruned: the sparse perturbation stays inside the patch and within its bound', async () => {
    const params: AttackParams = { ...SEED_PAPER_PARAMS, patch: 'preset:cheeks', patchEps: 0.5, alpha: 0.05, steps: 3 };
    const dense = await attackAndJudge(weights, photo, params, DEFAULT_DETECT_OPTIONS, { keep: true });
    try {
      const pruned = await pruneAndJudge(weights, photo, dense.attack!, { ...DEFAULT_SPARSE_PARAMS, iterations: 3, judgeEvery: 3 });
      const m = measure(pruned.perturbation, params);
      expect(m.outside).toBe(0);
      expect(m.maxInside).toBeLessThanOrEqual(0.5 + 0.5 / 255 + SLACK);
      expect(pruned.verdict.norms.l0Pixels).toBeLessThanOrEqual(dense.verdict.norms.l0Pixels);
    } finally {
      dense.attack!.dispose();
    }
  });
});
