import { MAX_SWEEP_VALUES, summarizeSweep, type SweepPoint, type SweepSpec } from '../core/run/sweep';
import { tr } from './i18n';

/*
 * A sweep's values as the user types them, and its results as files: CSV (one row per attack, the
 * rate per value follows from it) and JSON (the settings, the rates and every point).
 */

/** "0.001, 0.002 0.004" → numbers; a message in words (the app's language) when something is not a number. */
export function parseSweepValues(text: string): { values: number[] } | { error: string } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return { error: tr('experiments:sweep.errors.empty') };
  const values: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isFinite(v)) return { error: tr('experiments:sweep.errors.notNumber', { text: p }) };
    values.push(v);
  }
  if (values.length > MAX_SWEEP_VALUES) return { error: tr('experiments:sweep.errors.tooMany', { max: MAX_SWEEP_VALUES }) };
  return { values: [...new Set(values)].sort((a, b) => a - b) };
}

const CSV_COLUMNS = ['value', 'photo', 'face', 'evaded', 'l0Pixels', 'linf', 'psnr'] as const;

/** One row per attack; the first line names the varied parameter. */
export function sweepCsv(spec: SweepSpec, points: readonly SweepPoint[]): string {
  const quote = (v: unknown) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : String(v));
  const header = CSV_COLUMNS.map((c) => (c === 'value' ? spec.vary : c)).join(',');
  const rows = points.map((p) => CSV_COLUMNS.map((c) => quote(c === 'face' ? p.face + 1 : c === 'psnr' && !Number.isFinite(p.psnr) ? 'inf' : p[c])).join(','));
  return [header, ...rows].join('\n') + '\n';
}

export function sweepJson(spec: SweepSpec, points: readonly SweepPoint[]): string {
  const faceNumbered = points.map((p) => ({ ...p, face: p.face + 1, psnr: Number.isFinite(p.psnr) ? p.psnr : null }));
  return JSON.stringify({ vary: spec.vary, values: spec.values, faces: spec.faces, params: spec.base, rates: summarizeSweep(spec.values, points), points: faceNumbered }, null, 2) + '\n';
}
