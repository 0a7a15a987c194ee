import { useDeferredValue, useEffect, useMemo, useRef } from 'react';
import type { RgbaImage } from '../core/image';
import { app, useCan } from './app';
import { drawLevelMap, drawLevelPhoto, extent, heatGradient, mapPlacement } from './heatmap';
import { selectDetection, selectHeatmapScale, selectParams, selectPhoto, selectReplay, selectRun, useAppStore } from './store';
import type { ScaleMap } from '../core/mtcnn/detect';
import { candidateDefinition, levelCandidates, targetedLevels } from './candidates';
import { shownStep } from './replay';
import { useT } from './i18n';
import { Explain } from './i18n/Explain';
import './i18n/placement.css';

function LevelCanvas({ photo, scale, prob, lo, hi, label }: { photo: RgbaImage; scale: ScaleMap; prob: Float32Array; lo: number; hi: number; label: string }) {
  const base = useRef<HTMLCanvasElement>(null);
  const map = useRef<HTMLCanvasElement>(null);
  const { width, height } = scale.level;
  useEffect(() => {
    if (base.current) drawLevelPhoto(base.current, photo, width, height);
  }, [photo, width, height]);
  // Live updates redraw only the small map, at most once per frame.
  useEffect(() => {
    const id = requestAnimationFrame(() => map.current && drawLevelMap(map.current, prob, scale.mapWidth, scale.mapHeight, lo, hi));
    return () => cancelAnimationFrame(id);
  }, [prob, scale, lo, hi]);
  return (
    <div className="level" role="img" aria-label={label} style={{ aspectRatio: `${width} / ${height}` }}>
      <canvas ref={base} aria-hidden="true" />
      <canvas ref={map} aria-hidden="true" className="level-map" style={mapPlacement(width, height, scale.mapWidth, scale.mapHeight)} />
    </div>
  );
}

/** The colour scale of the maps. */
function HeatLegend({ threshold, stretched }: { threshold: number; stretched: boolean }) {
  const { t } = useT('pyramid');
  return (
    <figure className="heat-legend">
      <figcaption>{stretched ? t('legend.stretched') : t('legend.shared')}</figcaption>
      <div className="heat-bar" style={{ background: heatGradient() }} aria-hidden="true">
        {!stretched && <span className="heat-mark" style={{ left: `${threshold * 100}%` }} />}
      </div>
      <div className="heat-ticks" aria-hidden="true">
        <span>{stretched ? t('legend.lowest') : '0'}</span>
        {!stretched && <span style={{ left: `${threshold * 100}%` }}>{t('legend.threshold', { threshold })}</span>}
        <span>{stretched ? t('legend.highest') : '1'}</span>
      </div>
      <p className="sr-only">{stretched ? t('legend.readStretched') : t('legend.readShared', { threshold })}</p>
    </figure>
  );
}

/** The image pyramid, P-Net's face map at every scale (live for the attacked levels), and which scales to attack. */
export function PyramidPanel() {
  const { t } = useT('pyramid');
  const photo = useAppStore(selectPhoto);
  const detection = useAppStore(selectDetection);
  const params = useAppStore(selectParams);
  // Deferred: the tiles follow the run in a render of their own (React yields between its parts),
  // never in the task that draws the stage.
  const run = useDeferredValue(useAppStore(selectRun));
  const replay = useDeferredValue(useAppStore(selectReplay));
  const threshold = useAppStore((s) => s.detectOptions.thresholds[0]);
  const scaleFactor = useAppStore((s) => s.detectOptions.scaleFactor);
  const canEdit = useCan('edit');
  const heatmapScale = useAppStore(selectHeatmapScale);
  const shown = shownStep(run, replay);
  const started = run?.started ?? null;

  // Maps at the shown step: the clean map with each attacked window patched from that step.
  const maps = useMemo(() => {
    if (!detection) return [];
    return detection.scales.map((s) => {
      const t = started?.levels.findIndex((l) => l.level.index === s.level.index) ?? -1;
      const live = t >= 0 ? shown?.probs[t] : undefined;
      if (!live || !started) return s.prob;
      const w = started.levels[t]!;
      const patched = Float32Array.from(s.prob);
      for (let r = 0; r < w.rows; r++) for (let c = 0; c < w.cols; c++) patched[(w.cellRow + r) * s.mapWidth + w.cellCol + c] = live[r * w.cols + c]!;
      return patched;
    });
  }, [detection, started, shown]);
  const counts = useMemo(() => levelCandidates({ detection, params, run }, shown?.counts ?? null), [detection, params, run, shown]);

  if (!photo || !detection) return null;
  const chosen = targetedLevels(detection, params);
  const attacked = run?.started ? run.started.levels.map((l) => l.level.index) : chosen;
  const locked = !canEdit;
  const setParams = app.setParams;
  const toggle = (index: number, on: boolean) => {
    const next = on ? [...new Set([...chosen, index])] : chosen.filter((i) => i !== index);
    if (next.length > 0) setParams({ scales: next.sort((a, b) => a - b) });
  };
  const stretched = heatmapScale === 'per-scale';
  return (
    <section aria-labelledby="pyramid-title" className="panel pyramid">
      {/* Named by its words (the span), not by the "?" that follows them. */}
      <h2 aria-labelledby="pyramid-title">
        <span id="pyramid-title">{t('title')}</span>
        <Explain term="pyramid" />
      </h2>
      <p className="hint">{t('hint', { intro: t('intro', { factor: scaleFactor }), definition: candidateDefinition(threshold), tiles: t('tilesHint') })}</p>
      <div className="pyramid-controls">
        <button type="button" disabled={locked} aria-pressed={params.scales === 'auto'} onClick={() => setParams({ scales: 'auto' })}>
          {t('auto')}
        </button>
        <button type="button" disabled={locked} aria-pressed={params.scales === 'all'} onClick={() => setParams({ scales: 'all' })}>
          {t('all')}
        </button>
        <label className="check">
          <input type="checkbox" checked={stretched} onChange={(e) => useAppStore.setState({ heatmapScale: e.target.checked ? 'per-scale' : 'shared' })} />
          {t('stretch')}
        </label>
      </div>
      <HeatLegend threshold={threshold} stretched={stretched} />
      <ol className="levels">
        {detection.scales.map((s, i) => {
          const prob = maps[i] ?? s.prob;
          const [lo, hi] = stretched && prob.length ? extent(prob) : [0, 1];
          const isTarget = attacked.includes(s.level.index);
          const c = counts.get(s.level.index);
          const count = c?.count ?? 0;
          const countText = c?.live
            ? replay.step !== null && shown
              ? t('count.atStep', { count, step: shown.step })
              : t('count.now', { count })
            : run
              ? t('count.clean', { count })
              : t('count.plain', { count });
          return (
            <li key={s.level.index} className={isTarget ? 'targeted' : ''}>
              <LevelCanvas photo={photo.rgba} scale={s} prob={prob} lo={lo} hi={hi} label={t('level.heatmap', { index: s.level.index })} />
              <div className="level-info">
                <strong>{t('level.name', { index: s.level.index })}</strong> · {t('level.scale', { scale: s.level.scale.toFixed(3) })} · {s.level.width}×{s.level.height}
                <br />
                <span className={c?.live ? 'live-count' : undefined}>{countText}</span>
                <label className="check">
                  <input type="checkbox" checked={chosen.includes(s.level.index)} disabled={locked} onChange={(e) => toggle(s.level.index, e.target.checked)} />
                  {t('attackLevel', { index: s.level.index })}
                </label>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
