import { TRANSFER_DETECTOR } from '../core/transfer/verdict';
import type { FaceFinding } from '../core/defences/judges';
import { DEFENCES } from '../core/defences/defences';
import { app, useCan } from './app';
import { downloadBlob } from './download';
import type { DefenceRow } from '../core/defences/table';
import { selectDetection, selectRun, useAppStore } from './store';
import { faceNumbers } from './faceOrder';
import { formatNumber, useT } from './i18n';
import { defenceName } from './i18n/defenceNames';

/*
 * "Does a defence undo it?": common image processing (JPEG, blur, rescaling, fewer bits, a median
 * filter) applied to the saved adversarial image, then MTCNN and the second detector judge again.
 */

const JUDGE_KEYS = { mtcnn: 'defences.judges.mtcnn', [TRANSFER_DETECTOR]: 'defences.judges.tiny' } as const;
const fixed = (v: number, digits: number) => formatNumber(v, { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function DefencesPanel() {
  const { t } = useT('results');
  const judgeName = (j: string) => (j in JUDGE_KEYS ? t(JUDGE_KEYS[j as keyof typeof JUDGE_KEYS]) : j);
  const cell = (f: FaceFinding | undefined) =>
    !f ? '–' : f.found ? (f.score === undefined ? t('defences.found') : t('defences.foundScore', { score: fixed(f.score, 2) })) : t('defences.notFound');
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
      <h3>{t('defences.title')}</h3>
      <p className="hint">{t('defences.hint')}</p>
      <button type="button" disabled={!canCheck || defences?.status === 'running' || defences?.status === 'done'} onClick={() => void app.checkDefences()}>
        {t('defences.try')}
      </button>
      {defences?.status === 'running' && (
        <p role="status" aria-label={t('defences.progressLabel')}>
          {t('defences.progress', { done: rows.length, total: DEFENCES.length + 1 })}
        </p>
      )}
      {rows.length > 0 && (
        <table className="norms defence-table" aria-label={t('defences.label')}>
          <caption>{t('defences.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('defences.defence')}</th>
              <th scope="col">{t('defences.psnr')}</th>
              {judges.flatMap((j) =>
                faces.map((f) => (
                  <th key={`${j}-${f}`} scope="col">
                    {faces.length > 1 ? t('defences.judgeFace', { judge: judgeName(j), number: numbers[f] ?? f + 1 }) : judgeName(j)}
                  </th>
                )),
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.defence}>
                <th scope="row">{defenceName(r.defence, r.label)}</th>
                <td>{Number.isFinite(r.psnr) ? fixed(r.psnr, 1) : '∞'}</td>
                {judges.flatMap((j) => faces.map((f) => <td key={`${j}-${f}`}>{cell(r.verdicts[j]?.find((v) => v.face === f))}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {defences?.status === 'done' && (
        <div className="buttons">
          <button type="button" onClick={() => downloadBlob(new Blob([defencesCsv(rows, judges, faces, numbers)], { type: 'text/csv' }), 'defences.csv')}>{t('defences.downloadCsv')}</button>
          <button type="button" onClick={() => downloadBlob(new Blob([JSON.stringify({ params: run.params, rows: rows.map((r) => ({ ...r, psnr: Number.isFinite(r.psnr) ? r.psnr : null })) }, null, 2)], { type: 'application/json' }), 'defences.json')}>
            {t('defences.downloadJson')}
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
