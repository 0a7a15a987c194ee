import { useMemo, useState } from 'react';
import { perturbationPicture } from '../core/attack/perturbationPicture';
import { NumberField } from './NumberField';
import { selectPhoto, selectRun, useAppStore } from './store';
import { downloadBlob, pngBlob } from './download';
import { UpsamplingComparison } from './UpsamplingComparison';
import { Picture } from './Picture';

const AMPLIFICATION = { label: 'Perturbation amplification', min: 1, max: 100, step: 1, integer: true };

const fmt = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '∞');

/** The honest outcome: the full cascade on the 8-bit image, the norms, the pictures and downloads. */
export function ResultPanel() {
  const run = useAppStore(selectRun);
  const photo = useAppStore(selectPhoto);
  const [amplify, setAmplify] = useState(10);
  const result = run?.result;
  // Made once per result and amplification, not on every store update (e.g. during mask training).
  const picture = useMemo(
    () => (result ? perturbationPicture(result.perturbation, result.image.width, result.image.height, 1 / amplify / 2) : null),
    [result, amplify],
  );
  if (!run || !result || !photo || !picture) return null;
  const { width, height } = result.image;
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
      <h2 id="result-title">Result</h2>
      <p className="hint">Judged the honest way: the adversarial image is rounded to 8 bits (what you download), the whole MTCNN cascade runs on it, and a face counts as evaded when no detection overlaps it (IoU ≥ 0.5).</p>
      <div role="status" aria-label="Verdict" className="verdict">
        {result.faces.map((f) => (
          <p key={f.face} className={f.evaded ? 'evaded' : 'detected'}>
            Face {f.face + 1}: <strong>{f.evaded ? 'Evaded' : 'Still detected'}</strong>
            {!f.evaded && <span className="hint"> (best overlap {f.bestIou.toFixed(2)})</span>}
          </p>
        ))}
        <p>
          Success rate {(100 * result.successRate).toFixed(0)}%{result.stopped ? ' (stopped early)' : ''}
        </p>
      </div>
      <table className="norms">
        <caption>Size of the perturbation on the 8-bit image (0–1 scale)</caption>
        <tbody>
          <tr><th scope="row">L0 pixels (any channel changed)</th><td>{n.l0Pixels.toLocaleString()}</td></tr>
          <tr><th scope="row">L0 values (channels changed)</th><td>{n.l0Values.toLocaleString()}</td></tr>
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
      </div>
      <NumberField spec={AMPLIFICATION} value={amplify} slider onChange={setAmplify} />
      <UpsamplingComparison amplify={amplify} />
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
