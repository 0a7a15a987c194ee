import { HEADS } from '../attack/heads';
import { DOMAINS, HEAD_NORMS, METHODS, type AttackParams } from '../attack/params';
import type { SparseParams } from '../attack/sparse';
import { parsePatch, formatPatch, PATCH_PRESETS } from '../attack/patch';

/*
 * Every run parameter once: its field, URL key, CLI flag, type, range, default and help line. The
 * URL codec, the CLI flags and their help, validation and the app's field ranges are all made from
 * this table (in the spirit of TensorFlow Playground's property table), so they cannot disagree.
 */

export type ParamKind =
  /** A number in [min, max]; the slider (if any) covers [min, sliderMax]. */
  | { type: 'number'; min: number; max: number; integer?: boolean; step: number; sliderMax?: number }
  | { type: 'choice'; choices: readonly string[] }
  /** A non-empty comma-separated list of some of `choices`. */
  | { type: 'list'; choices: readonly string[] }
  /** 'auto', 'all' or a comma-separated list of pyramid level indices. */
  | { type: 'scales' }
  /** A face index (0 = first) or 'all'. */
  | { type: 'face' }
  /** on/off (also true/false, yes/no, 1/0). */
  | { type: 'boolean' }
  /** A patch region (see attack/patch.ts): none, preset:NAME[@SCALE], x,y,w,h, ellipse:x,y,w,h … joined by ';'. */
  | { type: 'patch' };

interface Spec<G extends 'attack' | 'sparse', F> {
  group: G;
  field: F;
  /** Query-string key in a shared link. */
  url: string;
  /** Command-line flag, without the dashes. */
  flag: string;
  /** Short name used in messages (ε, α, …). */
  name: string;
  /** The app's visible label (also the field's accessible name). */
  label: string;
  help: string;
  kind: ParamKind;
}

export type AttackSpec = Spec<'attack', keyof AttackParams>;
export type SparseSpec = Spec<'sparse', keyof SparseParams>;
export type ParamSpec = AttackSpec | SparseSpec;

const INT32 = 2 ** 31 - 1;

