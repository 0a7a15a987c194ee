import { useDeferredValue, useMemo, useState } from 'react';
import { perturbationPicture } from '../core/attack/perturbationPicture';
import { NumberField } from './NumberField';
import { selectPhoto, selectRun, useAppStore } from './store';
import { downloadBlob, pngBlob } from './download';
import { UpsamplingComparison } from './UpsamplingComparison';
import { Picture } from './Picture';
import { ZoomCrop } from './ZoomCrop';
import { TransferPanel } from './TransferPanel';
import { DefencesPanel } from './DefencesPanel';

const AMPLIFICATION = { label: 'Perturbation amplification', min: 1, max: 100, step: 1, integer: true };

/** The amplification that maps δ = ±ε exactly onto black and white: ×0.5/ε. */
export function autoAmplification(eps: number): number {
  return Math.min(100, Math.max(1, Math.round(0.5 / eps)));
}

/** Image pixels on a side of the zoomed crops (nearest upsampling's blocks show at this zoom). */
export const ZOOM_SIDE = 48;

const fmt = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '∞');
/** 107467 → "107,467" (toLocaleString's first call sets up ICU: ~100 ms on the main thread). */
export const grouped = (v: number) => String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The honest outcome: the full cascade on the 8-bit image, the norms, the pictures and downloads. */
export function ResultPanel() {
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
      <h2 id="result-title">Result details</h2>
      <p className="hint">Judged the honest way: the adversarial image is rounded to 8 bits (what you download), the whole MTCNN cascade runs on it, and a face counts as evaded when no detection overlaps it (IoU ≥ 0.5).</p>
      <table className="norms">
        <caption>Size of the perturbation on the 8-bit image (0–1 scale)</caption>
        <tbody>
          <tr><th scope="row">L0 pixels (any channel changed)</th><td>{grouped(n.l0Pixels)}</td></tr>
          <tr><th scope="row">L0 values (channels changed)</th><td>{grouped(n.l0Values)}</td></tr>
          <tr><th scope="row">L1</th><td>{fmt(n.l1, 2)}</td></tr>
          <tr><th scope="row">L2</th><td>{fmt(n.l2, 3)}</td></tr>
          <tr><th scope="row">L∞</th><td>{fmt(n.linf, 4)} ({(n.linf * 255).toFixed(0)} grey levels)</td></tr>
          <tr><th scope="row">PSNR</th><td>{fmt(n.psnr, 2)} dB</td></tr>
        </tbody>
      </table>
      <div className="pictures">
        <Picture image={photo.rgba} label="Original" />
        <Picture image={result.image} label="Adversarial (8-bit)" />
        <Picture image={picture} label={`Perturbation ×${amplify} (grey = unchanged)`} />
        {face && <ZoomCrop image={picture} cx={face.x + face.width / 2} cy={face.y + face.height / 2} size={ZOOM_SIDE} label={`Perturbation ×${amplify}, ${ZOOM_SIDE}×${ZOOM_SIDE} pixels at the face, enlarged`} />}
      </div>
      <NumberField
        spec={AMPLIFICATION}
        value={amplify}
        slider
        hint={`${chosen === null ? 'Automatic: ' : ''}×0.5/ε = ×${autoAmplification(run.params.eps)} turns δ = ±ε into black and white exactly.`}
        onChange={setAmplify}
      />
      {chosen !== null && (
        <button type="button" onClick={() => setAmplify(null)}>
          Automatic amplification
        </button>
      )}
      <UpsamplingComparison amplify={amplify} face={face ?? null} />
      <TransferPanel />
      <DefencesPanel />
      <div className="buttons">
        <button type="button" onClick={async () => downloadBlob(await pngBlob(result.image), `${base}-adversarial.png`)}>Download adversarial PNG</button>
        <button type="button" onClick={async () => downloadBlob(await pngBlob(picture), `${base}-perturbation-x${amplify}.png`)}>Download perturbation PNG</button>
        <button type="button" onClick={() => downloadBlob(new Blob([JSON.stringify(report(), null, 2)], { type: 'application/json' }), `${base}-attack-report.json`)}>
          Download JSON report
        </button>
      </div>
    </section>
  );
}
