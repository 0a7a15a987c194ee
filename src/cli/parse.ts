import { UsageError } from './errors';

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