export const ATTACK_SPECS: readonly AttackSpec[] = [
  { group: 'attack', field: 'method', url: 'method', flag: 'method', name: 'method', label: 'Method', help: 'fgsm, ifgsm, pgd (random start) or mifgsm (momentum)', kind: { type: 'choice', choices: METHODS } },
  { group: 'attack', field: 'eps', url: 'eps', flag: 'eps', name: 'ε', label: 'ε (max change per pixel)', help: 'L∞ budget on the 0–1 scale (0.03 ≈ 7.7 grey levels)', kind: { type: 'number', min: 0.001, max: 1, step: 0.001, sliderMax: 0.3 } },
  { group: 'attack', field: 'alpha', url: 'alpha', flag: 'alpha', name: 'α', label: 'α (step size)', help: 'step size per iteration on the 0–1 scale', kind: { type: 'number', min: 0.0001, max: 1, step: 0.0001, sliderMax: 0.05 } },
  { group: 'attack', field: 'steps', url: 'steps', flag: 'steps', name: 'steps', label: 'Steps', help: 'number of iterations (FGSM takes one)', kind: { type: 'number', min: 1, max: 10_000, integer: true, step: 1, sliderMax: 200 } },
  { group: 'attack', field: 'decay', url: 'decay', flag: 'decay', name: 'momentum μ', label: 'Momentum μ', help: 'MI-FGSM momentum decay', kind: { type: 'number', min: 0, max: 10, step: 0.1 } },
  { group: 'attack', field: 'scales', url: 'scales', flag: 'scales', name: 'scales', label: 'Scales', help: 'auto (5 levels around the face), all, or level indices i,j,k (0 = largest)', kind: { type: 'scales' } },
  { group: 'attack', field: 'face', url: 'face', flag: 'face', name: 'face', label: 'Face to attack', help: 'face index (0 = first) or all', kind: { type: 'face' } },
  { group: 'attack', field: 'heads', url: 'heads', flag: 'heads', name: 'heads', label: 'Target heads', help: 'the heads whose outputs the loss pushes (face/no-face heads toward “no face”, the others away from their clean outputs)', kind: { type: 'list', choices: HEADS } },
  { group: 'attack', field: 'tv', url: 'tv', flag: 'tv', name: 'TV weight', label: 'Smoothness weight (TV)', help: 'total-variation penalty weight on δ', kind: { type: 'number', min: 0, max: 1000, step: 0.1 } },
  { group: 'attack', field: 'tvKind', url: 'tvKind', flag: 'tv-kind', name: 'TV kind', label: 'TV kind', help: 'iso or aniso', kind: { type: 'choice', choices: ['iso', 'aniso'] } },
  { group: 'attack', field: 'domain', url: 'domain', flag: 'domain', name: 'domain', label: 'Perturbation domain', help: DOMAINS.join(', '), kind: { type: 'choice', choices: DOMAINS } },
  { group: 'attack', field: 'conventions', url: 'conventions', flag: 'conventions', name: 'conventions', label: 'Conventions', help: 'facenet (reference) or faceapi (comparison)', kind: { type: 'choice', choices: ['facenet', 'faceapi'] } },
  { group: 'attack', field: 'seed', url: 'seed', flag: 'seed', name: 'seed', label: 'Random seed', help: "seed of PGD's random start", kind: { type: 'number', min: 0, max: INT32, integer: true, step: 1 } },
  {
    group: 'attack',
    field: 'patch',
    url: 'patch',
    flag: 'patch',
    name: 'patch',
    label: 'Patch region',
    help: `confine δ to a region: none, preset:${PATCH_PRESETS.join('|')}[@SCALE] (placed from the landmarks), x,y,w,h (rectangle in pixels), ellipse:x,y,w,h or frame:x,y,w,h, joined by ';'`,
    kind: { type: 'patch' },
  },
  { group: 'attack', field: 'patchEps', url: 'patchEps', flag: 'patch-eps', name: 'patch ε', label: 'ε inside the patch', help: 'L∞ bound inside the patch, up to 1 (a printed patch); 0 = ε', kind: { type: 'number', min: 0, max: 1, step: 0.01 } },
  {
    group: 'attack',
    field: 'headNorm',
    url: 'headNorm',
    flag: 'head-norm',
    name: 'head balance',
    label: 'Combine heads by',
    help: 'with several heads: gradient (each head’s gradient scaled to the same mean size before summing) or sum (the plain sum of the losses); one head: no difference',
    kind: { type: 'choice', choices: HEAD_NORMS },
  },
  {
    group: 'attack',
    field: 'eot',
    url: 'eot',
    flag: 'eot',
    name: 'EOT copies',
    label: 'Augmented copies (EOT)',
    help: 'average the gradient over the image and this many augmented copies (rescale ±10%, shift, blur, JPEG-like noise); 0 = off',
    kind: { type: 'number', min: 0, max: 16, integer: true, step: 1 },
  },
];

