import { memo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepPoint } from './store';
import { selectPhase, selectRun, useAppStore } from './store';
import { phaseWords } from './phaseWords';

const NO_POINTS: StepPoint[] = [];
const NO_LEVELS: number[] = [];
const COLORS = ['#ff6b6b', '#ffd54a', '#6aa6ff', '#39ff14', '#e879f9', '#22d3ee', '#fb923c', '#a3e635', '#f472b6', '#94a3b8'];

/** Progress, time per step, surviving candidates, and the loss and candidate charts of a run. */
export function AttackProgress() {
  const run = useAppStore(selectRun);
  const phase = useAppStore(selectPhase);
  if (!run) {
    // Mounted before any attack (empty), so starting one does not pay for mounting the charts.
    return (
      <section aria-labelledby="progress-title" className="panel progress">
        <h2 id="progress-title">Attack progress</h2>
        <p className="hint">Press “Run attack”: the loss and the P-Net candidates on each targeted scale are charted here, step by step.</p>
        <Charts points={NO_POINTS} levels={NO_LEVELS} />
      </section>
    );
  }
  const last = run.points.at(-1);
  const levels = run.started?.levels.map((l) => l.level.index) ?? [];
  const counts = levels.map((l) => last?.[`L${l}`] ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  const done = last?.step ?? 0;
  const msPerStep = run.points.length > 1 ? run.points.slice(1).reduce((a, p) => a + p.ms, 0) / (run.points.length - 1) : 0;
  const words = run.outcome === 'done' ? (run.result?.stopped ? 'Stopped' : 'Finished') : run.outcome === 'failed' ? 'Failed' : phaseWords(phase);
  return (
    <section aria-labelledby="progress-title" className="panel progress">
      <h2 id="progress-title">Attack progress</h2>
      <p>
        <strong>{words}</strong> · step {done} of {run.totalSteps}
        {msPerStep > 0 && <> · {msPerStep.toFixed(0)} ms per step</>}
      </p>
      <progress aria-label="Steps done" max={run.totalSteps} value={done} />
      <p aria-label="Candidates on targeted scales" className="candidates">
        P-Net candidates on the targeted scales: <strong>{total}</strong>
        {levels.length > 0 && <span className="hint"> ({levels.map((l, i) => `level ${l}: ${counts[i]}`).join(', ')})</span>}
      </p>
      <Charts points={run.points} levels={levels} />
    </section>
  );
}

/** The two charts; memoised so they re-render only when the points change. */
const Charts = memo(function Charts({ points, levels }: { points: StepPoint[]; levels: number[] }) {
  return (
    <div className="charts">
      <figure>
        <figcaption>Loss (lower = closer to “no face”)</figcaption>
        <LineChart width={380} height={170} data={points} margin={{ top: 5, right: 10, bottom: 5, left: 0 }}>
          <CartesianGrid stroke="#2c3140" />
          <XAxis dataKey="step" stroke="#aab2c5" />
          <YAxis stroke="#aab2c5" width={50} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip contentStyle={{ background: '#1b1f29' }} />
          <Line type="monotone" dataKey="loss" stroke="#ffd54a" dot={false} isAnimationActive={false} />
        </LineChart>
      </figure>
      <figure>
        <figcaption>P-Net candidates per targeted scale</figcaption>
        <LineChart width={380} height={170} data={points} margin={{ top: 5, right: 10, bottom: 5, left: 0 }}>
          <CartesianGrid stroke="#2c3140" />
          <XAxis dataKey="step" stroke="#aab2c5" />
          <YAxis stroke="#aab2c5" width={40} allowDecimals={false} />
          <Tooltip contentStyle={{ background: '#1b1f29' }} />
          <Legend />
          {levels.map((l, i) => (
            <Line key={l} type="stepAfter" dataKey={`L${l}`} name={`level ${l}`} stroke={COLORS[i % COLORS.length]} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </figure>
    </div>
  );
});
