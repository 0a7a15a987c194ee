import { successBySet } from '../core/experiments/headMatrix';
import { CSV_HEADER, csvLines } from '../core/experiments/headMatrixExport';
import { LOST_STAGE_WORDS } from '../core/experiments/cascadeDiagnosis';
import { app, useCan } from './app';
import { downloadBlob, svgPngBlob } from './download';
import { selectDetection, selectHeads, selectParams, selectPhoto, useAppStore } from './store';
import { faceNumbers } from './faceOrder';

/*
 * Experiments: which head of MTCNN breaks first (seed 003's question). One attack per head alone,
 * per net's heads and all seven, with the budget of "Attack settings", each judged on 8 bits; where
 * the cascade lost the face, and at which step.
 */

const pct = (v: number) => `${Math.round(100 * v)}%`;

const ROW = 22;
const LABEL_W = 190;
const BAR_W = 240;

/** Success per head set as an SVG bar chart (so it downloads as a PNG like the other charts). */
function SuccessBars({ summary }: { summary: ReturnType<typeof successBySet> }) {
  const height = ROW * summary.length + 4;
  const gist = summary.map((s) => `${s.label} ${s.evaded}/${s.faces}`).join(', ');
  return (
    <svg className="success-bars" width={LABEL_W + BAR_W + 90} height={height} viewBox={`0 0 ${LABEL_W + BAR_W + 90} ${height}`} role="img" aria-label={`Success per head set: ${gist}`}>
      {summary.map((s, i) => (
        <g key={s.set} transform={`translate(0, ${i * ROW + 2})`}>
          <text x={LABEL_W - 8} y={ROW / 2} textAnchor="end" dominantBaseline="middle">
            {s.label}
          </text>
          <rect className="track" x={LABEL_W} y={4} width={BAR_W} height={ROW - 8} rx={3} />
          <rect className="fill" x={LABEL_W} y={4} width={BAR_W * s.successRate} height={ROW - 8} rx={3} />
          <text x={LABEL_W + BAR_W + 8} y={ROW / 2} dominantBaseline="middle">
            {s.evaded}/{s.faces} ({pct(s.successRate)})
          </text>
        </g>
      ))}
    </svg>
  );
}

export function HeadsPanel() {
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
      <h2 id="heads-title">Experiments: which head breaks first?</h2>
      <p className="hint">
        Attacks each of MTCNN’s seven outputs alone, each net’s outputs together, and all seven, with the ε, α, steps and seed of “Attack settings” (now ε {params.eps}, α {params.alpha},{' '}
        {params.steps} steps) on the chosen face. Each attack is judged on the saved 8-bit image; the table says at which step the face was lost and which stage of
        the cascade lost it.
      </p>
      <div className="buttons">
        <button type="button" className="primary" disabled={!canRun} onClick={() => void app.runHeads()}>
          Run head matrix
        </button>
        <button type="button" disabled={!canStop || !running} onClick={app.stopExperiment}>
          Stop head matrix
        </button>
      </div>
      {heads && (
        <p role="status" aria-label="Head matrix progress">
          {running ? 'Running' : heads.status === 'done' ? 'Head matrix done' : heads.status === 'stopped' ? 'Head matrix stopped' : 'Head matrix failed'}
          {` · ${rows.length}${heads.total !== null ? ` of ${heads.total}` : ''} attacks judged`}
        </p>
      )}
      {summary.length > 0 && <SuccessBars summary={summary} />}
      {rows.length > 0 && (
        <>
          <table className="norms heads-table" aria-label="Head matrix">
            <caption>Per attack: the verdict, when and where the face was lost, and each stage’s score on the face at the end</caption>
            <thead>
              <tr>
                <th scope="col">Attacked heads</th>
                <th scope="col">Face</th>
                <th scope="col">Verdict</th>
                <th scope="col">Where the cascade lost it</th>
                <th scope="col">P-Net</th>
                <th scope="col">R-Net</th>
                <th scope="col">O-Net</th>
                <th scope="col">Best IoU</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.set}-${r.face}`}>
                  <th scope="row">{r.label}</th>
                  <td>{numbers[r.face] ?? r.face + 1}</td>
                  <td>{r.evaded ? `Evaded${r.lostAt !== null ? ` (lost at step ${r.lostAt})` : ''}` : 'Still found'}</td>
                  <td>{r.lostStage ? LOST_STAGE_WORDS[r.lostStage] : '–'}</td>
                  <td>{r.scores.pnet.toFixed(2)}</td>
                  <td>{r.scores.rnet.toFixed(2)}</td>
                  <td>{r.scores.onet.toFixed(2)}</td>
                  <td>{r.scores.iou.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="buttons">
            <button type="button" onClick={() => void savePng()}>
              Download bar chart PNG
            </button>
            <button type="button" onClick={() => downloadBlob(new Blob([[CSV_HEADER, ...csvLines(photo?.name ?? '', { rows })].join('\n') + '\n'], { type: 'text/csv' }), `${base}.csv`)}>
              Download head matrix CSV
            </button>
            <button type="button" onClick={() => downloadBlob(new Blob([JSON.stringify({ params: heads!.params, rows, summary }, null, 2)], { type: 'application/json' }), `${base}.json`)}>
              Download head matrix JSON
            </button>
          </div>
        </>
      )}
    </section>
  );
}
