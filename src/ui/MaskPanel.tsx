import { useDeferredValue, useMemo } from 'react';
import type { EncoderKind } from '../core/attack/sparse';
import { perturbationPicture } from '../core/attack/perturbationPicture';
import type { PerturbationNorms } from '../core/attack/metrics';
import type { SparseResult } from '../worker/protocol';
import { NumberField } from './NumberField';
import { Picture } from './Picture';
import { maskOverPhoto, maskPicture } from './maskPictures';
import { downloadBlob, pngBlob } from './download';
import { app, useCan } from './app';
import { sparseSpec } from '../core/params/schema';
import { selectDetection, selectPhoto, selectRun, useAppStore, type SparseJudgement } from './store';
import { faceNumbers } from './faceOrder';

const AMPLIFY = 10;

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

const formatLambda = (lambda: number) => String(Number(lambda.toPrecision(3)));

/** The masks judged on the 8-bit image so far: the automatic λ's trace, with the kept one marked. */
function JudgementTable({ judgements, kept }: { judgements: SparseJudgement[]; kept?: { iteration: number; lambda: number; maskPixels: number } }) {
  return (
    <table className="norms judgements">
      <caption>Masks judged on the 8-bit image (λ goes up while the mask evades, down when the face comes back)</caption>
      <thead>
        <tr>
          <th scope="col">Iteration</th>
          <th scope="col">λ</th>
          <th scope="col">Locations</th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {judgements.map((j, i) => {
          const isKept = kept !== undefined && j.iteration === kept.iteration && j.lambda === kept.lambda && j.maskPixels === kept.maskPixels;
          return (
            <tr key={i} className={isKept ? 'kept' : undefined}>
              <td>{j.trimmed ? `${j.iteration} (trimmed)` : j.iteration}</td>
              <td>{formatLambda(j.lambda)}</td>
              <td>{j.maskPixels.toLocaleString()}</td>
              <td>
                {j.evaded ? 'Evaded' : 'Face back'}
                {isKept && ' (kept)'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** AutoAdversary (seed 001): prune the finished attack's perturbation into a sparse pixel mask. */
export function MaskPanel() {
  const run = useAppStore(selectRun);
  const photo = useAppStore(selectPhoto);
  const p = useAppStore((s) => s.sparseParams);
  const sparse = run?.sparse;
  const numbers = faceNumbers(useAppStore(selectDetection)?.faces ?? []);
  const canPrune = useCan('prune');
  const canStop = useCan('stopPrune');
  // The result's pictures are made in a deferred (interruptible) render, not in the store update's task.
  const result = useDeferredValue(sparse?.result ?? null);
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
          {last && ` · iteration ${last.iteration} of ${sparse.params.iterations} · ${last.maskPixels.toLocaleString()} locations kept · mean m ${last.meanMask.toFixed(3)} · a ${last.a.toFixed(1)} · λ ${formatLambda(last.lambda)}`}
        </p>
      )}
      {sparse && sparse.judgements.length > 0 && <JudgementTable judgements={sparse.judgements} kept={result ? { ...result.mask, maskPixels: result.learnedMaskPixels } : undefined} />}
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
                Sparse attack, face {numbers[f.face] ?? f.face + 1}: <strong>{f.evaded ? 'Evaded' : 'Still detected'}</strong>
              </p>
            ))}
            <p>{keptNote(result, result.denseEvaded, sparse?.params.encoder ?? 'conv')}</p>
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
