import { useMemo } from 'react';
import type { EncoderKind } from '../core/attack/sparse';
import { perturbationPicture } from '../core/attack/perturbationPicture';
import type { PerturbationNorms } from '../core/attack/metrics';
import type { RgbaImage } from '../core/image';
import type { SparseResult } from '../worker/protocol';
import { NumberField } from './NumberField';
import { Picture } from './Picture';
import { downloadBlob, pngBlob } from './download';
import { app, useCan } from './app';
import { sparseSpec } from '../core/params/schema';
import { selectPhoto, selectRun, useAppStore } from './store';

const AMPLIFY = 10;

/** A mask [h, w] on 0..1 as a grey picture (white = perturbation kept). */
function maskPicture(mask: { width: number; height: number; data: Float32Array }): RgbaImage {
  const data = new Uint8ClampedArray(mask.width * mask.height * 4);
  mask.data.forEach((v, i) => data.set([v * 255, v * 255, v * 255, 255], 4 * i));
  return { width: mask.width, height: mask.height, data };
}

/** The photo with the kept locations tinted (full domain: the mask sits at its region). */
function maskOverPhoto(photo: RgbaImage, mask: { width: number; height: number; data: Float32Array; x0: number; y0: number; scaled: boolean }): RgbaImage {
  const data = new Uint8ClampedArray(photo.data);
  for (let y = 0; y < photo.height; y++) {
    for (let x = 0; x < photo.width; x++) {
      const mx = mask.scaled ? Math.floor((x * mask.width) / photo.width) : x - mask.x0;
      const my = mask.scaled ? Math.floor((y * mask.height) / photo.height) : y - mask.y0;
      const on = mx >= 0 && my >= 0 && mx < mask.width && my < mask.height && mask.data[my * mask.width + mx] === 1;
      const i = 4 * (y * photo.width + x);
      if (on) data.set([255, 40, 200], i);
      else for (let c = 0; c < 3; c++) data[i + c] = data[i + c]! * 0.55;
    }
  }
  return { width: photo.width, height: photo.height, data };
}

const row = (name: string, success: number, n: PerturbationNorms) => (
  <tr key={name}>
    <th scope="row">{name}</th>
    <td>{(100 * success).toFixed(0)}%</td>
    <td>{n.l0Pixels.toLocaleString()}</td>
    <td>{n.l0Values.toLocaleString()}</td>
    <td>{n.l1.toFixed(1)}</td>
    <td>{n.l2.toFixed(2)}</td>
    <td>{n.linf.toFixed(4)}</td>
    <td>{Number.isFinite(n.psnr) ? n.psnr.toFixed(2) : '∞'}</td>
  </tr>
);

/** Which judged mask the result is, in words (see pruneAndJudge: the sparsest evading one, never worse than dense). */
function keptNote(result: SparseResult, denseEvaded: boolean, encoder: EncoderKind): string {
  const { iteration, lambda } = result.mask;
  const from = iteration === 0 ? 'the dense perturbation itself (no pruned mask evaded)' : `iteration ${iteration} (λ ${Number(lambda.toPrecision(3))})`;
  if (encoder === 'random') return `A random mask with as many pixels as the learned one from ${from} (the ablation).`;
  if (result.successRate === 1) return `Kept the sparsest mask that evaded when judged: ${from}.`;
  return denseEvaded ? `No mask evaded; showing ${from}.` : `The dense attack did not evade either; showing the mask closest to evading: ${from}.`;
}

