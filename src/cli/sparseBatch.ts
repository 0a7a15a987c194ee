import { runSparseAttack } from '../core/attack/sparseRun';
import type { AttackParams } from '../core/attack/params';
import type { SparseParams } from '../core/attack/sparse';
import { validateDetectOptions } from '../core/mtcnn/options';
import { detectOptionsFrom } from './detectOptions';
import { openContext } from './context';
import { backendJson } from '../node/webgpu';
import { EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { finiteOrNull, planBatch, runBatch } from './batch';
import { summarize } from './results';

/** The flags that make `sparse` a batch run (see batch.ts). */
export function isSparseBatch(values: Record<string, unknown>, positionals: readonly string[]): boolean {
  return ['dataset', 'jsonl', 'shard', 'resume'].some((f) => values[f] !== undefined) || positionals.length > 1;
}

/** Flags of the single-image sparse command that a batch run has no use for. */
const SINGLE_IMAGE_ONLY = ['out', 'mask-out'];

/**
 * `sparse` over many images: the dense attack and AutoAdversary's mask on every face (or --face),
 * one row per face with the sparse verdict (faces, evaded) and the dense one in the metrics.
 */
export async function sparseBatchCommand(values: Record<string, unknown>, positionals: string[], params: AttackParams, sparseParams: SparseParams): Promise<number> {
  const single = SINGLE_IMAGE_ONLY.find((f) => values[f] !== undefined);
  if (single) throw new UsageError(`--${single} writes one image's result; it does not go with --dataset, --jsonl, --shard or several images`);
  const options = { ...detectOptionsFrom(values), conventions: params.conventions };
  const invalid = validateDetectOptions(options);
  if (invalid) throw new UsageError(invalid);
  const plan = await planBatch('sparse', values, positionals);
  const ctx = await openContext(values.backend as string | undefined);
  const result = await runBatch(plan, {
    ctx,
    options,
    settings: [{ vary: null, value: null, params: { ...params, sparse: sparseParams } }],
    faceFlag: values.face === undefined ? undefined : params.face,
    label: 'sparse',
    detail: () => '',
    attack: async (im, face) => {
      const run = await runSparseAttack(ctx.weights, im.tensor, im.rgba, im.clean, { ...params, face }, sparseParams, options);
      const d = run.dense.verdict;
      const s = run.sparse.verdict;
      return {
        faces: s.faces.length,
        evaded: s.faces.filter((f) => f.evaded).length,
        metrics: {
          denseSuccess: d.faces.filter((f) => f.evaded).length / Math.max(1, d.faces.length),
          maskPixels: run.maskPixels,
          learnedMaskPixels: run.learnedMaskPixels,
          l0Pixels: s.norms.l0Pixels,
          denseL0Pixels: d.norms.l0Pixels,
          l2: s.norms.l2,
          linf: s.norms.linf,
          psnr: finiteOrNull(s.norms.psnr),
        },
      };
    },
  });
  if (plan.items.length > 0 && result.rows.length === 0) throw new UsageError('no image with a face to attack');
  const summary = summarize(result.rows)[0]?.rows[0];
  const line = summary
    ? { faces: summary.faces, evaded: summary.evaded, successRate: summary.successRate, denseSuccessRate: summary.metrics.denseSuccess, meanMaskPixels: summary.metrics.maskPixels }
    : { faces: 0, evaded: 0, successRate: 0, denseSuccessRate: null, meanMaskPixels: null };
  if (values.json) process.stdout.write(JSON.stringify({ params: { ...params, sparse: sparseParams }, ...backendJson(ctx.backend), ...line }) + '\n');
  else {
    const pct = (x: number | null | undefined) => (typeof x === 'number' ? `${(100 * x).toFixed(1)}%` : '-');
    process.stdout.write(
      `sparse (${sparseParams.encoder} encoder) over ${line.faces} faces: sparse success ${pct(line.successRate)}, dense success ${pct(line.denseSuccessRate)}, mean mask ${line.meanMaskPixels?.toFixed(0) ?? '-'} locations\n`,
    );
  }
  return result.failed && !plan.fromDataset ? EXIT_USAGE : EXIT_OK;
}
