import { useEffect, useMemo, useRef } from 'react';
import { perturbationBlockiness } from '../core/attack/metrics';
import { perturbationPicture } from '../core/attack/perturbationPicture';
import type { AttackParams } from '../core/attack/params';
import type { AttackResult } from '../worker/protocol';
import { putImage } from './drawDetections';
import { app, useCan } from './app';
import { selectRun, useAppStore } from './store';
import { ZoomCrop } from './ZoomCrop';
import type { Rect } from '../core/mtcnn/detect';
import { formatNumber, useT } from './i18n';

const ZOOM_SIDE = 48;

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? formatNumber(v, { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '∞');

function Column({ params, result, amplify, face }: { params: AttackParams; result: AttackResult; amplify: number; face: Rect | null }) {
  const { t } = useT('results');
  const adv = useRef<HTMLCanvasElement>(null);
  const pert = useRef<HTMLCanvasElement>(null);
  const { width, height } = result.image;
  const picture = useMemo(() => perturbationPicture(result.perturbation, width, height, 1 / amplify / 2), [result, width, height, amplify]);
  useEffect(() => {
    if (adv.current) putImage(adv.current, result.image);
    if (pert.current) putImage(pert.current, picture);
  }, [result, picture]);
  const name = t(params.domain === 'scaled-nearest' ? 'upsampling.nearest' : 'upsampling.bilinear');
  const evaded = result.faces.filter((f) => f.evaded).length;
  return (
    <figure className="compare-column">
      <canvas ref={adv} className="thumb" role="img" aria-label={t('upsampling.adversarial', { name })} />
      <canvas ref={pert} className="thumb" role="img" aria-label={t('upsampling.perturbation', { name, amplify })} />
      {face && <ZoomCrop image={picture} cx={face.x + face.width / 2} cy={face.y + face.height / 2} size={ZOOM_SIDE} caption={false} label={t('upsampling.zoom', { name, side: ZOOM_SIDE })} />}
      <figcaption>
        <strong>{name}</strong>
        {t('upsampling.caption', {
          evaded,
          faces: result.faces.length,
          psnr: fixed(result.norms.psnr, 2),
          blockiness: fixed(255 * perturbationBlockiness(result.perturbation, width, height), 2),
        })}
      </figcaption>
    </figure>
  );
}

/** The seed's comparison: the same low-resolution attack enlarged with nearest vs bilinear. */
export function UpsamplingComparison({ amplify, face }: { amplify: number; face: Rect | null }) {
  const run = useAppStore(selectRun);
  const canCompare = useCan('compare');
  const { t } = useT('results');
  if (!run?.result || run.params.domain === 'full') return null;
  const c = run.comparison;
  return (
    <section aria-labelledby="compare-title" className="compare">
      <h3 id="compare-title">{t('upsampling.title')}</h3>
      <p className="hint">{t('upsampling.hint')}</p>
      {!c && (
        <button type="button" disabled={!canCompare} onClick={() => void app.compareUpsampling()}>
          {t(run.params.domain === 'scaled-nearest' ? 'upsampling.compareWithBilinear' : 'upsampling.compareWithNearest')}
        </button>
      )}
      {c && !c.result && <p role="status">{c.failed ? t('upsampling.failed', { reason: c.failed }) : t('upsampling.running')}</p>}
      {c?.result && c.params && (
        <div className="pictures">
          <Column params={run.params} result={run.result} amplify={amplify} face={face} />
          <Column params={c.params} result={c.result} amplify={amplify} face={face} />
        </div>
      )}
    </section>
  );
}
