/*
 * The result rows batch commands write (one JSON line per face and setting) and what merge makes of
 * them: the summary table, CSV and a curve. Pure functions, no TensorFlow.js.
 */

/** One attacked face (or all faces at once, face 'all') at one setting. */
export interface ResultRow {
  command: string;
  /** The image's key (see dataset.ts). */
  image: string;
  face: number | 'all';
  /** Faces in the clean detection of the image. */
  detected: number;
  /** The varied setting's name and value (null: nothing varied). */
  vary: string | null;
  value: number | string | null;
  /** Faces attacked in this row (1, or all of them for face 'all') and how many of them evaded. */
  faces: number;
  evaded: number;
  /** Every setting of the run (the attack's, and the mask's for sparse), as used for this row. */
  params: Record<string, unknown>;
  /** The detector options. */
  detect: Record<string, unknown>;
  backend: string;
  /** Wall time of this row's attack. */
  ms: number;
  /** Numbers merge averages (norms, mask size…); null where undefined (PSNR of no change). */
  metrics: Record<string, number | null>;
}

/** An image that could not be attacked (unreadable, no face): recorded so that --resume skips it. */
export interface SkippedRow {
  command: string;
  image: string;
  skipped: string;
}

export type AnyRow = ResultRow | SkippedRow;

export const isSkipped = (r: AnyRow): r is SkippedRow => typeof (r as SkippedRow).skipped === 'string';

/** The resume key: command, image, face and the varied setting. */
export function rowKey(r: Pick<ResultRow, 'command' | 'image' | 'face' | 'vary' | 'value'>): string {
  return JSON.stringify([r.command, r.image, r.face, r.vary, r.value]);
}

export function skipKey(r: Pick<SkippedRow, 'command' | 'image'>): string {
  return JSON.stringify([r.command, r.image, 'skipped']);
}

/** JSON with object keys sorted, so that equal settings give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * What must be equal for rows to belong to one experiment: the command, the varied setting's name,
 * every other setting and the detector options (the face and the varied value differ by design).
 */
export function runFingerprint(r: Pick<ResultRow, 'command' | 'vary' | 'params' | 'detect'>): string {
  // Settings added after results were first written: their old behaviour is the default (no EOT;
  // heads summed), and with one head the balancing changes nothing, so it is left out.
  const params = { eot: 0, headNorm: 'sum', ...r.params } as Record<string, unknown>;
  // (The head matrix varies the heads: there the balance is one setting of the whole run.)
  if (r.vary !== 'heads' && Array.isArray(params.heads) && params.heads.length === 1) delete params.headNorm;
  delete params.face;
  if (r.vary) delete params[r.vary];
  return canonicalJson({ command: r.command, vary: r.vary, params, detect: r.detect });
}

/** The first setting in which two fingerprints differ, in words ("eps 0.03 ≠ 0.05"). */
export function fingerprintDifference(a: string, b: string): string {
  const pa = JSON.parse(a) as Record<string, unknown>;
  const pb = JSON.parse(b) as Record<string, unknown>;
  const flat = (o: unknown, prefix = ''): [string, string][] =>
    o && typeof o === 'object' && !Array.isArray(o) ? Object.entries(o).flatMap(([k, v]) => flat(v, prefix ? `${prefix}.${k}` : k)) : [[prefix, JSON.stringify(o)]];
  const ma = new Map(flat(pa));
  const mb = new Map(flat(pb));
  for (const k of new Set([...ma.keys(), ...mb.keys()])) {
    if (ma.get(k) !== mb.get(k)) return `${k.replace(/^params\./, '')} ${ma.get(k) ?? '(none)'} ≠ ${mb.get(k) ?? '(none)'}`;
  }
  return 'no difference';
}

/** One line of a summary: the rows of one setting value. */
export interface SummaryRow {
  value: number | string | null;
  images: number;
  faces: number;
  evaded: number;
  successRate: number;
  /** Means of the rows' metrics (null where no row had a finite value). */
  metrics: Record<string, number | null>;
}

