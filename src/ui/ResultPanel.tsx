import { useDeferredValue, useId, useMemo, useState } from 'react';
import { perturbationPicture } from '../core/attack/perturbationPicture';
import { NumberField } from './NumberField';
import { selectPhoto, selectRun, useAppStore } from './store';
import { downloadBlob, pngBlob } from './download';
import { UpsamplingComparison } from './UpsamplingComparison';
import { Picture } from './Picture';
import { ZoomCrop } from './ZoomCrop';
import { TransferPanel } from './TransferPanel';
import { DefencesPanel } from './DefencesPanel';
import { formatNumber, useT } from './i18n';
import { Explain } from './i18n/Explain';

const AMPLIFICATION = { min: 1, max: 100, step: 1, integer: true };

/** The amplification that maps δ = ±ε exactly onto black and white: ×0.5/ε. */
export function autoAmplification(eps: number): number {
  return Math.min(100, Math.max(1, Math.round(0.5 / eps)));
}

/** Image pixels on a side of the zoomed crops (nearest upsampling's blocks show at this zoom). */
export const ZOOM_SIDE = 48;

/** Fixed decimals, grouped for the language (1234.5 → "1,234.50"); ∞ for an unchanged image's PSNR. */
const fmt = (v: number, digits: number) => (Number.isFinite(v) ? formatNumber(v, { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '∞');
/** 107467 → "107,467" in the language's grouping. */
export const grouped = (v: number) => formatNumber(Math.round(v));

/** The honest outcome: the full cascade on the 8-bit image, the norms, the pictures and downloads. */
export function ResultPanel() {
  const { t } = useT('results');
  const normsTitle = useId();
  const run = useAppStore(selectRun);
  const photo = useAppStore(selectPhoto);
  const [chosen, setAmplify] = useState<number | null>(null);
  // Mounted in a deferred render, not in the task that ends the run (which draws the stage first).
  const result = useDeferredValue(run?.result ?? null);
  const amplify = chosen ?? autoAmplification(run?.params.eps ?? 0.05);
  // Made once per result and amplification, not on every store update (e.g. during mask training).
  const picture = useMemo(
    () => (result ? perturbationPicture(result.perturbation, result.image.width, result.image.height, 1 / amplify / 2) : null),
    [result, amplify],
  );
  if (!run || !result || !photo || !picture) return null;
  const { width, height } = result.image;
  const face = result.faces[0]?.box;
  const n = result.norms;
  const base = photo.name.replace(/\.[a-z0-9]+$/i, '');
  const report = () => ({
    photo: photo.name,
    width,
    height,
    params: run.params,
    stopped: result.stopped,
    msPerStep: result.msPerStep,
    scales: run.started?.levels.map((l) => ({ index: l.level.index, scale: l.level.scale, width: l.level.width, height: l.level.height })),
    faces: result.faces,
    successRate: result.successRate,
    norms: result.norms,
    steps: run.points,
    verdictDefinition: 'full MTCNN cascade on the 8-bit image; evaded = no final detection with IoU ≥ 0.5 against the clean box',
  });
  return (
    <section aria-labelledby="result-title" className="panel result">
      <h2 id="result-title">{t('result.title')}</h2>
      <p className="hint">
        {t('result.hint')}
        <Explain term="iou" />
      </p>
      <table className="norms" aria-labelledby={normsTitle}>
        <caption>
          <span id={normsTitle}>{t('result.normsCaption')}</span>
          <Explain term="norms" />
        </caption>
        <tbody>
          <tr><th scope="row">{t('result.l0Pixels')}</th><td>{grouped(n.l0Pixels)}</td></tr>
          <tr><th scope="row">{t('result.l0Values')}</th><td>{grouped(n.l0Values)}</td></tr>
          <tr><th scope="row">L1</th><td>{fmt(n.l1, 2)}</td></tr>
          <tr><th scope="row">L2</th><td>{fmt(n.l2, 3)}</td></tr>
          <tr><th scope="row">L∞</th><td>{t('result.linfValue', { linf: fmt(n.linf, 4), levels: formatNumber(n.linf * 255, { maximumFractionDigits: 0 }) })}</td></tr>
          <tr><th scope="row">PSNR<Explain term="psnr" /></th><td>{fmt(n.psnr, 2)} dB</td></tr>
        </tbody>
      </table>
      <div className="pictures">
        <Picture image={photo.rgba} label={t('result.original')} />
        <Picture image={result.image} label={t('result.adversarial')} />
        <Picture image={picture} label={t('result.perturbation', { amplify })} />
        {face && <ZoomCrop image={picture} cx={face.x + face.width / 2} cy={face.y + face.height / 2} size={ZOOM_SIDE} label={t('result.zoom', { amplify, side: ZOOM_SIDE })} />}
      </div>
      <NumberField
        spec={{ ...AMPLIFICATION, label: t('result.amplification') }}
        value={amplify}
        slider
        hint={t(chosen === null ? 'result.amplifyHintAuto' : 'result.amplifyHint', { amplify: autoAmplification(run.params.eps) })}
        onChange={setAmplify}
      />
      {chosen !== null && (
        <button type="button" onClick={() => setAmplify(null)}>
          {t('result.automatic')}
        </button>
      )}
      <UpsamplingComparison amplify={amplify} face={face ?? null} />
      <TransferPanel />
      <DefencesPanel />
      <div className="buttons">
        <button type="button" onClick={async () => downloadBlob(await pngBlob(result.image), `${base}-adversarial.png`)}>{t('result.downloadAdversarial')}</button>
        <button type="button" onClick={async () => downloadBlob(await pngBlob(picture), `${base}-perturbation-x${amplify}.png`)}>{t('result.downloadPerturbation')}</button>
        <button type="button" onClick={() => downloadBlob(new Blob([JSON.stringify(report(), null, 2)], { type: 'application/json' }), `${base}-attack-report.json`)}>
          {t('result.downloadReport')}
        </button>
      </div>
    </section>
  );
}
