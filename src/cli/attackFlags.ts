import { SEED_PAPER_PARAMS, type AttackParams } from '../core/attack/params';
import { DEFAULT_SPARSE_PARAMS, type SparseParams } from '../core/attack/sparse';
import { ATTACK_SPECS, SPARSE_SPECS, describeKind, formatValue, readParams, validateAttackParams, validateSparseParams, type ParamSpec } from '../core/params/schema';
import { UsageError } from './errors';

/*
 * The attack and mask flags, their help and their parsing, all made from the parameter schema.
 * Defaults are the seed paper's.
 */

type FlagTable = Record<string, { type: 'string' }>;

const flagsOf = (specs: readonly ParamSpec[]): FlagTable => Object.fromEntries(specs.map((s) => [s.flag, { type: 'string' as const }]));

export const ATTACK_FLAGS = flagsOf(ATTACK_SPECS);
export const SPARSE_FLAGS = flagsOf(SPARSE_SPECS);

function usageOf(specs: readonly ParamSpec[], defaults: Record<string, unknown>): string {
  return specs.map((s) => `  --${s.flag} ${describeKind(s)} (default ${formatValue(defaults[s.field])}): ${s.help}`).join('\n');
}

export const ATTACK_USAGE = usageOf(ATTACK_SPECS, SEED_PAPER_PARAMS as unknown as Record<string, unknown>);
export const SPARSE_FLAG_USAGE = usageOf(SPARSE_SPECS, DEFAULT_SPARSE_PARAMS as unknown as Record<string, unknown>);

function fromFlags<P extends AttackParams | SparseParams>(specs: readonly ParamSpec[], defaults: P, values: Record<string, unknown>, validate: (p: P) => string | null): P {
  const { params, problems } = readParams(specs, defaults, (s) => values[s.flag] as string | undefined, (s) => `--${s.flag}`);
  if (problems.length) throw new UsageError(problems[0]!.message);
  const invalid = validate(params);
  if (invalid) throw new UsageError(invalid);
  return params;
}

export function attackParamsFrom(values: Record<string, unknown>): AttackParams {
  return fromFlags(ATTACK_SPECS, SEED_PAPER_PARAMS, values, validateAttackParams);
}

export function sparseParamsFrom(values: Record<string, unknown>): SparseParams {
  return fromFlags(SPARSE_SPECS, DEFAULT_SPARSE_PARAMS, values, validateSparseParams);
}

/** --transfer (attack, sparse, sweep, heads): a second detector judges the adversarial image too (see transfer.ts). */
export const TRANSFER_FLAGS = { transfer: { type: 'boolean' } } as const;
export const TRANSFER_USAGE = `  --transfer (attack, sparse, sweep, heads): also judge the adversarial image with a second, independent detector (face-api's Tiny Face Detector, input 416, score > 0.5): per attacked face "found (score)" or "not found", in the text and as "transfer" in the JSON`;

/** --defences (attack, sparse): the defence table of the adversarial image (see core/defences). */
export const DEFENCE_FLAGS = { defences: { type: 'boolean' } } as const;
export const DEFENCES_USAGE = `  --defences: then apply each defence to the 8-bit adversarial image (JPEG quality 95/75/50, Gaussian blur σ 0.5/1, downscale ×0.5 and back, 5-bit colour, 3×3 median) and judge it again: is each attacked face found? A table in the text, "defences" in the JSON`;
