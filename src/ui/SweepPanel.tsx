import { useMemo, useRef, useState } from 'react';
import { FIG8_ALPHAS, SWEEP_VARIES, summarizeSweep, type SweepVary } from '../core/run/sweep';
import { attackSpec, numberRange } from '../core/params/schema';
import { Chart } from './Chart';
import { app, useCan } from './app';
import { downloadBlob, svgPngBlob } from './download';
import { PRESETS, applyPreset } from './presets';
import { selectParams, selectSweep, useAppStore, type SweepScope } from './store';
import { parseSweepValues, sweepCsv, sweepJson } from './sweepFiles';
import { formatNumber, useT } from './i18n';
import { paramLabel } from './i18n/paramText';

/*
 * Experiments: a sweep of α, ε or steps with every other setting as in "Attack settings", on the
 * chosen face, every face of the photo, or every face of the bundled samples. The success-rate curve
 * and the table fill in live; Cancel keeps what is done; CSV, JSON and the chart as PNG download.
 */

/** The varied parameter's label, as "Attack settings" shows it ("α (step size)"). */
const varyLabel = (v: SweepVary) => paramLabel(v);
const SCOPES: readonly SweepScope[] = ['chosen', 'photo', 'samples'];
const pct = (rate: number) => formatNumber(rate, { style: 'percent', maximumFractionDigits: 0 });
const DEFAULT_VALUES: Record<SweepVary, string> = { alpha: FIG8_ALPHAS.join(', '), eps: '0.01, 0.02, 0.03, 0.05', steps: '5, 10, 20, 50' };

export function SweepPanel() {
  const { t } = useT('experiments');
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
  const range = numberRange(attackSpec(vary));
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
      <h2 id="sweep-title">{t('sweep.title')}</h2>
      <p className="hint">{t('sweep.hint')}</p>
      <div className="sweep-controls">
        <div className="field">
          <label htmlFor="sweep-vary">{t('sweep.vary')}</label>
          <select id="sweep-vary" value={vary} disabled={running} onChange={(e) => {
            const v = e.target.value as SweepVary;
            setVary(v);
            setText(DEFAULT_VALUES[v]);
          }}>
            {SWEEP_VARIES.map((v) => <option key={v} value={v}>{varyLabel(v)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sweep-values">{t('sweep.values')}</label>
          <input id="sweep-values" type="text" inputMode="decimal" value={text} disabled={running} aria-invalid={error !== null} aria-describedby="sweep-values-hint" onChange={(e) => setText(e.target.value)} />
          <p id="sweep-values-hint" className={error ? 'hint error-text' : 'hint'}>{error ?? t('sweep.valuesHint', { kind: t(range.integer ? 'sweep.wholeRange' : 'sweep.range', { min: range.min, max: range.max }) })}</p>
        </div>
        <div className="field">
          <label htmlFor="sweep-scope">{t('sweep.faces')}</label>
          <select id="sweep-scope" value={scope} disabled={running} onChange={(e) => setScope(e.target.value as SweepScope)}>
            {SCOPES.map((s) => <option key={s} value={s}>{t(`sweep.scopes.${s}`)}</option>)}
          </select>
        </div>
      </div>
      <div className="buttons">
        <button type="button" disabled={running} onClick={fig8}>{t('sweep.fig8')}</button>
        <button type="button" className="primary" disabled={!canRun || error !== null} onClick={() => 'values' in parsed && void app.runSweep(vary, parsed.values, scope)}>
          {t('sweep.run')}
        </button>
        <button type="button" disabled={!canStop} onClick={app.stopExperiment}>{t('sweep.cancel')}</button>
      </div>
      {sweep && (
        <>
          <p role="status" aria-label={t('sweep.progressLabel')}>
            {t(`sweep.status.${sweep.status}`)}
            {sweep.total !== null ? t('judgedOf', { done: formatNumber(done), total: formatNumber(sweep.total) }) : t('judged', { done: formatNumber(done) })}
          </p>
          <div ref={chart} className="sweep-chart">
            <Chart
              title={t('sweep.chartTitle')}
              xLabel={varyLabel(sweep.spec.vary)}
              yLabel={t('sweep.chartY')}
              x={measured.map((r) => r.value)}
              xMax={Math.max(...sweep.spec.values)}
              xInteger={sweep.spec.vary === 'steps'}
              dots
              series={[{ key: 'rate', name: t('sweep.chartTitle'), colour: '#2d6cdf', values: measured.map((r) => 100 * r.successRate) }]}
              summary={measured.map((r) => `${r.value}: ${pct(r.successRate)}`).join(', ')}
            />
          </div>
          <table className="norms sweep-table">
            <caption>{t('sweep.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{varyLabel(sweep.spec.vary)}</th>
                <th scope="col">{t('sweep.faceCount')}</th>
                <th scope="col">{t('sweep.evaded')}</th>
                <th scope="col">{t('sweep.success')}</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((r) => (
                <tr key={r.value}>
                  <td>{r.value}</td>
                  <td>{formatNumber(r.faces)}</td>
                  <td>{formatNumber(r.evaded)}</td>
                  <td>{r.faces ? pct(r.successRate) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="buttons">
            <button type="button" disabled={done === 0} onClick={() => downloadBlob(new Blob([sweepCsv(sweep.spec, sweep.points)], { type: 'text/csv' }), `${base}.csv`)}>{t('sweep.downloadCsv')}</button>
            <button type="button" disabled={done === 0} onClick={() => downloadBlob(new Blob([sweepJson(sweep.spec, sweep.points)], { type: 'application/json' }), `${base}.json`)}>{t('sweep.downloadJson')}</button>
            <button type="button" disabled={measured.length === 0} onClick={() => void savePng()}>{t('sweep.downloadPng')}</button>
          </div>
        </>
      )}
    </section>
  );
}
