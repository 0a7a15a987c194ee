import { useDeferredValue, useMemo, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { TFunction } from 'i18next';
import { Chart, type Series } from './Chart';
import { CascadeView } from './Cascade';
import { selectDetection, selectParams, selectPhase, selectReplay, selectRun, useAppStore, type AttackRunState } from './store';
import { phaseWords } from './phaseWords';
import { candidateDefinition, levelCandidates, targetedLevels } from './candidates';
import { faceNumbers } from './faceOrder';
import { shownStep } from './replay';
import { FacesTable } from './ImagePanel';
import { formatNumber, useT } from './i18n';
import { Explain } from './i18n/Explain';
import { WhatToTry } from './i18n/WhatToTry';

const NO_STEPS: AttackRunState['steps'] = [];
const COLORS = ['#ff6b6b', '#ffd54a', '#6aa6ff', '#39ff14', '#e879f9', '#22d3ee', '#fb923c', '#a3e635', '#f472b6', '#94a3b8'];

const queries = new Map<string, MediaQueryList>();
/** One MediaQueryList per query (matchMedia() evaluates styles each time it is called). */
function mediaQuery(query: string): MediaQueryList {
  let m = queries.get(query);
  if (!m) queries.set(query, (m = window.matchMedia(query)));
  return m;
}

/** Whether a media query matches now (re-renders when it changes). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (notify) => {
      const m = mediaQuery(query);
      m.addEventListener('change', notify);
      return () => m.removeEventListener('change', notify);
    },
    () => mediaQuery(query).matches,
    () => false,
  );
}

export function AttackProgress() {
  const { t } = useT('progress');
  const run = useAppStore(selectRun);
  const phase = useAppStore(selectPhase);
  const replay = useAppStore(selectReplay);
  const threshold = useAppStore((s) => s.detectOptions.thresholds[0]);
  const detection = useAppStore(selectDetection);
  const params = useAppStore(selectParams);
  const before = useMemo(() => {
    if (run || !detection) return null;
    const targeted = targetedLevels(detection, params);
    const counts = levelCandidates({ detection, params, run }, null);
    return { levels: targeted.length, total: targeted.reduce((a, l) => a + (counts.get(l)?.count ?? 0), 0) };
  }, [run, detection, params]);
  const shown = shownStep(run, replay);
  const levels = run?.started?.levels.map((l) => l.level.index) ?? [];
  const counts = shown?.counts ?? [];
  const total = counts.reduce((a, b) => a + b, 0);
  const msPerStep = run && run.steps.length > 1 ? run.steps.slice(1).reduce((a, p) => a + p.ms, 0) / (run.steps.length - 1) : 0;
  const words = !run ? t('ready') : run.outcome === 'done' ? t(run.result?.stopped ? 'stopped' : 'finished') : run.outcome === 'failed' ? t('failed') : phaseWords(phase);
  const done = run?.steps.at(-1)?.step ?? 0;
  return (
    <section aria-labelledby="progress-title" className="progress">
      <h2 id="progress-title" className="sr-only">
        {t('title')}
      </h2>
      {!run ? (
        <p className="hint">{t('pressRun')}</p>
      ) : (
        <>
          <p className="progress-line">
            <strong>{run.outcome === 'active' && run.steps.length === 0 ? t('settingUp') : words}</strong> · {t('stepOf', { done: formatNumber(done), total: formatNumber(run.totalSteps) })}
            {msPerStep > 0 && <span className="hint"> · {t('msPerStep', { ms: formatNumber(msPerStep, { maximumFractionDigits: 0 }) })}</span>}
          </p>
          <progress aria-label={t('stepsDone')} max={run.totalSteps} value={done} />
        </>
      )}
      <p role="status" aria-live="off" aria-label={t('candidates.label')} className="candidates">
        {run ? (
          <>
            {replay.step !== null && shown ? t('candidates.countAtStep', { step: shown.step }) : t('candidates.count')} <strong>{run.started ? formatNumber(total) : '…'}</strong>
            {levels.length > 0 && <> {t('candidates.onAttacked', { levels: levels.length })}</>}
          </>
        ) : before ? (
          <>
            {t('candidates.count')} <strong>{formatNumber(before.total)}</strong> {t('candidates.onToAttack', { levels: before.levels })}
          </>
        ) : null}
        {(run || before) && <Explain term="candidates" />}
      </p>
      <p className="hint definition">{candidateDefinition(threshold)}</p>
      <StageVerdict />
      {!run && <FacesTable />}
    </section>
  );
}

/** The judged outcome, on the stage. */
export function StageVerdict() {
  const { t } = useT('results');
  const run = useAppStore(selectRun);
  const detection = useAppStore(selectDetection);
  const result = run?.result;
  if (!result) return null;
  const numbers = faceNumbers(detection?.faces ?? []);
  const rate = formatNumber(result.successRate, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <>
      <div className="verdict">
        <div role="status" aria-label={t('verdict.label')} className="verdict-lines">
          {result.faces.map((f) => (
            <p key={f.face} className={f.evaded ? 'evaded' : 'detected'}>
              {t('verdict.face', { number: numbers[f.face] ?? f.face + 1 })} <strong>{t(f.evaded ? 'verdict.evaded' : 'verdict.stillDetected')}</strong>
              {!f.evaded && <span className="hint"> {t('verdict.bestOverlap', { iou: formatNumber(f.bestIou, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) })}</span>}
            </p>
          ))}
          <p>
            {t('verdict.successRate', { rate })}
            {result.stopped ? t('verdict.stoppedEarly') : ''}
          </p>
        </div>
        <Explain term="verdict" />
      </div>
      <WhatToTry run={run} />
    </>
  );
}

function chartData(steps: AttackRunState['steps'], started: AttackRunState['started'], t: TFunction<'progress'>) {
  const levels = started?.levels.map((l) => l.level.index) ?? [];
  const x = steps.map((s) => s.step);
  const loss: Series[] = [{ key: 'loss', name: t('charts.loss'), colour: '#ffd54a', values: steps.map((s) => s.loss) }];
  const candidates: Series[] = levels.map((l, i) => ({ key: `L${l}`, name: t('charts.level', { level: l }), colour: COLORS[i % COLORS.length]!, values: steps.map((s) => s.counts[i] ?? null), steps: true }));
  return { x, loss, candidates, lastLoss: steps.at(-1)?.loss };
}

/** The loss and candidates charts and the cascade view: tabs on small screens, side by side on large ones. */
export function StageViews() {
  const { t } = useT('progress');
  // Deferred: the charts and the funnel render after the stage, in a render React can split.
  const run = useDeferredValue(useAppStore(selectRun));
  const replay = useDeferredValue(useAppStore(selectReplay));
  const wide = useMediaQuery('(min-width: 1500px) and (min-height: 900px)');
  const [tab, setTab] = useState<'charts' | 'cascade'>('charts');
  const steps = run?.steps ?? NO_STEPS;
  const started = run?.started ?? null;
  // t changes with the language: the series' names follow a switch.
  const data = useMemo(() => chartData(steps, started, t), [steps, started, t]);
  const cursor = replay.step;
  const xMax = run?.totalSteps ?? 50;
  const charts = (
    <div className="charts">
      <Chart
        title={t('charts.lossTitle')}
        xLabel={t('charts.step')}
        yLabel={t('charts.loss')}
        x={data.x}
        xMax={xMax}
        series={data.loss}
        cursor={cursor}
        summary={data.lastLoss === undefined ? t('charts.noSteps') : t('charts.lossSummary', { steps: formatNumber(data.x.length), loss: data.lastLoss.toFixed(3) })}
      />
      <Chart title={t('charts.candidatesTitle')} xLabel={t('charts.step')} yLabel={t('charts.candidates')} x={data.x} xMax={xMax} series={data.candidates} integer cursor={cursor} />
    </div>
  );
  if (wide) {
    return (
      <div className="stage-views both">
        {charts}
        <CascadeView run={run} replay={replay} />
      </div>
    );
  }
  const tabs = [
    { id: 'charts' as const, label: t('tabs.charts') },
    { id: 'cascade' as const, label: t('tabs.cascade') },
  ];
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    e.stopPropagation();
    const next = tab === 'charts' ? 'cascade' : 'charts';
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
    <div className="stage-views">
      <div role="tablist" aria-label={t('tabs.label')} className="tabs" onKeyDown={onKey}>
        {tabs.map((b) => (
          <button
            key={b.id}
            id={`tab-${b.id}`}
            type="button"
            role="tab"
            aria-selected={tab === b.id}
            aria-controls={`tabpanel-${b.id}`}
            tabIndex={tab === b.id ? 0 : -1}
            onClick={() => setTab(b.id)}
          >
            {b.label}
          </button>
        ))}
      </div>
      <div id="tabpanel-charts" role="tabpanel" aria-labelledby="tab-charts" hidden={tab !== 'charts'} className="tabpanel" tabIndex={0}>
        {charts}
      </div>
      <div id="tabpanel-cascade" role="tabpanel" aria-labelledby="tab-cascade" hidden={tab !== 'cascade'} className="tabpanel" tabIndex={0}>
        <CascadeView run={run} replay={replay} />
      </div>
    </div>
  );
}