export const SPARSE_SPECS: readonly SparseSpec[] = [
  { group: 'sparse', field: 'lambda', url: 'lambda', flag: 'lambda', name: 'λ', label: 'λ (sparsity weight)', help: 'weight of mean(m): larger keeps fewer pixels', kind: { type: 'number', min: 0, max: 1000, step: 0.1 } },
  { group: 'sparse', field: 'iterations', url: 'iterations', flag: 'iterations', name: 'iterations', label: 'Mask iterations', help: 'mask training iterations', kind: { type: 'number', min: 1, max: 10_000, integer: true, step: 1 } },
  { group: 'sparse', field: 'a0', url: 'a0', flag: 'a0', name: 'a₀', label: 'a₀ (initial sharpness)', help: 'sharpness of sigmoid(a·z) at the start', kind: { type: 'number', min: 0.01, max: 100, step: 0.1 } },
  { group: 'sparse', field: 'growth', url: 'growth', flag: 'growth', name: 'growth', label: 'Sharpness growth per iteration', help: 'factor a grows by each iteration', kind: { type: 'number', min: 1, max: 2, step: 0.01 } },
  { group: 'sparse', field: 'lr', url: 'lr', flag: 'lr', name: 'learning rate', label: 'Learning rate', help: 'Adam learning rate', kind: { type: 'number', min: 1e-6, max: 10, step: 0.001 } },
  { group: 'sparse', field: 'encoder', url: 'encoder', flag: 'encoder', name: 'encoder', label: 'Mask encoder', help: 'conv (the paper’s), free (per-pixel logits) or random (ablation)', kind: { type: 'choice', choices: ['conv', 'free', 'random'] } },
  { group: 'sparse', field: 'seed', url: 'maskSeed', flag: 'mask-seed', name: 'mask seed', label: 'Mask seed', help: 'seed of the encoder’s initial weights and of the random mask', kind: { type: 'number', min: 0, max: INT32, integer: true, step: 1 } },
  {
    group: 'sparse',
    field: 'autoLambda',
    url: 'autoLambda',
    flag: 'auto-lambda',
    name: 'automatic λ',
    label: 'Automatic λ',
    help: 'on: start at λ, raise it while the judged mask evades and lower it when it stops; off: λ stays fixed',
    kind: { type: 'boolean' },
  },
  {
    group: 'sparse',
    field: 'judgeEvery',
    url: 'judgeEvery',
    flag: 'judge-every',
    name: 'judge every',
    label: 'Judge the mask every … iterations',
    help: 'judge the binary mask on the 8-bit image (full cascade) every k iterations and on the last; the sparsest evading mask is returned',
    kind: { type: 'number', min: 1, max: 10_000, integer: true, step: 1 },
  },
  {
    group: 'sparse',
    field: 'trim',
    url: 'trim',
    flag: 'trim',
    name: 'trim judgements',
    label: 'Trim judgements',
    help: 'after training, judgements spent keeping fewer of the best mask’s locations (highest logits first, bisection on their number); 0 = none',
    kind: { type: 'number', min: 0, max: 100, integer: true, step: 1 },
  },
  { group: 'sparse', field: 'refine', url: 'refine', flag: 'refine', name: 'refine δ', label: 'Refine δ with the mask', help: 'on: also update δ (signed steps of α within its bound) while the mask trains', kind: { type: 'boolean' } },
];

export const ALL_SPECS: readonly ParamSpec[] = [...ATTACK_SPECS, ...SPARSE_SPECS];

export function attackSpec(field: keyof AttackParams): AttackSpec {
  return ATTACK_SPECS.find((s) => s.field === field)!;
}

export function sparseSpec(field: keyof SparseParams): SparseSpec {
  return SPARSE_SPECS.find((s) => s.field === field)!;
}

type Value = AttackParams[keyof AttackParams] | SparseParams[keyof SparseParams];

const TRUE_WORDS = ['on', 'true', 'yes', '1'];
const FALSE_WORDS = ['off', 'false', 'no', '0'];

/** A number field's label and range, as the app's fields use it. */
export interface NumberRange {
  label: string;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  sliderMax?: number;
}

export function numberRange(spec: ParamSpec): NumberRange {
  if (spec.kind.type !== 'number') throw new Error(`${spec.field} is not a number parameter`);
  const { min, max, step, integer, sliderMax } = spec.kind;
  return { label: spec.label, min, max, step, integer, sliderMax };
}

/** Why `value` is not allowed for `spec` (named `who`, e.g. "--eps" or "ε"), or null. */
export function checkValue(spec: ParamSpec, value: unknown, who = spec.name): string | null {
  const k = spec.kind;
  switch (k.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${who} must be a number, got ${String(value)}`;
      if (value < k.min || value > k.max) return `${who} must be between ${k.min} and ${k.max}, got ${value}`;
      if (k.integer && !Number.isInteger(value)) return `${who} must be a whole number, got ${value}`;
      return null;
    case 'choice':
      return k.choices.includes(value as string) ? null : `${who} must be one of ${k.choices.join(', ')}, got "${String(value)}"`;
    case 'list': {
      if (!Array.isArray(value) || value.length === 0) return `${who} needs at least one of ${k.choices.join(', ')}`;
      const bad = value.find((v) => !k.choices.includes(v as string));
      return bad === undefined ? null : `${who}: unknown "${String(bad)}" (use ${k.choices.join(', ')})`;
    }
    case 'scales':
      if (value === 'auto' || value === 'all') return null;
      if (Array.isArray(value) && value.length > 0 && value.every((v) => Number.isInteger(v) && v >= 0 && v <= 1000)) return null;
      return `${who} must be auto, all, or a list of pyramid level indices (0 = largest), got "${String(value)}"`;
    case 'face':
      if (value === 'all' || (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10_000)) return null;
      return `${who} must be a face index (0 = first) or all, got "${String(value)}"`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${who} must be on or off, got "${String(value)}"`;
    case 'patch': {
      if (typeof value !== 'string') return `${who} must be a patch region, got ${String(value)}`;
      const parsed = parsePatch(value);
      return 'error' in parsed ? `${who}: ${parsed.error}` : null;
    }
  }
}

