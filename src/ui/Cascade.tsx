import { useEffect, useMemo, useRef } from 'react';
import { faceFunnel, type Funnel } from '../core/mtcnn/funnel';
import type { NetCrop } from '../core/mtcnn/crops';
import { selectDetection, useAppStore, type AttackRunState, type ReplayState } from './store';
import { attackedFaceBoxes } from './candidates';
import { faceNumbers } from './faceOrder';
import { cascadeAt, shownStep } from './replay';

/*
 * The cascade, visible: how the attacked face's candidates fare through P-Net, NMS, R-Net and O-Net
 * at the shown step, and what R-Net (24×24) and O-Net (48×48) see of that face, with their scores.
 */

function stages(t: readonly [number, number, number]): { key: keyof Funnel; label: string }[] {
  return [
    { key: 'pnet', label: `P-Net ≥ ${t[0]}, all levels` },
    { key: 'nms', label: 'after NMS' },
    { key: 'rnet', label: `R-Net ≥ ${t[1]}` },
    { key: 'onet', label: `O-Net ≥ ${t[2]}` },
    { key: 'final', label: 'final faces (IoU ≥ 0.5)' },
  ];
}

function CropCanvas({ crop, label }: { crop: NetCrop; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = crop.size;
    c.height = crop.size;
    c.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(crop.rgba), crop.size, crop.size), 0, 0);
  }, [crop]);
  return <canvas ref={ref} className="crop pixelated" role="img" aria-label={label} />;
}

export function CascadeView({ run, replay }: { run: AttackRunState | null; replay: ReplayState }) {
  const detection = useAppStore(selectDetection);
  const params = useAppStore((s) => s.params);
  const thresholds = useAppStore((s) => s.detectOptions.thresholds);
  const shown = shownStep(run, replay);
  const frame = run && shown ? cascadeAt(run.cascades, shown.step) : null;
  const clean = useMemo(() => (detection ? faceFunnel(detection, attackedFaceBoxes({ detection, params, run: null })) : null), [detection, params]);
  const funnel = frame?.view.funnel ?? (run ? null : clean);
  const top = Math.max(1, clean?.pnet ?? 0, ...(run?.cascades.map((c) => c.view.funnel.pnet) ?? []));
  const numbers = faceNumbers(detection?.faces ?? []);
  const attacked = run?.started?.faces ?? [];
  const where = frame ? `step ${frame.step}` : 'the clean photo';
  return (
    <section aria-labelledby="cascade-title" className="cascade">
      <h3 id="cascade-title">The cascade on the attacked face{funnel ? `, at ${where}` : ''}</h3>
      {funnel ? (
        <ol className="funnel" aria-label="Cascade funnel">
          {stages(thresholds).map((s) => {
            const n = funnel[s.key];
            return (
              <li key={s.key}>
                <span className="funnel-label">{s.label}</span>
                <span className="funnel-bar" aria-hidden="true">
                  <span style={{ width: `${n === 0 ? 0 : Math.max(2, (100 * Math.log1p(n)) / Math.log1p(top))}%` }} />
                </span>
                <strong className="funnel-count">{n}</strong>
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="hint">The funnel appears with the first preview of the attack.</p>
      )}
      {frame && frame.view.crops.length > 0 ? (
        <div className="crops">
          {frame.view.crops.map((c, k) => {
            const number = numbers[attacked[k] ?? -1] ?? k + 1;
            return (
              <figure key={k} className="crop-pair">
                <figcaption>Face {number} as R-Net and O-Net see it</figcaption>
                <div className="crop-row">
                  {[c.rnet, c.onet].map((crop) => {
                    const net = crop.size === 24 ? 'R-Net' : 'O-Net';
                    const pass = crop.score >= thresholds[crop.size === 24 ? 1 : 2];
                    return (
                      <div key={crop.size} className="crop-cell">
                        <CropCanvas crop={crop} label={`${net} input for face ${number}, ${crop.size}×${crop.size} pixels`} />
                        <span>
                          {net} {crop.size}×{crop.size}
                          <br />
                          p(face) <strong className={pass ? 'pass' : 'fail'}>{crop.score.toFixed(3)}</strong>
                        </span>
                      </div>
                    );
                  })}
                </div>
              </figure>
            );
          })}
        </div>
      ) : (
        <p className="hint talk-hide">R-Net and O-Net crops of the attacked face, with their scores, come with the attack’s previews.</p>
      )}
      <p className="hint talk-hide">
        Counted on the attacked face: P-Net proposes candidates on every level, NMS merges them, R-Net and O-Net re-score crops of what is
        left; the face is found when a final box still overlaps it (IoU ≥ 0.5). Made on the unrounded image with each preview.
      </p>
    </section>
  );
}
