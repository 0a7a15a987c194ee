import { TRANSFER_DETECTOR } from '../core/transfer/verdict';
import type { FaceFinding } from '../core/defences/judges';
import { DEFENCES } from '../core/defences/defences';
import { app, useCan } from './app';
import { downloadBlob } from './download';
import type { DefenceRow } from '../core/defences/table';
import { selectDetection, selectRun, useAppStore } from './store';
import { faceNumbers } from './faceOrder';

/*
 * "Does a defence undo it?": common image processing (JPEG, blur, rescaling, fewer bits, a median
 * filter) applied to the saved adversarial image, then MTCNN and the second detector judge again.
 */

const JUDGE_NAMES: Record<string, string> = { mtcnn: 'MTCNN', [TRANSFER_DETECTOR]: 'Tiny Face Detector' };
const cell = (f: FaceFinding | undefined) => (!f ? '–' : f.found ? `Found${f.score === undefined ? '' : ` (${f.score.toFixed(2)})`}` : 'Not found');

export function DefencesPanel() {
  const run = useAppStore(selectRun);
  const canCheck = useCan('check');
  const result = run?.result;
  const numbers = faceNumbers(useAppStore(selectDetection)?.faces ?? []);
  if (!run || !result || run.outcome !== 'done') return null;
  const defences = run.defences;
  const rows = defences?.rows ?? [];
  const judges = rows[0] ? Object.keys(rows[0].verdicts) : [];
  const faces = result.faces.map((f) => f.face);
  return (
    <div className="defences">
      <h3>Does a defence undo it?</h3>
      <p className="hint">
        Each defence is applied to the saved adversarial image, then both detectors look again. “Found” means the face is back. PSNR: how much the defence
        changed the image.
      </p>
      <button type="button" disabled={!canCheck || defences?.status === 'running' || defences?.status === 'done'} onClick={() => void app.checkDefences()}>
        Try the defences
      </button>
      {defences?.status === 'running' && (
        <p role="status" aria-label="Defences progress">
          Trying the defences… {rows.length} of {DEFENCES.length + 1} judged
        </p>
      )}
      {rows.length > 0 && (
        <table className="norms defence-table" aria-label="Defences">
          <caption>After each defence: is the attacked face found again?</caption>
          <thead>
            <tr>
              <th scope="col">Defence</th>
              <th scope="col">PSNR (dB)</th>
              {judges.flatMap((j) => faces.map((f) => <th key={`${j}-${f}`} scope="col">{`${JUDGE_NAMES[j] ?? j}${faces.length > 1 ? `, face ${numbers[f] ?? f + 1}` : ''}`}</th>))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.defence}>
                <th scope="row">{r.label}</th>
                <td>{Number.isFinite(r.psnr) ? r.psnr.toFixed(1) : '∞'}</td>
                {judges.flatMap((j) => faces.map((f) => <td key={`${j}-${f}`}>{cell(r.verdicts[j]?.find((v) => v.face === f))}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {defences?.status === 'done' && (
        <div className="buttons">
          <button type="button" onClick={() => downloadBlob(new Blob([defencesCsv(rows, judges, faces, numbers)], { type: 'text/csv' }), 'defences.csv')}>Download defences CSV</button>
          <button type="button" onClick={() => downloadBlob(new Blob([JSON.stringify({ params: run.params, rows: rows.map((r) => ({ ...r, psnr: Number.isFinite(r.psnr) ? r.psnr : null })) }, null, 2)], { type: 'application/json' }), 'defences.json')}>
            Download defences JSON
          </button>
        </div>
      )}
    </div>
  );
}

/** One line per defence and judge and face: found again or not, with the score. */
function defencesCsv(rows: readonly DefenceRow[], judges: readonly string[], faces: readonly number[], numbers: readonly number[]): string {
  const lines = ['defence,psnr,detector,face,found,score'];
  for (const r of rows)
    for (const j of judges)
      for (const face of faces) {
        const f = r.verdicts[j]?.find((v) => v.face === face);
        lines.push([r.defence, Number.isFinite(r.psnr) ? r.psnr.toFixed(2) : 'inf', j, numbers[face] ?? face + 1, f?.found ?? '', f?.score ?? ''].join(','));
      }
  return lines.join('\n') + '\n';
}