/** Parses text (from a link or a flag) into a value, or says why it cannot. */
export function parseValue(spec: ParamSpec, raw: string, who = spec.name): { value: Value } | { error: string } {
  const k = spec.kind;
  const text = raw.trim();
  let value: unknown;
  switch (k.type) {
    case 'number':
      value = text === '' ? NaN : Number(text);
      if (!Number.isFinite(value)) return { error: `${who} must be a number, got "${raw}"` };
      break;
    case 'choice':
      value = text;
      break;
    case 'list':
      value = text.split(',').map((s) => s.trim());
      break;
    case 'scales':
      value = text === 'auto' || text === 'all' ? text : text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
      break;
    case 'face':
      value = text === 'all' ? 'all' : text === '' ? NaN : Number(text);
      break;
    case 'boolean': {
      const word = text.toLowerCase();
      value = TRUE_WORDS.includes(word) ? true : FALSE_WORDS.includes(word) ? false : text;
      break;
    }
    case 'patch': {
      const parsed = parsePatch(text);
      value = 'error' in parsed ? text : formatPatch(parsed.parts);
      break;
    }
  }
  const error = checkValue(spec, value, who);
  return error ? { error } : { value: value as Value };
}

export function formatValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** What the CLI and the help text show as a parameter's accepted values. */
export function describeKind(spec: ParamSpec): string {
  const k = spec.kind;
  switch (k.type) {
    case 'number':
      return `${k.integer ? 'whole number ' : ''}${k.min}–${k.max}`;
    case 'choice':
      return k.choices.join('|');
    case 'list':
      return `one or more of ${k.choices.join(',')}`;
    case 'scales':
      return 'auto|all|i,j,k';
    case 'face':
      return 'N|all';
    case 'boolean':
      return 'on|off';
    case 'patch':
      return 'none|preset:NAME[@S]|x,y,w,h[;...]';
  }
}

/** The first invalid attack parameter, as a message, or null. */
export function validateAttackParams(p: AttackParams): string | null {
  for (const spec of ATTACK_SPECS) {
    const error = checkValue(spec, p[spec.field]);
    if (error) return error;
  }
  return null;
}

export function validateSparseParams(p: SparseParams): string | null {
  for (const spec of SPARSE_SPECS) {
    const error = checkValue(spec, p[spec.field]);
    if (error) return error;
  }
  return null;
}

export interface ParamProblem {
  key: string;
  message: string;
}

/**
 * Reads parameters from text entries (a URL's query or CLI flags) over the defaults. Each bad entry
 * is refused on its own, with a message; every other entry is kept.
 */
export function readParams<P extends AttackParams | SparseParams>(
  specs: readonly ParamSpec[],
  defaults: P,
  get: (spec: ParamSpec) => string | undefined,
  who: (spec: ParamSpec) => string,
): { params: P; problems: ParamProblem[]; given: (keyof P)[] } {
  const params = { ...defaults } as Record<string, unknown>;
  const problems: ParamProblem[] = [];
  const given: (keyof P)[] = [];
  for (const spec of specs) {
    const raw = get(spec);
    if (raw === undefined) continue;
    const parsed = parseValue(spec, raw, who(spec));
    if ('error' in parsed) problems.push({ key: spec.url, message: parsed.error });
    else {
      params[spec.field] = parsed.value;
      given.push(spec.field as keyof P);
    }
  }
  return { params: params as P, problems, given };
}
