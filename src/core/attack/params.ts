import type { Conventions } from '../mtcnn/options';
import { HEADS, isHead, type Head } from './heads';

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
};

export const MAX_STEPS = 10_000;

/** Returns a human message for the first invalid parameter, or null. */
export function validateAttackParams(p: AttackParams): string | null {
  if (!(METHODS as readonly string[]).includes(p.method)) return `unknown method "${p.method}" (use ${METHODS.join(', ')})`;
  if (!Number.isFinite(p.eps) || p.eps <= 0 || p.eps > 1) return `ε must be in (0, 1] on the [0, 1] scale, got ${p.eps}`;
  if (!Number.isFinite(p.alpha) || p.alpha <= 0 || p.alpha > 1) return `α must be in (0, 1], got ${p.alpha}`;
  if (!Number.isInteger(p.steps) || p.steps < 1 || p.steps > MAX_STEPS) return `steps must be a whole number from 1 to ${MAX_STEPS}, got ${p.steps}`;
  if (!Number.isFinite(p.decay) || p.decay < 0 || p.decay > 10) return `momentum decay must be between 0 and 10, got ${p.decay}`;
  if (p.heads.length === 0) return 'choose at least one head to attack';
  const unknown = p.heads.find((h) => !isHead(h));
  if (unknown) return `unknown head "${unknown}" (use ${HEADS.join(', ')})`;
  if (!Number.isFinite(p.tv) || p.tv < 0) return `TV weight must be ≥ 0, got ${p.tv}`;
  if (p.tvKind !== 'iso' && p.tvKind !== 'aniso') return `TV kind must be iso or aniso, got "${p.tvKind}"`;
  if (!(DOMAINS as readonly string[]).includes(p.domain)) return `unknown perturbation domain "${p.domain}" (use ${DOMAINS.join(', ')})`;
  if (Array.isArray(p.scales) && (p.scales.length === 0 || p.scales.some((s) => !Number.isInteger(s) || s < 0))) {
    return 'scales must be auto, all, or a list of pyramid level indices (0 = largest)';
  }
  if (p.face !== 'all' && (!Number.isInteger(p.face) || p.face < 0)) return `face must be a face index (0 = first) or all, got ${p.face}`;
  if (!Number.isInteger(p.seed)) return `seed must be a whole number, got ${p.seed}`;
  return null;
}