/** The rows of one experiment (command and varied setting), one summary line per value. */
export interface Summary {
  command: string;
  vary: string | null;
  rows: SummaryRow[];
}

/**
 * Groups rows by command and varied setting, then by value: faces, evaded, success rate and the
 * metrics' means. Numeric values are sorted; other values keep the order they first appear in.
 */
export function summarize(rows: readonly ResultRow[]): Summary[] {
  const groups = new Map<string, { command: string; vary: string | null; byValue: Map<string, ResultRow[]> }>();
  for (const r of rows) {
    const gk = JSON.stringify([r.command, r.vary]);
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { command: r.command, vary: r.vary, byValue: new Map() }));
    const vk = JSON.stringify(r.value);
    const list = g.byValue.get(vk);
    if (list) list.push(r);
    else g.byValue.set(vk, [r]);
  }
  return [...groups.values()].map((g) => {
    const lines = [...g.byValue.values()].map((rs): SummaryRow => {
      const faces = rs.reduce((a, r) => a + r.faces, 0);
      const evaded = rs.reduce((a, r) => a + r.evaded, 0);
      const names = [...new Set(rs.flatMap((r) => Object.keys(r.metrics ?? {})))].sort();
      const metrics = Object.fromEntries(
        names.map((n) => {
          const xs = rs.map((r) => r.metrics?.[n]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
          return [n, xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : null];
        }),
      );
      return { value: rs[0]!.value, images: new Set(rs.map((r) => r.image)).size, faces, evaded, successRate: faces ? evaded / faces : 0, metrics };
    });
    if (lines.every((l) => typeof l.value === 'number')) lines.sort((a, b) => (a.value as number) - (b.value as number));
    return { command: g.command, vary: g.vary, rows: lines };
  });
}

/** The table sweep has always printed: value, faces, evaded, success. */
export function formatTable(s: Summary): string {
  const name = s.vary ?? 'setting';
  let out = `${name.padEnd(12)} faces  evaded  success\n`;
  for (const r of s.rows) {
    out += `${String(r.value ?? '-').padEnd(12)} ${String(r.faces).padStart(5)}  ${String(r.evaded).padStart(6)}  ${(100 * r.successRate).toFixed(1).padStart(6)}%\n`;
  }
  return out;
}

