import type { RgbaImage } from '../image';
import type { Verdict } from '../attack/verdict';
import type { Detection } from '../mtcnn/detect';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import { cleanFacesOf, mtcnnJudge, type FaceJudge } from './judges';
import { defenceTable, type DefenceRow } from './table';

/**
 * The defence table of a judged attack: every defence applied to its 8-bit adversarial image,
 * judged by MTCNN (with the attack's detector options) and any further judges, for the faces the
 * attack targeted.
 */
export function defenceTableOf(
  weights: MtcnnWeights,
  clean: RgbaImage,
  cleanDetection: Detection,
  verdict: Verdict,
  options: DetectOptions,
  moreJudges: readonly FaceJudge[] = [],
): Promise<DefenceRow[]> {
  const faces = cleanFacesOf(cleanDetection, verdict.faces.map((f) => f.face));
  return defenceTable(verdict.image, faces, [mtcnnJudge(weights, clean, cleanDetection, options), ...moreJudges]);
}

/**
 * The table as text, one line per defence: the PSNR of the defended image against the adversarial
 * one, then for each judge and face "evaded" or "FOUND (score)". `faceLabel` names a face (the CLI
 * uses the detector's index, the app its position).
 */
export function defenceTableText(rows: readonly DefenceRow[], faceLabel: (face: number) => string = (f) => `face ${f}`): string {
  const first = rows[0];
  if (!first) return '';
  const judges = Object.keys(first.verdicts);
  const columns = judges.flatMap((j) => first.verdicts[j]!.map((f, k) => ({ judge: j, k, title: judges.length > 1 ? `${j} ${faceLabel(f.face)}` : faceLabel(f.face) })));
  const cell = (row: DefenceRow, c: (typeof columns)[number]) => {
    const f = row.verdicts[c.judge]![c.k]!;
    return f.found ? `FOUND${f.score === undefined ? '' : ` ${f.score.toFixed(3)}`}` : 'evaded';
  };
  const widths = columns.map((c) => Math.max(c.title.length, ...rows.map((r) => cell(r, c).length)));
  const labelWidth = Math.max(7, ...rows.map((r) => r.label.length));
  const line = (label: string, psnr: string, cells: string[]) => `    ${label.padEnd(labelWidth)}  ${psnr.padStart(6)}  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd() + '\n';
  return (
    line('defence', 'PSNR', columns.map((c) => c.title)) +
    rows.map((r) => line(r.label, Number.isFinite(r.psnr) ? r.psnr.toFixed(1) : '—', columns.map((c) => cell(r, c)))).join('')
  );
}