/** AutoAdversary (seed 001): prune the finished attack's perturbation into a sparse pixel mask. */
export function MaskPanel() {
  const run = useAppStore(selectRun);
  const photo = useAppStore(selectPhoto);
  const p = useAppStore((s) => s.sparseParams);
  const sparse = run?.sparse;
  const canPrune = useCan('prune');
  const canStop = useCan('stopPrune');
  const result = sparse?.result;
  const mask = sparse?.mask;
  // Pictures are made when their data changes, not on every store update.
  const liveMask = useMemo(() => (mask && mask.data.length > 0 ? maskPicture(mask) : null), [mask]);
  const overlay = useMemo(() => (result && photo ? maskOverPhoto(photo.rgba, result.mask) : null), [result, photo]);
  const sparsePicture = useMemo(
    () => (result ? perturbationPicture(result.perturbation, result.image.width, result.image.height, 1 / AMPLIFY / 2) : null),
    [result],
  );
  if (!run?.result || !photo || run.outcome !== 'done') return null;
  const busy = sparse?.status === 'running';
  const last = sparse?.points.at(-1);
  const method = run.params.method.toUpperCase();
  const base = photo.name.replace(/\.[a-z0-9]+$/i, '');
  return (
    <section aria-labelledby="mask-title" className="panel mask">
      <h2 id="mask-title">Sparse mask (AutoAdversary)</h2>
      <p className="hint">
        Most of a dense perturbation is not needed. A small network learns a pixel mask m (one value per location, pushed to 0 or 1 by
        sigmoid(a·z) with a growing); the loss adds λ·mean(m), so every kept pixel must earn its place. The result is judged again on the 8-bit image.
      </p>
      <div className="mask-controls">
        <div className="field">
          <label className="check">
            <input type="checkbox" checked={p.autoLambda} disabled={busy} onChange={(e) => app.setSparseParams({ autoLambda: e.target.checked })} /> {sparseSpec('autoLambda').label}
          </label>
          <p className="hint">Raises λ while the judged mask evades and lowers it (going back to the best mask) when it stops.</p>
        </div>
        <NumberField
          spec={sparseSpec('lambda')}
          hint={p.autoLambda ? 'The starting λ; the automatic λ moves it.' : 'Larger keeps fewer pixels; too large and the attack stops working.'}
          value={p.lambda}
          disabled={busy}
          onChange={(lambda) => app.setSparseParams({ lambda })}
        />
        <NumberField spec={sparseSpec('judgeEvery')} hint="Each judgement is a full detection on the 8-bit image; the sparsest evading mask is kept." value={p.judgeEvery} disabled={busy} onChange={(judgeEvery) => app.setSparseParams({ judgeEvery })} />
        <NumberField spec={sparseSpec('trim')} hint="After training: try keeping fewer of the best mask’s pixels (highest logits first)." value={p.trim} disabled={busy} onChange={(trim) => app.setSparseParams({ trim })} />
        <NumberField spec={sparseSpec('iterations')} value={p.iterations} disabled={busy} onChange={(iterations) => app.setSparseParams({ iterations })} />
        <NumberField spec={sparseSpec('a0')} value={p.a0} disabled={busy} onChange={(a0) => app.setSparseParams({ a0 })} />
        <NumberField spec={sparseSpec('growth')} value={p.growth} disabled={busy} onChange={(growth) => app.setSparseParams({ growth })} />
        <div className="field">
          <label htmlFor="encoder">Mask encoder</label>
          <select id="encoder" value={p.encoder} disabled={busy} onChange={(e) => app.setSparseParams({ encoder: e.target.value as EncoderKind })}>
            <option value="conv">Small convolutional encoder (the paper's)</option>
            <option value="free">Free per-pixel logits (ablation)</option>
            <option value="random">Random mask of the learned size (ablation)</option>
          </select>
        </div>
        <div className="field">
          <label className="check">
            <input type="checkbox" checked={p.refine} disabled={busy} onChange={(e) => app.setSparseParams({ refine: e.target.checked })} /> {sparseSpec('refine').label}
          </label>
          <p className="hint">The paper’s joint variant: δ keeps taking attack steps (within its bound) on the pixels the mask keeps.</p>
        </div>
      </div>
      <div className="buttons">
        <button type="button" className="primary" disabled={!canPrune} onClick={() => void app.runSparse()}>
          Prune perturbation
        </button>
        <button type="button" disabled={!canStop} onClick={app.stopPruning}>
          Stop pruning
        </button>
      </div>
      {sparse && (
        <p role="status" aria-label="Mask progress">
          {busy ? 'Training the mask' : sparse.status === 'done' ? (sparse.result?.stopped ? 'Mask stopped early' : 'Mask trained') : 'Failed'}
          {last && ` · iteration ${last.iteration} of ${sparse.params.iterations} · ${last.maskPixels.toLocaleString()} locations kept · mean m ${last.meanMask.toFixed(3)} · a ${last.a.toFixed(1)}`}
        </p>
      )}
      <div className="pictures">
        {liveMask && <Picture image={liveMask} label={busy ? 'Mask (live)' : 'Mask'} pixelated />}
        {overlay && <Picture image={overlay} label="Binary mask over the photo" pixelated />}
        {sparsePicture && <Picture image={sparsePicture} label={`Sparse perturbation ×${AMPLIFY}`} />}
      </div>
      {result && (
        <>
          <div role="status" aria-label="Sparse verdict">
            {result.faces.map((f) => (
              <p key={f.face}>
                Sparse attack, face {f.face + 1}: <strong>{f.evaded ? 'Evaded' : 'Still detected'}</strong>
              </p>
            ))}
            <p>{keptNote(result, run.result.successRate === 1, sparse.params.encoder)}</p>
          </div>
          <table className="norms sparse-table">
            <caption>Dense vs sparse (as in the paper's Table 3-2; on the 8-bit images)</caption>
            <thead>
              <tr>
                <th scope="col">Attack</th>
                <th scope="col">Success</th>
                <th scope="col">L0 pixels</th>
                <th scope="col">L0 values</th>
                <th scope="col">L1</th>
                <th scope="col">L2</th>
                <th scope="col">L∞</th>
                <th scope="col">PSNR</th>
              </tr>
            </thead>
            <tbody>
              {row(method, run.result.successRate, run.result.norms)}
              {row(`${method}*`, result.successRate, result.norms)}
            </tbody>
          </table>
          <div className="buttons">
            <button type="button" onClick={async () => downloadBlob(await pngBlob(maskPicture(result.mask)), `${base}-mask.png`)}>Download mask PNG</button>
            <button type="button" onClick={async () => downloadBlob(await pngBlob(result.image), `${base}-sparse-adversarial.png`)}>Download sparse adversarial PNG</button>
          </div>
        </>
      )}
    </section>
  );
}
