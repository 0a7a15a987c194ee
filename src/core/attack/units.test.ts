import { describe, expect, it } from 'vitest';
import { selectScalesNearFace } from './scales';
import { perturbationBlockiness, perturbationNorms } from './metrics';
import { SEED_PAPER_PARAMS } from './params';
import { validateAttackParams } from '../params/schema';
import { pyramidLevels } from '../mtcnn/pyramid';

describe('seed scale choice', () => {
  it('takes the level where the face is closest to 12 px, two above and two below', () => {
    const levels = pyramidLevels(512, 512, 20, 0.709, 'facenet');
    // A 100 px face: 100 · 0.6 · 0.709^k closest to 12 at k = 5 (10.7 px; k = 4 gives 15.2 px).
    expect(selectScalesNearFace(levels, { x: 0, y: 0, width: 100, height: 100 })).toEqual([3, 4, 5, 6, 7]);
    // Clipped at the ends of the pyramid.
    expect(selectScalesNearFace(levels, { x: 0, y: 0, width: 20, height: 20 })).toEqual([0, 1, 2]);
    expect(selectScalesNearFace(levels, { x: 0, y: 0, width: 500, height: 500 })).toEqual([7, 8, 9]);
  });
});

describe('perturbation norms', () => {
  it('counts changed pixels and values, and L1, L2, L∞, PSNR on the [0, 1] scale', () => {
    const clean = Uint8Array.from([10, 20, 30, 255, 40, 50, 60, 255]);
    const adv = Uint8Array.from([12, 20, 29, 255, 40, 50, 60, 255]);
    const n = perturbationNorms(clean, adv);
    expect(n.l0Pixels).toBe(1);
    expect(n.l0Values).toBe(2);
    expect(n.l1).toBeCloseTo(3 / 255, 12);
    expect(n.l2).toBeCloseTo(Math.sqrt(5) / 255, 12);
    expect(n.linf).toBeCloseTo(2 / 255, 12);
    expect(n.psnr).toBeCloseTo(10 * Math.log10(1 / (5 / 255 ** 2 / 6)), 9);
    expect(perturbationNorms(clean, clean).psnr).toBe(Infinity);
  });
});

describe('attack parameter validation', () => {
  it('accepts the seed settings and names the first bad value', () => {
    expect(validateAttackParams(SEED_PAPER_PARAMS)).toBeNull();
    expect(validateAttackParams({ ...SEED_PAPER_PARAMS, eps: 0 })).toMatch(/ε must be between 0\.001 and 1, got 0/);
    expect(validateAttackParams({ ...SEED_PAPER_PARAMS, eps: 1.5 })).toMatch(/ε/);
    expect(validateAttackParams({ ...SEED_PAPER_PARAMS, steps: 0 })).toMatch(/steps/);
    expect(validateAttackParams({ ...SEED_PAPER_PARAMS, steps: 1e7 })).toMatch(/steps/);
    expect(validateAttackParams({ ...SEED_PAPER_PARAMS, heads: [] })).toMatch(/heads needs at least one of pnet-cls/);
    expect(validateAttackParams({ ...SEED_PAPER_PARAMS, heads: ['nose' as never] })).toMatch(/heads: unknown "nose"/);
    expect(validateAttackParams({ ...SEED_PAPER_PARAMS, method: 'cw' as never })).toMatch(/method must be one of fgsm, ifgsm, pgd, mifgsm/);
  });
});

describe('perturbation blockiness', () => {
  it('is the mean absolute neighbour difference', () => {
    // 2×1 image: values 0 and 0.5 in every channel → three horizontal differences of 0.5.
    const p = Float32Array.from([0, 0, 0, 0.5, 0.5, 0.5]);
    expect(perturbationBlockiness(p, 2, 1)).toBeCloseTo(0.5, 12);
    expect(perturbationBlockiness(new Float32Array(12), 2, 2)).toBe(0);
  });
});
