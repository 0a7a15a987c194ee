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
import { formatNumber, tr, useT } from './i18n';
import { Explain } from './i18n/Explain';
import { paramLabel } from './i18n/paramText';
import './i18n/placement.css';

const AMPLIFY = 10;

const row = (name: string, success: number, n: PerturbationNorms) => (
  <tr key={name}>
    <th scope="row">{name}</th>
    <td>{formatNumber(success, { style: 'percent', maximumFractionDigits: 0 })}</td>
    <td>{formatNumber(n.l0Pixels)}</td>
    <td>{formatNumber(n.l0Values)}</td>
    <td>{n.l1.toFixed(1)}</td>
    <td>{n.l2.toFixed(2)}</td>
    <td>{n.linf.toFixed(4)}</td>
    <td>{Number.isFinite(n.psnr) ? n.psnr.toFixed(2) : '∞'}</td>
  </tr>
);

const formatLambda = (lambda: number) => String(Number(lambda.toPrecision(3)));

/**
 * Which judged mask the result is, in words (see pruneAndJudge: the sparsest evading one, never
 * worse than dense), in the page's language (called while rendering).
 */
function keptNote(result: SparseResult, denseEvaded: boolean, encoder: EncoderKind): string {
  const { iteration, lambda } = result.mask;
  const from = iteration === 0 ? tr('mask:kept.dense') : tr('mask:kept.iteration', { iteration, lambda: formatLambda(lambda) });
  if (encoder === 'random') return tr('mask:kept.random', { from });
  if (result.successRate === 1) return tr('mask:kept.sparsest', { from });
  return denseEvaded ? tr('mask:kept.noneEvaded', { from }) : tr('mask:kept.denseFailed', { from });
}

