import type { TransferFace } from '../core/transfer/verdict';
import { app, useCan } from './app';
import { downloadBlob } from './download';
import { selectDetection, selectRun, useAppStore } from './store';
import { faceNumbers } from './faceOrder';
import { formatNumber, useT } from './i18n';

/*
 * "Does it fool another detector?": the Tiny Face Detector (face-api's, our own implementation,
 * core/transfer) judges the saved 8-bit adversarial image. Each detector is judged against its own
 * clean box (core/transfer/verdict.ts says why).
 */

export function TransferPanel() {
  const { t } = useT('results');
  const said = (f: TransferFace) => (f.found ? t('transfer.found', { score: formatNumber(f.score!, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) }) : t('transfer.notFound'));
  const run = useAppStore(selectRun);
  const canCheck = useCan('check');
  const result = run?.result;
  const numbers = faceNumbers(useAppStore(selectDetection)?.faces ?? []);
  if (!run || !result || run.outcome !== 'done') return null;
  const transfer = run.transfer;
  const verdict = transfer?.verdict;
  return (
    <div className="transfer">
      <h3>{t('transfer.title')}</h3>
      <p className="hint">{t('transfer.hint')}</p>
      <button type="button" disabled={!canCheck || transfer?.status === 'running' || transfer?.status === 'done'} onClick={() => void app.checkTransfer()}>
        {t('transfer.ask')}
      </button>
      {transfer?.status === 'running' && <p role="status" aria-label={t('transfer.label')}>{t('transfer.asking')}</p>}
      {verdict && (
        <table className="norms transfer-table" aria-label={t('transfer.label')}>
          <caption>{t('transfer.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('transfer.face')}</th>
              <th scope="col">{t('transfer.mtcnn')}</th>
              <th scope="col">{t('transfer.clean')}</th>
              <th scope="col">{t('transfer.attacked')}</th>
            </tr>
          </thead>
          <tbody>
            {verdict.faces.map((f) => {
              const mtcnn = result.faces.find((m) => m.face === f.face);
              return (
                <tr key={f.face}>
                  <th scope="row">{numbers[f.face] ?? f.face + 1}</th>
                  <td>{t(mtcnn?.evaded ? 'verdict.evaded' : 'verdict.stillDetected')}</td>
                  <td>{said(f.clean)}</td>
                  <td>{said(f.adversarial)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {verdict && (
        <div className="buttons">
          <button type="button" onClick={() => downloadBlob(new Blob([JSON.stringify({ params: run.params, mtcnn: result.faces.map(({ face, evaded }) => ({ face: numbers[face], index: face, evaded })), secondDetector: { detector: verdict.detector, options: verdict.options, faces: verdict.faces.map((f) => ({ ...f, face: numbers[f.face], index: f.face })) } }, null, 2)], { type: 'application/json' }), 'second-detector.json')}>
            {t('transfer.download')}
          </button>
        </div>
      )}
    </div>
  );
}
