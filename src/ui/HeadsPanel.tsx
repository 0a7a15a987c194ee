import { successBySet } from '../core/experiments/headMatrix';
import { CSV_HEADER, csvLines } from '../core/experiments/headMatrixExport';
import { app, useCan } from './app';
import { downloadBlob, svgPngBlob } from './download';
import { selectDetection, selectHeads, selectParams, selectPhoto, useAppStore } from './store';
import { faceNumbers } from './faceOrder';
import { formatNumber, useT } from './i18n';
import { Explain } from './i18n/Explain';
import { headSetLabel } from './i18n/headSetLabels';

/*
 * Experiments: which head of MTCNN breaks first (seed 003's question). One attack per head alone,
 * per net's heads and all seven, with the budget of "Attack settings", each judged on 8 bits; where
 * the cascade lost the face, and at which step.
 */

const pct = (v: number) => formatNumber(v, { style: 'percent', maximumFractionDigits: 0 });
const fixed = (v: number) => formatNumber(v, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const ROW = 22;
const LABEL_W = 190;
const BAR_W = 240;

/** Success per head set as an SVG bar chart (so it downloads as a PNG like the other charts). */
function SuccessBars({ summary }: { summary: ReturnType<typeof successBySet> }) {
  const { t } = useT('experiments');
  const height = ROW * summary.length + 4;
  const gist = summary.map((s) => `${headSetLabel(s.set, s.label)} ${s.evaded}/${s.faces}`).join(', ');
  return (
    <svg className="success-bars" width={LABEL_W + BAR_W + 90} height={height} viewBox={`0 0 ${LABEL_W + BAR_W + 90} ${height}`} role="img" aria-label={t('heads.barsLabel', { gist })}>
      {summary.map((s, i) => (
        <g key={s.set} transform={`translate(0, ${i * ROW + 2})`}>
          <text x={LABEL_W - 8} y={ROW / 2} textAnchor="end" dominantBaseline="middle">
            {headSetLabel(s.set, s.label)}
          </text>
          <rect className="track" x={LABEL_W} y={4} width={BAR_W} height={ROW - 8} rx={3} />
          <rect className="fill" x={LABEL_W} y={4} width={BAR_W * s.successRate} height={ROW - 8} rx={3} />
          <text x={LABEL_W + BAR_W + 8} y={ROW / 2} dominantBaseline="middle">
            {t('heads.bar', { evaded: s.evaded, faces: s.faces, rate: pct(s.successRate) })}
          </text>
        </g>
      ))}
    </svg>
  );
}

export function HeadsPanel() {
  const { t } = useT('experiments');
  const heads = useAppStore(selectHeads);
  const params = useAppStore(selectParams);
  const photo = useAppStore(selectPhoto);
  const numbers = faceNumbers(useAppStore(selectDetection)?.faces ?? []);
  const canRun = useCan('experiment');
  const canStop = useCan('stopExperiment');
  const running = heads?.status === 'running';
  const rows = heads?.rows ?? [];
  const summary = successBySet({ rows });
  const base = `${(photo?.name ?? 'photo').replace(/\.[a-z0-9]+$/i, '')}-heads`;
  const savePng = async () => {
    const svg = document.querySelector<SVGSVGElement>('.heads svg.success-bars');
    if (svg) downloadBlob(await svgPngBlob(svg), `${base}.png`);
  };
  return (
    <section aria-labelledby="heads-title" className="panel heads">
      <div className="heading-row">
        <h2 id="heads-title">{t('heads.title')}</h2>
        <Explain term="heads" />
      </div>
      <p className="hint">{t('heads.hint', { eps: params.eps, alpha: params.alpha, steps: formatNumber(params.steps) })}</p>
      <div className="buttons">
        <button type="button" className="primary" disabled={!canRun} onClick={() => void app.runHeads()}>
          {t('heads.run')}
        </button>
        <button type="button" disabled={!canStop || !running} onClick={app.stopExperiment}>
          {t('heads.stop')}
        </button>
      </div>
      {heads && (
        <p role="status" aria-label={t('heads.progressLabel')}>
          {t(`heads.status.${heads.status}`)}
          {heads.total !== null ? t('judgedOf', { done: formatNumber(rows.length), total: formatNumber(heads.total) }) : t('judged', { done: formatNumber(rows.length) })}
        </p>
      )}
      {summary.length > 0 && <SuccessBars summary={summary} />}
      {rows.length > 0 && (
        <>
          <table className="norms heads-table" aria-label={t('heads.tableLabel')}>
            <caption>{t('heads.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('heads.attackedHeads')}</th>
                <th scope="col">{t('heads.face')}</th>
                <th scope="col">{t('heads.verdict')}</th>
                <th scope="col">{t('heads.where')}</th>
                <th scope="col">P-Net</th>
                <th scope="col">R-Net</th>
                <th scope="col">O-Net</th>
                <th scope="col">{t('heads.bestIou')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.set}-${r.face}`}>
                  <th scope="row">{headSetLabel(r.set, r.label)}</th>
                  <td>{numbers[r.face] ?? r.face + 1}</td>
                  <td>{r.evaded ? (r.lostAt !== null ? t('heads.evadedAt', { step: r.lostAt }) : t('heads.evaded')) : t('heads.stillFound')}</td>
                  <td>{r.lostStage ? t(`heads.lost.${r.lostStage}`) : '–'}</td>
                  <td>{fixed(r.scores.pnet)}</td>
                  <td>{fixed(r.scores.rnet)}</td>
                  <td>{fixed(r.scores.onet)}</td>
                  <td>{fixed(r.scores.iou)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="buttons">
            <button type="button" onClick={() => void savePng()}>
              {t('heads.downloadPng')}
            </button>
            <button type="button" onClick={() => downloadBlob(new Blob([[CSV_HEADER, ...csvLines(photo?.name ?? '', { rows })].join('\n') + '\n'], { type: 'text/csv' }), `${base}.csv`)}>
              {t('heads.downloadCsv')}
            </button>
            <button type="button" onClick={() => downloadBlob(new Blob([JSON.stringify({ params: heads!.params, rows, summary }, null, 2)], { type: 'application/json' }), `${base}.json`)}>
              {t('heads.downloadJson')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