/** The masks judged on the 8-bit image so far: the automatic λ's trace, with the kept one marked. */
function JudgementTable({ judgements, kept }: { judgements: SparseJudgement[]; kept?: { iteration: number; lambda: number; maskPixels: number } }) {
  const { t } = useT('mask');
  return (
    <table className="norms judgements">
      <caption>{t('judgements.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('judgements.iteration')}</th>
          <th scope="col">λ</th>
          <th scope="col">{t('judgements.locations')}</th>
          <th scope="col">{t('judgements.verdict')}</th>
        </tr>
      </thead>
      <tbody>
        {judgements.map((j, i) => {
          const isKept = kept !== undefined && j.iteration === kept.iteration && j.lambda === kept.lambda && j.maskPixels === kept.maskPixels;
          return (
            <tr key={i} className={isKept ? 'kept' : undefined}>
              <td>{j.trimmed ? t('judgements.trimmed', { iteration: j.iteration }) : j.iteration}</td>
              <td>{formatLambda(j.lambda)}</td>
              <td>{formatNumber(j.maskPixels)}</td>
              <td>
                {j.evaded ? t('judgements.evaded') : t('judgements.faceBack')}
                {isKept && t('judgements.kept')}
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
  const { t } = useT('mask');
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
      <h2 id="mask-title">{t('title')}</h2>
      <p className="hint">{t('intro')}</p>
      <div className="mask-controls">
        <div className="field">
          <label className="check">
            <input type="checkbox" checked={p.autoLambda} disabled={busy} onChange={(e) => app.setSparseParams({ autoLambda: e.target.checked })} /> {paramLabel('autoLambda', 'sparse')}
          </label>
          <p className="hint">{t('hints.autoLambda')}</p>
        </div>
        <NumberField
          spec={sparseSpec('lambda')}
          hint={p.autoLambda ? t('hints.lambdaAuto') : t('hints.lambdaFixed')}
          value={p.lambda}
          disabled={busy}
          onChange={(lambda) => app.setSparseParams({ lambda })}
        />
        <NumberField spec={sparseSpec('judgeEvery')} hint={t('hints.judgeEvery')} value={p.judgeEvery} disabled={busy} onChange={(judgeEvery) => app.setSparseParams({ judgeEvery })} />
        <NumberField spec={sparseSpec('trim')} hint={t('hints.trim')} value={p.trim} disabled={busy} onChange={(trim) => app.setSparseParams({ trim })} />
        <NumberField spec={sparseSpec('iterations')} value={p.iterations} disabled={busy} onChange={(iterations) => app.setSparseParams({ iterations })} />
        <NumberField spec={sparseSpec('a0')} value={p.a0} disabled={busy} onChange={(a0) => app.setSparseParams({ a0 })} />
        <NumberField spec={sparseSpec('growth')} value={p.growth} disabled={busy} onChange={(growth) => app.setSparseParams({ growth })} />
        <div className="field">
          <label htmlFor="encoder">{paramLabel('encoder', 'sparse')}</label>
          <select id="encoder" value={p.encoder} disabled={busy} onChange={(e) => app.setSparseParams({ encoder: e.target.value as EncoderKind })}>
            <option value="conv">{t('encoders.conv')}</option>
            <option value="free">{t('encoders.free')}</option>
            <option value="random">{t('encoders.random')}</option>
          </select>
        </div>
        <div className="field">
          <label className="check">
            <input type="checkbox" checked={p.refine} disabled={busy} onChange={(e) => app.setSparseParams({ refine: e.target.checked })} /> {paramLabel('refine', 'sparse')}
          </label>
          <p className="hint">{t('hints.refine')}</p>
        </div>
      </div>
      <div className="buttons">
        <button type="button" className="primary" disabled={!canPrune} onClick={() => void app.runSparse()}>
          {t('prune')}
        </button>
        <button type="button" disabled={!canStop} onClick={app.stopPruning}>
          {t('stop')}
        </button>
      </div>
      {sparse && (
        <p role="status" aria-label={t('progress.name')}>
          {busy ? t('progress.training') : sparse.status === 'done' ? (sparse.result?.stopped ? t('progress.stopped') : t('progress.trained')) : t('progress.failed')}
          {last &&
            ` · ${t('progress.detail', {
              iteration: last.iteration,
              total: sparse.params.iterations,
              kept: formatNumber(last.maskPixels),
              mean: last.meanMask.toFixed(3),
              a: last.a.toFixed(1),
              lambda: formatLambda(last.lambda),
            })}`}
        </p>
      )}
      {sparse && sparse.judgements.length > 0 && <JudgementTable judgements={sparse.judgements} kept={result ? { ...result.mask, maskPixels: result.learnedMaskPixels } : undefined} />}
      <div className="pictures">
        {liveMask && <Picture image={liveMask} label={busy ? t('pictures.live') : t('pictures.mask')} pixelated />}
        {overlay && <Picture image={overlay} label={t('pictures.overlay')} pixelated />}
        {sparsePicture && <Picture image={sparsePicture} label={t('pictures.sparse', { amplify: AMPLIFY })} />}
      </div>
      {result && (
        <>
          <div role="status" aria-label={t('verdict.name')}>
            {result.faces.map((f) => (
              <p key={f.face}>
                {t('verdict.face', { number: numbers[f.face] ?? f.face + 1 })}
                <strong>{f.evaded ? t('verdict.evaded') : t('verdict.detected')}</strong>
              </p>
            ))}
            <p>{keptNote(result, result.denseEvaded, sparse?.params.encoder ?? 'conv')}</p>
          </div>
          {/* The table is named by its caption's words (aria-label), not by the "?" beside them. */}
          <div className="table-scroll">
            <table className="norms sparse-table" aria-label={t('table.caption')}>
              <caption>
                {t('table.caption')}
                <Explain term="table32" />
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('table.attack')}</th>
                  <th scope="col">{t('table.success')}</th>
                  <th scope="col" aria-label={t('table.l0Pixels')}>
                    <span className="explain-in-header">
                      {t('table.l0Pixels')}
                      <Explain term="norms" />
                    </span>
                  </th>
                  <th scope="col">{t('table.l0Values')}</th>
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
          </div>
          <div className="buttons">
            <button type="button" onClick={async () => downloadBlob(await pngBlob(maskPicture(result.mask)), `${base}-mask.png`)}>{t('downloadMask')}</button>
            <button type="button" onClick={async () => downloadBlob(await pngBlob(result.image), `${base}-sparse-adversarial.png`)}>{t('downloadSparse')}</button>
          </div>
        </>
      )}
    </section>
  );
}