/** The sweep --csv columns (value, faces, evaded, success_rate), then images and the metrics' means. */
export function formatCsv(s: Summary): string {
  const names = [...new Set(s.rows.flatMap((r) => Object.keys(r.metrics)))].sort();
  const header = [s.vary ?? 'setting', 'faces', 'evaded', 'success_rate', 'images', ...names.map((n) => `mean_${n}`)];
  const cell = (x: unknown) => (x === null || x === undefined ? '' : typeof x === 'string' && /[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : String(x));
  return [header.join(','), ...s.rows.map((r) => [r.value, r.faces, r.evaded, r.successRate, r.images, ...names.map((n) => r.metrics[n])].map(cell).join(','))].join('\n') + '\n';
}

/** A point drawn beside the curve, e.g. the paper's peak. */
export interface Mark {
  value: number;
  rate: number;
  label: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Short tick labels: 0.001, 0.016, 0.064, 2, 50. */
function tickLabel(v: number): string {
  return Number(v.toPrecision(3)).toString();
}

/**
 * The success rate against the varied value as an SVG line chart (one line per experiment, only
 * numeric values). The x axis is logarithmic (base 2) when the values are positive and span a
 * factor of 8 or more, as α in the seed's Fig. 8 does.
 */
export function curveSvg(summaries: readonly Summary[], options: { title?: string; marks?: readonly Mark[] } = {}): string {
  const series = summaries
    .map((s) => ({ s, pts: s.rows.filter((r) => typeof r.value === 'number').map((r) => ({ x: r.value as number, y: r.successRate, faces: r.faces })) }))
    .filter((x) => x.pts.length > 0);
  const marks = options.marks ?? [];
  const xs = [...series.flatMap((x) => x.pts.map((p) => p.x)), ...marks.map((m) => m.value)];
  const W = 720;
  const H = 440;
  const m = { left: 64, right: 24, top: 48, bottom: 56 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const lo = xs.length ? Math.min(...xs) : 0;
  const hi = xs.length ? Math.max(...xs) : 1;
  const log = lo > 0 && hi / lo >= 8;
  const f = (v: number) => (log ? Math.log2(v) : v);
  const [a, b] = lo === hi ? [f(lo) - 1, f(hi) + 1] : [f(lo), f(hi)];
  const pad = (b - a) * 0.04;
  const X = (v: number) => m.left + ((f(v) - (a - pad)) / (b - a + 2 * pad)) * pw;
  const Y = (r: number) => m.top + (1 - r) * ph;
  const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  const title = options.title ?? series.map((x) => `${x.s.command}: success rate vs ${x.s.vary ?? 'setting'}`).join('; ');
  parts.push(`<text x="${W / 2}" y="24" text-anchor="middle" font-size="15">${esc(title)}</text>`);
  for (let i = 0; i <= 10; i += 2) {
    const y = Y(i / 10);
    parts.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${m.left - 8}" y="${y + 4}" text-anchor="end">${i * 10}%</text>`);
  }
  const ticks = [...new Set(xs)].sort((p, q) => p - q);
  let lastLabelX = -Infinity;
  let lowered = false;
  for (const t of ticks) {
    const x = X(t);
    // A label too close to the previous one goes a line lower (0.004 and 0.0047568 in Fig. 8).
    lowered = x - lastLabelX < 44 && !lowered;
    lastLabelX = x;
    parts.push(`<line x1="${x}" x2="${x}" y1="${m.top + ph}" y2="${m.top + ph + (lowered ? 15 : 5)}" stroke="#333"/>`);
    parts.push(`<text x="${x}" y="${m.top + ph + (lowered ? 28 : 18)}" text-anchor="middle" font-size="10">${tickLabel(t)}</text>`);
  }
  parts.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  const xName = [...new Set(series.map((x) => x.s.vary ?? 'setting'))].join(', ');
  parts.push(`<text x="${m.left + pw / 2}" y="${H - 10}" text-anchor="middle">${esc(xName)}${log ? ' (log scale)' : ''}</text>`);
  parts.push(`<text x="16" y="${m.top + ph / 2}" text-anchor="middle" transform="rotate(-90 16 ${m.top + ph / 2})">success rate</text>`);
  series.forEach(({ s, pts }, i) => {
    const c = colours[i % colours.length]!;
    const faces = Math.max(...pts.map((p) => p.faces));
    parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.map((p) => `${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) {
      parts.push(`<circle cx="${X(p.x).toFixed(1)}" cy="${Y(p.y).toFixed(1)}" r="3.5" fill="${c}"><title>${esc(`${s.vary ?? 'setting'} ${p.x}: ${(100 * p.y).toFixed(1)}% of ${p.faces} faces`)}</title></circle>`);
      parts.push(`<text x="${X(p.x).toFixed(1)}" y="${(Y(p.y) - 8).toFixed(1)}" text-anchor="middle" font-size="10" fill="${c}">${(100 * p.y).toFixed(1)}</text>`);
    }
    parts.push(`<text x="${m.left + 10}" y="${m.top + 16 + 16 * i}" fill="${c}">${esc(`${s.command} (${faces} faces)`)}</text>`);
  });
  marks.forEach((mk, i) => {
    const x = X(mk.value).toFixed(1);
    const y = Y(mk.rate).toFixed(1);
    parts.push(`<path d="M${x} ${Number(y) - 6} l6 6 l-6 6 l-6 -6 z" fill="none" stroke="#000" stroke-width="1.5"/>`);
    parts.push(`<text x="${Number(x) + 9}" y="${Number(y) + 4 - 14 * i}" font-size="11">${esc(mk.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
