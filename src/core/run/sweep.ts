import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import type { AttackParams } from '../attack/params';
import { validateAttackParams } from '../params/schema';
import { attackAndJudge, type Photo } from './orchestrate';
import type { RunGate } from './gate';

/*
 * A sweep: one attack parameter varied over a list of values, every other setting fixed, on the
 * chosen face, on every face of the photo, or on every face of several photos. Each (value, photo,
 * face) is one attack judged on 8 bits (run/orchestrate.ts attackAndJudge); the success rate per
 * value is the share of faces evaded. The app's sweep and the CLI's `sweep` command are the same idea;
 * the CLI batches files and shards, the app runs here in its engine.
 */

export const SWEEP_VARIES = ['alpha', 'eps', 'steps'] as const;
export type SweepVary = (typeof SWEEP_VARIES)[number];

/** At most this many values (each value costs one attack per face). */
export const MAX_SWEEP_VALUES = 16;

export interface SweepSpec {
  base: AttackParams;
  vary: SweepVary;
  values: number[];
  /** 'chosen': the base's face on each photo; 'every': each face of each photo on its own. */
  faces: 'chosen' | 'every';
}

/** The seed paper's Fig. 8: success rate against the step size α (PGD, ε 0.03, 50 steps, P-Net's face head). */
export const FIG8_ALPHAS = [0, 1, 2, 2.25, 3, 4, 5, 6].map((k) => Number((0.001 * 2 ** k).toPrecision(5)));

export interface SweepPoint {
  value: number;
  /** The photo's name (the current photo, or a bundled sample). */
  photo: string;
  /** Face index in the photo's detection. */
  face: number;
  evaded: boolean;
  l0Pixels: number;
  linf: number;
  psnr: number;
}

export interface SweepSummary {
  value: number;
  faces: number;
  evaded: number;
  successRate: number;
}

/** Why the sweep cannot run, in words, or null. */
export function validateSweep(spec: SweepSpec): string | null {
  if (!SWEEP_VARIES.includes(spec.vary)) return `Vary one of ${SWEEP_VARIES.join(', ')}.`;
  if (spec.values.length === 0) return 'Give at least one value to try.';
  if (spec.values.length > MAX_SWEEP_VALUES) return `At most ${MAX_SWEEP_VALUES} values (each one is an attack per face).`;
  for (const v of spec.values) {
    const invalid = validateAttackParams({ ...spec.base, [spec.vary]: v });
    if (invalid) return invalid;
  }
  return null;
}

/** Success rate per value, in the order of `values` (values without points yet have 0 faces). */
export function summarizeSweep(values: readonly number[], points: readonly SweepPoint[]): SweepSummary[] {
  return values.map((value) => {
    const at = points.filter((p) => p.value === value);
    const evaded = at.filter((p) => p.evaded).length;
    return { value, faces: at.length, evaded, successRate: at.length ? evaded / at.length : 0 };
  });
}

export interface NamedPhoto extends Photo {
  name: string;
}

/**
 * Runs the sweep value by value (so each point of the curve completes in turn), calling `onPoint`
 * after each judged attack. The gate cancels between attack steps; points already reported stand.
 */
export async function runSweep(
  weights: MtcnnWeights,
  photos: readonly NamedPhoto[],
  spec: SweepSpec,
  options: DetectOptions,
  hooks: { gate?: RunGate; onPoint?: (point: SweepPoint) => void | Promise<void> } = {},
): Promise<SweepPoint[]> {
  const invalid = validateSweep(spec);
  if (invalid) throw new RangeError(invalid);
  const points: SweepPoint[] = [];
  for (const value of spec.values) {
    for (const photo of photos) {
      const count = photo.detection.faces.length;
      const faces = spec.faces === 'every' ? [...Array(count).keys()] : typeof spec.base.face === 'number' && spec.base.face < count ? [spec.base.face] : [];
      for (const face of faces) {
        hooks.gate?.check();
        const params = { ...spec.base, [spec.vary]: value, face } as AttackParams;
        const done = await attackAndJudge(weights, photo, params, options, { gate: hooks.gate });
        const n = done.verdict.norms;
        const point = { value, photo: photo.name, face, evaded: done.verdict.faces.every((f) => f.evaded), l0Pixels: n.l0Pixels, linf: n.linf, psnr: n.psnr };
        points.push(point);
        await hooks.onPoint?.(point);
      }
    }
  }
  return points;
}
