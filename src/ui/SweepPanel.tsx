import { useMemo, useRef, useState } from 'react';
import { FIG8_ALPHAS, SWEEP_VARIES, summarizeSweep, type SweepVary } from '../core/run/sweep';
import { attackSpec, describeKind } from '../core/params/schema';
import { Chart } from './Chart';
import { app, useCan } from './app';
import { downloadBlob, svgPngBlob } from './download';
import { PRESETS, applyPreset } from './presets';
import { selectParams, selectSweep, useAppStore, type SweepScope } from './store';
import { parseSweepValues, sweepCsv, sweepJson } from './sweepFiles';

/*
 * Experiments: a sweep of α, ε or steps with every other setting as in "Attack settings", on the
 * chosen face, every face of the photo, or every face of the bundled samples. The success-rate curve
 * and the table fill in live; Cancel keeps what is done; CSV, JSON and the chart as PNG download.
 */

const VARY_LABEL: Record<SweepVary, string> = { alpha: 'α (step size)', eps: 'ε (max change per pixel)', steps: 'Steps' };
const SCOPE_LABEL: Record<SweepScope, string> = {
  chosen: 'The chosen face of this photo',
  photo: 'Every face of this photo',
  samples: 'Every face of the bundled samples',
};
const DEFAULT_VALUES: Record<SweepVary, string> = { alpha: FIG8_ALPHAS.join(', '), eps: '0.01, 0.02, 0.03, 0.05', steps: '5, 10, 20, 50' };

export function SweepPanel() {
  const sweep = useAppStore(selectSweep);
  const params = useAppStore(selectParams);
  const canRun = useCan('experiment');
  const canStop = useCan('stopExperiment');
  const [vary, setVary] = useState<SweepVary>('alpha');
  const [text, setText] = useState(DEFAULT_VALUES.alpha);
  const [scope, setScope] = useState<SweepScope>('photo');
  const chart = useRef<HTMLDivElement>(null);
  const parsed = parseSweepValues(text);
  const error = 'error' in parsed ? parsed.error : null;
  const running = sweep?.status === 'running';
  const rates = useMemo(() => (sweep ? summarizeSweep(sweep.spec.values, sweep.points) : []), [sweep]);
  const done = sweep?.points.length ?? 0;

  const fig8 = () => {
    const seed = PRESETS.find((p) => p.id === 'seed')!;
    app.setParams(applyPreset(seed, params));
    setVary('alpha');
    setText(FIG8_ALPHAS.join(', '));
    setScope('samples');
  };
  const base = sweep ? `sweep-${sweep.spec.vary}` : 'sweep';
  const savePng = async () => {
    const svg = chart.current?.querySelector('svg');
    if (svg) downloadBlob(await svgPngBlob(svg), `${base}.png`);
  };
  const measured = rates.filter((r) => r.faces > 0);

  return (
    <section aria-labelledby="sweep-title" className="panel sweep">
      <h2 id="sweep-title">Experiments: sweep a parameter</h2>
      <p className="hint">
        Runs the attack once per value and face, every other setting as in “Attack settings”, and judges each on the saved 8-bit image. The seed paper’s Fig. 8 plots
        the success rate against α.
      </p>
      <div className="sweep-controls">
        <div className="field">
          <label htmlFor="sweep-vary">Vary</label>
          <select id="sweep-vary" value={vary} disabled={running} onChange={(e) => {
            const v = e.target.value as SweepVary;
            setVary(v);
            setText(DEFAULT_VALUES[v]);
          }}>
            {SWEEP_VARIES.map((v) => <option key={v} value={v}>{VARY_LABEL[v]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sweep-values">Values</label>
          <input id="sweep-values" type="text" inputMode="decimal" value={text} disabled={running} aria-invalid={error !== null} aria-describedby="sweep-values-hint" onChange={(e) => setText(e.target.value)} />
          <p id="sweep-values-hint" className={error ? 'hint error-text' : 'hint'}>{error ?? `Separated by commas; each ${describeKind(attackSpec(vary))}.`}</p>
        </div>
        <div className="field">
          <label htmlFor="sweep-scope">Faces</label>
          <select id="sweep-scope" value={scope} disabled={running} onChange={(e) => setScope(e.target.value as SweepScope)}>
            {(Object.keys(SCOPE_LABEL) as SweepScope[]).map((s) => <option key={s} value={s}>{SCOPE_LABEL[s]}</option>)}
          </select>
        </div>
      </div>
      <div className="buttons">
        <button type="button" disabled={running} onClick={fig8}>Fig. 8 settings</button>
        <button type="button" className="primary" disabled={!canRun || error !== null} onClick={() => 'values' in parsed && void app.runSweep(vary, parsed.values, scope)}>
          Run sweep
        </button>
        <button type="button" disabled={!canStop} onClick={app.stopExperiment}>Cancel sweep</button>
      </div>
      {sweep && (
        <>
          <p role="status" aria-label="Sweep progress">
            {sweep.status === 'running' ? 'Sweeping' : sweep.status === 'done' ? 'Sweep done' : sweep.status === 'cancelled' ? 'Sweep cancelled' : 'Sweep failed'}
            {` · ${done}${sweep.total !== null ? ` of ${sweep.total}` : ''} attacks judged`}
          </p>
          <div ref={chart} className="sweep-chart">
            <Chart
              title="Success rate"
              xLabel={VARY_LABEL[sweep.spec.vary]}
              yLabel="Faces evaded (%)"
              x={measured.map((r) => r.value)}
              xMax={Math.max(...sweep.spec.values)}
              xInteger={sweep.spec.vary === 'steps'}
              dots
              series={[{ key: 'rate', name: 'Success rate', colour: '#2d6cdf', values: measured.map((r) => 100 * r.successRate) }]}
              summary={measured.map((r) => `${r.value}: ${Math.round(100 * r.successRate)}%`).join(', ')}
            />
          </div>
          <table className="norms sweep-table">
            <caption>Per value (each face attacked on its own)</caption>
            <thead>
              <tr>
                <th scope="col">{VARY_LABEL[sweep.spec.vary]}</th>
                <th scope="col">Faces</th>
                <th scope="col">Evaded</th>
                <th scope="col">Success</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((r) => (
                <tr key={r.value}>
                  <td>{r.value}</td>
                  <td>{r.faces}</td>
                  <td>{r.evaded}</td>
                  <td>{r.faces ? `${Math.round(100 * r.successRate)}%` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="buttons">
            <button type="button" disabled={done === 0} onClick={() => downloadBlob(new Blob([sweepCsv(sweep.spec, sweep.points)], { type: 'text/csv' }), `${base}.csv`)}>Download CSV</button>
            <button type="button" disabled={done === 0} onClick={() => downloadBlob(new Blob([sweepJson(sweep.spec, sweep.points)], { type: 'application/json' }), `${base}.json`)}>Download JSON</button>
            <button type="button" disabled={measured.length === 0} onClick={() => void savePng()}>Download chart PNG</button>
          </div>
        </>
      )}
    </section>
  );
}
