import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/** A token that is a value even though it starts with a dash: -1, -0.5, -.5, -1e3, -1,2, -Infinity. */
function isNegativeNumber(token: string): boolean {
  return /^-(\d|\.\d)/.test(token) || token === '-Infinity';
}

/**
 * `--eps -1` becomes `--eps=-1` for string-valued flags, so that negative numbers reach the range
 * checks instead of parseArgs's "argument is ambiguous". Tokens after `--` are left alone.
 */
export function joinNegativeValues(argv: readonly string[], options: FlagOptions): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    const flag = token.startsWith('--') && !token.includes('=') ? options[token.slice(2)] : undefined;
    if (flag?.type === 'string' && next !== undefined && isNegativeNumber(next)) {
      out.push(`${token}=${next}`);
      i++;
    } else out.push(token);
  }
  return out;
}

/** Every command's argv parser: strict flags, positionals allowed, negative numbers as values. */
export function parseCommandLine<O extends FlagOptions>(argv: readonly string[], options: O) {
  return parseArgs({ args: joinNegativeValues(argv, options), allowPositionals: true, strict: true, options });
}

/** Parses a finite number flag inside [min, max]. */
export function numberFlag(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got "${raw}"`);
  if (v < min || v > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${v}`);
  return v;
}

export function integerFlag(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  const v = numberFlag(name, raw, fallback, min, max);
  if (!Number.isInteger(v)) throw new UsageError(`--${name} must be a whole number, got ${v}`);
  return v;
}

export function listFlag(name: string, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`--${name} must be a comma-separated list, got "${raw}"`);
  return items;
}

export function choiceFlag<T extends string>(name: string, raw: string | undefined, fallback: T, choices: readonly T[]): T {
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${raw}"`);
  return raw as T;
}
