import { useEffect, useMemo, useRef } from 'react';
import type { TFunction } from 'i18next';
import { faceFunnel, type Funnel } from '../core/mtcnn/funnel';
import type { NetCrop } from '../core/mtcnn/crops';
import { selectDetection, useAppStore, type AttackRunState, type ReplayState } from './store';
import { attackedFaceBoxes } from './candidates';
import { faceNumbers } from './faceOrder';
import { cascadeAt, shownStep } from './replay';
import { useT } from './i18n';
import { Explain } from './i18n/Explain';
import './i18n/placement.css';

/*
 * The cascade, visible: how the attacked face's candidates fare through P-Net, NMS, R-Net and O-Net
 * at the shown step, and what R-Net (24×24) and O-Net (48×48) see of that face, with their scores.
 */

function stages(th: readonly [number, number, number], t: TFunction<'pyramid'>): { key: keyof Funnel; label: string }[] {
  return [
    { key: 'pnet', label: t('cascade.pnet', { threshold: th[0] }) },
    { key: 'nms', label: t('cascade.nms') },
    { key: 'rnet', label: `R-Net ≥ ${th[1]}` },
    { key: 'onet', label: `O-Net ≥ ${th[2]}` },
    { key: 'final', label: t('cascade.final') },
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
  const { t } = useT('pyramid');
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
  const title = !funnel ? t('cascade.title') : frame ? t('cascade.titleAtStep', { step: frame.step }) : t('cascade.titleClean');
  return (
    <section aria-labelledby="cascade-title" className="cascade">
      {/* Named by its words (the span), not by the "?" that follows them. */}
      <h3 aria-labelledby="cascade-title">
        <span id="cascade-title">{title}</span>
        <Explain term="cascade" />
      </h3>
      {funnel ? (
        <ol className="funnel" aria-label={t('cascade.funnel')}>
          {stages(thresholds, t).map((s) => {
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
        <p className="hint">{t('cascade.noFunnel')}</p>
      )}
      {frame && frame.view.crops.length > 0 ? (
        <div className="crops">
          {frame.view.crops.map((c, k) => {
            const number = numbers[attacked[k] ?? -1] ?? k + 1;
            return (
              <figure key={k} className="crop-pair">
                <figcaption>{t('cascade.crops', { number })}</figcaption>
                <div className="crop-row">
                  {[c.rnet, c.onet].map((crop) => {
                    const net = crop.size === 24 ? 'R-Net' : 'O-Net';
                    const pass = crop.score >= thresholds[crop.size === 24 ? 1 : 2];
                    return (
                      <div key={crop.size} className="crop-cell">
                        <CropCanvas crop={crop} label={t('cascade.cropName', { net, number, size: crop.size })} />
                        <span>
                          {net} {crop.size}×{crop.size}
                          <br />
                          {t('cascade.score')} <strong className={pass ? 'pass' : 'fail'}>{crop.score.toFixed(3)}</strong>
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
        <p className="hint talk-hide">{t('cascade.noCrops')}</p>
      )}
      <p className="hint talk-hide">{t('cascade.hint')}</p>
    </section>
  );
}
