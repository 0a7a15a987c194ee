import type { AttackParams } from '../../core/attack/params';
import type { Rect } from '../../core/mtcnn/detect';
import { candidatesOnFaces } from '../../core/mtcnn/funnel';
import { PNET_CELL } from '../../core/mtcnn/pyramid';
import { attackSpec, numberRange } from '../../core/params/schema';
import type { DetectionMessage } from '../../worker/protocol';

/*
 * "What to try" under a verdict that still finds a face: the changes the app can make that address
 * what held the attack back, chosen from the run's own numbers (its parameters, the levels where the
 * face still has P-Net candidates on the judged 8-bit image, what was left before rounding). Pure:
 * the component translates each suggestion (namespace "results", whatToTry.<id>).
 */

/** One grey level of an 8-bit image on the 0–1 scale: a smaller ε is largely lost when the image is saved. */
export const GREY_LEVEL = 1 / 255;

const CLS_NETS = [
  ['pnet-cls', 'P-Net'],
  ['rnet-cls', 'R-Net'],
  ['onet-cls', 'O-Net'],
] as const;

export type Suggestion =
  /** The run was stopped before its last step. */
  | { id: 'finish'; steps: number }
  /** ε below one grey level: rounding to 8 bits erases much of δ. */
  | { id: 'rounding'; eps: number; next: number }
  | { id: 'eps'; eps: number; next: number }
  /** δ is confined to a patch. */
  | { id: 'patch' }
  /** FGSM: a single step; an iterative method can use more. */
  | { id: 'method' }
  /** α × steps < ε: δ cannot travel across its budget. */
  | { id: 'reach'; reach: number; eps: number; alpha: number }
  | { id: 'steps'; steps: number; next: number }
  /**
   * Where the face still has candidates on the judged image: attacked levels (they need more) and
   * levels the attack left alone (add them to the scales; none listed when every level is attacked).
   */
  | { id: 'levels'; attacked: number[]; others: number[] }
  /** Face/no-face heads not attacked (network names). */
  | { id: 'heads'; nets: string[] }
  /** The float attack cleared its levels but the 8-bit image still shows the face: EOT. */
  | { id: 'eot' };

export interface TryInput {
  params: Pick<AttackParams, 'method' | 'eps' | 'alpha' | 'steps' | 'scales' | 'heads' | 'eot' | 'patch' | 'patchEps'>;
  /** The user stopped the run before its last step. */
  stopped: boolean;
  /** Pyramid levels the attack targeted. */
  targeted: readonly number[];
  /** Pyramid levels where a still-detected face has P-Net candidates on the judged 8-bit image (see levelsWithCandidates). */
  levelsWithCandidates: readonly number[];
  /** Candidates left on the targeted levels at the last step, before rounding (null: not known). */
  lastCandidates: number | null;
}

/** Rounded to the schema's step (0.001 for ε), so that a suggested value can be typed as shown. */
const roundTo = (v: number, step: number) => Number((Math.round(v / step) * step).toPrecision(12));
const ceilTo = (v: number, step: number) => Number((Math.ceil(v / step - 1e-9) * step).toPrecision(12));

/**
 * The levels (indices, ascending) where the given faces have P-Net candidates in a detection's maps
 * that could still be the face: every targeted level (the attack's own count), and the other levels
 * whose window is about a face's size. A window of 12 / scale image pixels proposes a box of that
 * size; a final box must have IoU ≥ 0.5 with the face, i.e. a side within about √2 of the face's, and
 * box regression changes a side by a fraction; ½× to 2× keeps every level that could produce it (the
 * automatic scales cover the same span, two levels of 0.709 either side). Smaller windows on the face
 * (parts of it, at the large levels) are not named: attacking them is not what hides the face.
 */
export function levelsWithCandidates(detection: Pick<DetectionMessage, 'scales'>, faces: readonly Rect[], targeted: readonly number[] = []): number[] {
  if (faces.length === 0) return [];
  const sides = faces.map((f) => Math.max(f.width, f.height));
  const faceSized = (scale: number) => sides.some((side) => PNET_CELL / scale >= side / 2 && PNET_CELL / scale <= 2 * side);
  return detection.scales
    .filter((s) => (targeted.includes(s.level.index) || faceSized(s.level.scale)) && candidatesOnFaces(s, faces) > 0)
    .map((s) => s.level.index)
    .sort((a, b) => a - b);
}

/** What to change after an attack that left a face detected, most telling first. */
export function whatToTry(input: TryInput): Suggestion[] {
  const { params: p, targeted } = input;
  const out: Suggestion[] = [];
  const eps = numberRange(attackSpec('eps'));
  const steps = numberRange(attackSpec('steps'));
  const alpha = numberRange(attackSpec('alpha'));

  if (input.stopped) out.push({ id: 'finish', steps: p.steps });

  // The budget that binds: ε, or inside a patch the patch's own bound when it has one.
  const patched = p.patch !== 'none';
  const budget = patched && p.patchEps > 0 ? p.patchEps : p.eps;
  if (!patched || p.patchEps === 0) {
    if (p.eps < GREY_LEVEL) out.push({ id: 'rounding', eps: p.eps, next: ceilTo(Math.max(2 * p.eps, GREY_LEVEL), eps.step) });
    else if (p.eps < eps.max) out.push({ id: 'eps', eps: p.eps, next: Math.min(eps.max, roundTo(2 * p.eps, eps.step)) });
  }
  if (patched) out.push({ id: 'patch' });

  if (p.method === 'fgsm') out.push({ id: 'method' });
  else {
    const reach = p.alpha * p.steps;
    if (reach < budget) out.push({ id: 'reach', reach, eps: budget, alpha: Math.min(alpha.max, ceilTo(budget / p.steps, alpha.step)) });
    if (p.steps < steps.max) out.push({ id: 'steps', steps: p.steps, next: Math.min(steps.max, 2 * p.steps) });
  }

  const attacked = input.levelsWithCandidates.filter((l) => targeted.includes(l));
  const others = p.scales === 'all' ? [] : input.levelsWithCandidates.filter((l) => !targeted.includes(l));
  if (attacked.length + others.length > 0) out.push({ id: 'levels', attacked, others });

  const nets = CLS_NETS.filter(([head]) => !p.heads.includes(head)).map(([, net]) => net);
  if (nets.length > 0) out.push({ id: 'heads', nets });

  // Nothing was left on the attacked levels before rounding, and the face is still found on the
  // saved image: δ hinged on exact values (or on levels it did not see); EOT averages over copies.
  if (p.eot === 0 && input.lastCandidates === 0) out.push({ id: 'eot' });
  return out;
}
