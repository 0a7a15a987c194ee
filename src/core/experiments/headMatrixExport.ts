import type { HeadMatrix, HeadMatrixRow } from './headMatrix';
import { successBySet } from './headMatrix';
import { LOST_STAGE_WORDS } from './cascadeDiagnosis';

/*
 * The head matrix as JSON (without the images), CSV and a text table: what the CLI prints and what
 * an app export writes. Pure functions.
 */

export type HeadMatrixRowJson = Omit<HeadMatrixRow, 'image'>;

export function rowJson(row: HeadMatrixRow): HeadMatrixRowJson {
  const rest: Partial<HeadMatrixRow> = { ...row };
  delete rest.image;
  return rest as HeadMatrixRowJson;
}

export function matrixJson(m: HeadMatrix): Omit<HeadMatrix, 'rows'> & { rows: HeadMatrixRowJson[]; summary: ReturnType<typeof successBySet> } {
  return { ...m, rows: m.rows.map(rowJson), summary: successBySet(m) };
}

export const CSV_HEADER = [
  'image',
  'face',
  'set',
  'heads',
  'evaded',
  'lost_at',
  'lost_stage',
  'pnet_score',
  'rnet_score',
  'onet_score',
  'best_iou',
  'funnel_pnet',
  'funnel_nms',
  'funnel_rnet',
  'funnel_onet',
  'funnel_final',
  'candidates_start',
  'candidates_end',
  'final_loss',
  'l0_pixels',
  'linf',
  'psnr',
  'ms_per_step',
].join(',');

const cell = (x: unknown) => {
  if (x === null || x === undefined) return '';
  const s = typeof x === 'number' && !Number.isFinite(x) ? '' : String(x);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function csvLines(image: string, m: { rows: readonly HeadMatrixRowJson[] }): string[] {
  return m.rows.map((r) =>
    [
      image,
      r.face,
      r.set,
      r.heads.join(' '),
      r.evaded,
      r.lostAt,
      r.lostStage,
      r.scores.pnet,
      r.scores.rnet,
      r.scores.onet,
      r.scores.iou,
      r.funnel.pnet,
      r.funnel.nms,
      r.funnel.rnet,
      r.funnel.onet,
      r.funnel.final,
      r.candidates.start,
      r.candidates.end,
      r.finalLoss,
      r.norms.l0Pixels,
      r.norms.linf,
      r.norms.psnr,
      r.msPerStep,
    ]
      .map(cell)
      .join(','),
  );
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const score = (x: number) => x.toFixed(3);

/** One face's rows as a text table, with the clean scores on top. */
export function faceTable(m: HeadMatrix, face: number): string {
  const f = m.faces.find((x) => x.face === face)!;
  const rows = m.rows.filter((r) => r.face === face);
  const head = (s: string, n: number) => s.padEnd(n);
  let out = `face ${face} (box ${Math.round(f.box.x)},${Math.round(f.box.y)} ${Math.round(f.box.width)}×${Math.round(f.box.height)}); clean scores P ${score(f.clean.scores.pnet)} R ${score(f.clean.scores.rnet)} O ${score(f.clean.scores.onet)}\n`;
  out += `  ${head('heads', 16)} ${head('result', 9)} ${head('lost at', 7)}  P-Net  R-Net  O-Net   IoU  funnel (P/NMS/R/O/final)  where\n`;
  for (const r of rows) {
    const funnel = `${r.funnel.pnet}/${r.funnel.nms}/${r.funnel.rnet}/${r.funnel.onet}/${r.funnel.final}`;
    out +=
      `  ${head(r.set, 16)} ${head(r.evaded ? 'EVADED' : 'detected', 9)} ${String(r.lostAt ?? '-').padStart(7)}  ${score(r.scores.pnet)}  ${score(r.scores.rnet)}  ${score(r.scores.onet)}  ${r.scores.iou.toFixed(2)}  ` +
      `${funnel.padEnd(24)} ${r.lostStage ? LOST_STAGE_WORDS[r.lostStage] : 'still found'}\n`;
  }
  return out;
}

/** Success per head set over every face given. */
export function summaryTable(rows: readonly HeadMatrixRow[]): string {
  let out = `${'heads'.padEnd(16)} faces  evaded  success\n`;
  for (const s of successBySet({ rows: [...rows] })) out += `${s.set.padEnd(16)} ${String(s.faces).padStart(5)}  ${String(s.evaded).padStart(6)}  ${pct(s.successRate).padStart(7)}\n`;
  return out;
}
