import type { Conventions } from '../mtcnn/options';
import type { Head } from './heads';

export const METHODS = ['fgsm', 'ifgsm', 'pgd', 'mifgsm'] as const;
export type AttackMethod = (typeof METHODS)[number];

/**
 * full: one full-resolution δ pushed through the differentiable pyramid resize.
 * scaled-*: one δ at the resolution of the finest targeted pyramid level, upsampled to full size
 * (bilinear or nearest) before it is added; the seed's comparison (nearest leaves visible blocks).
 */
export const DOMAINS = ['full', 'scaled-bilinear', 'scaled-nearest'] as const;
export type PerturbationDomain = (typeof DOMAINS)[number];

/** Isotropic: √(dx² + dy²) per value; anisotropic: |dx| + |dy|; both averaged over values. */
export type TvKind = 'iso' | 'aniso';

/**
 * How the losses of several attacked heads are combined (model.ts). 'gradient': each head's
 * gradient is scaled to the same mean magnitude (over the values it reaches) before they are
 * summed, so no head drowns the others; 'sum': the plain sum of the head losses. With one head
 * both are the same attack.
 */
export const HEAD_NORMS = ['gradient', 'sum'] as const;
export type HeadNorm = (typeof HEAD_NORMS)[number];

export interface AttackParams {
  method: AttackMethod;
  /** L∞ budget on the [0, 1] scale (0.03 ≈ 7.65 grey levels of 255). */
  eps: number;
  /** Step size per iteration on the [0, 1] scale. */
  alpha: number;
  steps: number;
  /** MI-FGSM momentum decay μ. */
  decay: number;
  /** 'auto': the seed's 5 scales around the face's 12 px scale; 'all'; or pyramid level indices. */
  scales: 'auto' | 'all' | number[];
  /** Index of the face to attack (in the clean detection), or 'all'. */
  face: number | 'all';
  heads: Head[];
  tv: number;
  tvKind: TvKind;
  domain: PerturbationDomain;
  conventions: Conventions;
  /** Seed of PGD's random start. */
  seed: number;
  /**
   * Where δ may be non-zero (see patch.ts): 'none' (wherever the attack reads), a preset placed from
   * the landmarks ('preset:cheeks'), or rectangles / ellipses in image pixels. Outside it δ is 0.
   */
  patch: string;
  /** The L∞ bound inside the patch (up to 1: a printed patch); 0 means ε. */
  patchEps: number;
  /** How several heads' losses are combined (see HEAD_NORMS). */
  headNorm: HeadNorm;
  /**
   * Expectation over transformation (eot.ts): the loss is averaged over the image and this many
   * augmented copies (rescaled, shifted, blurred, JPEG-like noise); 0 = off.
   */
  eot: number;
}

/** The seed paper's settings (seed 000): PGD, ε 0.03, α 0.001·2^2.25, 50 steps, auto scales, P-Net cls. */
export const SEED_PAPER_PARAMS: AttackParams = {
  method: 'pgd',
  eps: 0.03,
  alpha: 0.0047568,
  steps: 50,
  decay: 1,
  scales: 'auto',
  face: 0,
  heads: ['pnet-cls'],
  tv: 0,
  tvKind: 'iso',
  domain: 'full',
  conventions: 'facenet',
  seed: 0,
  patch: 'none',
  patchEps: 0,
  headNorm: 'gradient',
  eot: 0,
};
