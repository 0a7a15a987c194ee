import { useEffect, useMemo, useRef } from 'react';
import { selectScalesNearFaces } from '../core/attack/scales';
import type { RgbaImage } from '../core/image';
import { app, useCan } from './app';
import { drawLevel } from './heatmap';
import { selectDetection, selectHeatmapScale, selectParams, selectPhoto, selectRun, useAppStore } from './store';
import type { ScaleMap } from '../core/mtcnn/detect';

function LevelCanvas({ photo, scale, prob, lo, hi, label }: { photo: RgbaImage; scale: ScaleMap; prob: Float32Array; lo: number; hi: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) drawLevel(ref.current, photo, scale.level.width, scale.level.height, prob, scale.mapWidth, scale.mapHeight, lo, hi);
  }, [photo, scale, prob, lo, hi]);
  return <canvas ref={ref} className="level" role="img" aria-label={label} />;
}

/** The image pyramid, P-Net's face map at every scale, and which scales the attack targets. */
export function PyramidPanel() {
  const photo = useAppStore(selectPhoto);
  const detection = useAppStore(selectDetection);
  const params = useAppStore(selectParams);
  const run = useAppStore(selectRun);
  const canEdit = useCan('edit');
  const heatmapScale = useAppStore(selectHeatmapScale);
  const levels = useMemo(() => detection?.scales.map((s) => s.level) ?? [], [detection]);
  const autoChoice = useMemo(() => {
    if (!detection || detection.faces.length === 0) return [];
    const faces = params.face === 'all' ? detection.faces : detection.faces.slice(params.face, params.face + 1);
    return selectScalesNearFaces(levels, faces.map((f) => f.box));
  }, [detection, levels, params.face]);

  // Live maps: the clean map with each targeted window patched from the latest attack step.
  const maps = useMemo(() => {
    if (!detection) return [];
    return detection.scales.map((s) => {
      const t = run?.started?.levels.findIndex((l) => l.level.index === s.level.index) ?? -1;
      const live = t >= 0 ? run?.probs[t] : undefined;
      if (!live || !run?.started) return s.prob;
      const w = run.started.levels[t]!;
      const patched = Float32Array.from(s.prob);
      for (let r = 0; r < w.rows; r++) for (let c = 0; c < w.cols; c++) patched[(w.cellRow + r) * s.mapWidth + w.cellCol + c] = live[r * w.cols + c]!;
      return patched;
    });
  }, [detection, run]);

  if (!photo || !detection) return null;
  const targeted = params.scales === 'auto' ? autoChoice : params.scales === 'all' ? levels.map((l) => l.index) : params.scales;
  const locked = !canEdit;
  const setParams = app.setParams;
  const toggle = (index: number, on: boolean) => {
    const next = on ? [...new Set([...targeted, index])] : targeted.filter((i) => i !== index);
    if (next.length > 0) setParams({ scales: next.sort((a, b) => a - b) });
  };
  return (
    <section aria-labelledby="pyramid-title" className="panel pyramid">
      <h2 id="pyramid-title">Image pyramid and P-Net face maps</h2>
      <p className="hint">
        P-Net looks for faces of exactly 12×12 pixels, so MTCNN shrinks the photo again and again (factor 0.709) and runs
        P-Net on every level: a face is found at the level where it is about 12 px tall. Bright cells are windows P-Net thinks
        are faces; those at ≥ {detection.scales.length ? '0.6' : ''} become candidates.
      </p>
      <div className="pyramid-controls">
        <button type="button" disabled={locked} aria-pressed={params.scales === 'auto'} onClick={() => setParams({ scales: 'auto' })}>
          Auto (5 around the face)
        </button>
        <button type="button" disabled={locked} aria-pressed={params.scales === 'all'} onClick={() => setParams({ scales: 'all' })}>
          All scales
        </button>
        <label className="check">
          <input
            type="checkbox"
            checked={heatmapScale === 'per-scale'}
            onChange={(e) => useAppStore.setState({ heatmapScale: e.target.checked ? 'per-scale' : 'shared' })}
          />
          Stretch colours per scale
        </label>
      </div>
      <ol className="levels">
        {detection.scales.map((s, i) => {
          const prob = maps[i] ?? s.prob;
          let lo = 0;
          let hi = 1;
          if (heatmapScale === 'per-scale' && prob.length) {
            lo = Math.min(...prob);
            hi = Math.max(...prob);
          }
          const isTarget = targeted.includes(s.level.index);
          return (
            <li key={s.level.index} className={isTarget ? 'targeted' : ''}>
              <LevelCanvas photo={photo.rgba} scale={s} prob={prob} lo={lo} hi={hi} label={`Level ${s.level.index} heatmap`} />
              <div className="level-info">
                <strong>Level {s.level.index}</strong> · scale {s.level.scale.toFixed(3)} · {s.level.width}×{s.level.height}
                <br />
                {s.candidates.length} candidate{s.candidates.length === 1 ? '' : 's'} ≥ 0.6
                <label className="check">
                  <input type="checkbox" checked={isTarget} disabled={locked} onChange={(e) => toggle(s.level.index, e.target.checked)} />
                  Attack level {s.level.index}
                </label>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
