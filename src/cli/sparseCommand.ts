import { AttackSetupError } from '../core/attack/dense';
import { runSparseAttack } from '../core/attack/sparseRun';
import { writePng } from '../node/imageFile';
import { ATTACK_FLAGS, SPARSE_FLAGS, SPARSE_FLAG_USAGE, TRANSFER_FLAGS, DEFENCE_FLAGS, attackParamsFrom, sparseParamsFrom } from './attackFlags';
import { DETECT_FLAGS } from './detectOptions';
import { openAttackInput } from './context';
import { backendJson } from '../node/webgpu';
import { EXIT_OK, UsageError } from './errors';
import { givenOutputs } from './outputPaths';
import { parseCommandLine } from './parse';
import { ProgressBar } from './progress';
import { BATCH_FLAGS } from './batch';
import { isSparseBatch, sparseBatchCommand } from './sparseBatch';
import type { SparseStep } from '../core/attack/sparse';
import type { MaskJudgement } from '../core/run/orchestrate';
import { patchJson } from './patchJson';
import { defenceLines, defenceRows } from './defences';
import { judgeTransferOf, loadTransferWeights, transferJson, transferLines } from './transfer';

export const SPARSE_USAGE = `usage: mtcnn-attack sparse IMAGE...|--dataset DIR|LIST.txt [attack flags] [batch flags] [mask flags] [--mask-out mask.png] [--out sparse.png] [--transfer] [--defences] [--json]
mask flags:
${SPARSE_FLAG_USAGE}`;

export async function sparseCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    ...ATTACK_FLAGS,
    ...DETECT_FLAGS,
    ...SPARSE_FLAGS,
    'mask-out': { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    backend: { type: 'string' },
    ...BATCH_FLAGS,
    ...TRANSFER_FLAGS,
    ...DEFENCE_FLAGS,
  });
  const params = attackParamsFrom(values);
  const sparseParams = sparseParamsFrom(values);
  if (isSparseBatch(values, positionals)) {
    if (values.defences) throw new UsageError('--defences works with sparse on one image (not with --dataset, --jsonl, --shard or several images)');
    if (values.transfer) throw new UsageError('--transfer works with sparse on one image (not yet with --dataset, --jsonl, --shard or several images)');
    return sparseBatchCommand(values, positionals, params, sparseParams);
  }
  const { ctx, options, image, clean } = await openAttackInput('sparse', values, positionals, params.conventions, givenOutputs(values, ['out', 'mask-out']));
  const path = image.path;
  try {
    const tiny = values.transfer ? await loadTransferWeights() : null;
    const bar = new ProgressBar('dense', params.method === 'fgsm' ? 1 : params.steps);
    const maskBar = new ProgressBar('mask', sparseParams.iterations);
    let run;
    // The masks judged during training (the run core attaches each judgement to its iteration).
    const judgements: MaskJudgement[] = [];
    try {
      run = await runSparseAttack(ctx.weights, image.tensor, image.rgba, clean, params, sparseParams, options, {
        onDenseStep: (s) => bar.update(s.step),
        onIteration: (s: SparseStep & { judged?: MaskJudgement }) => {
          if (s.judged) judgements.push(s.judged);
          maskBar.update(s.iteration, `L0 ${s.maskPixels} mean m ${s.meanMask.toFixed(3)} a ${s.a.toFixed(1)} λ ${s.lambda.toPrecision(3)}`);
        },
      });
    } catch (err) {
      if (err instanceof AttackSetupError) throw new UsageError(`${path}: ${err.message}`);
      throw err;
    } finally {
      maskBar.done();
    }
    if (values.out) await writePng(values.out, run.sparse.verdict.image);
    if (values['mask-out']) {
      const { width, height, data } = run.mask;
      const rgba = new Uint8ClampedArray(width * height * 4);
      data.forEach((v, i) => rgba.set([v * 255, v * 255, v * 255, 255], i * 4));
      await writePng(values['mask-out'], { width, height, data: rgba });
    }
    const transferOf = async (v: typeof run.dense.verdict) => (tiny ? await judgeTransferOf(tiny, image.rgba, v.image, v.faces) : null);
    const transfer = { dense: await transferOf(run.dense.verdict), sparse: await transferOf(run.sparse.verdict) };
    const defences = values.defences ? await defenceRows(ctx.weights, image.rgba, clean, run.sparse.verdict, options, tiny) : null;
    const summary = (v: typeof run.dense.verdict, t: typeof transfer.dense) => ({ success: v.faces.every((f) => f.evaded), norms: v.norms, ...(t ? { transfer: transferJson(t) } : {}) });
    if (values.json) {
      process.stdout.write(
        JSON.stringify({
          image: path,
          params: { ...params, sparse: sparseParams },
          ...backendJson(ctx.backend),
          dense: summary(run.dense.verdict, transfer.dense),
          sparse: { ...summary(run.sparse.verdict, transfer.sparse), ...(defences ? { defences } : {}) },
          maskPixels: run.maskPixels,
          learnedMaskPixels: run.learnedMaskPixels,
          kept: { iteration: run.mask.iteration, lambda: run.mask.lambda },
          judgements,
          patch: patchJson(params, clean),
          // λ changes only at judgements (see `judgements`: lambda, nextLambda), so iterations keep their fields.
          iterations: run.iterations.map(({ iteration, loss, attackLoss, sparsity, maskPixels, meanMask, a, ms }) => ({ iteration, loss, attackLoss, sparsity, maskPixels, meanMask, a, ms })),
        }) + '\n',
      );
    } else {
      const d = run.dense.verdict;
      const s = run.sparse.verdict;
      const row = (name: string, v: typeof d) =>
        `  ${name.padEnd(6)} ${v.faces.every((f) => f.evaded) ? 'evaded  ' : 'detected'} L0 ${String(v.norms.l0Pixels).padStart(7)} px / ${String(v.norms.l0Values).padStart(7)} values, L1 ${v.norms.l1.toFixed(1)}, L2 ${v.norms.l2.toFixed(2)}, L∞ ${v.norms.linf.toFixed(4)}, PSNR ${v.norms.psnr.toFixed(2)} dB\n`;
      process.stdout.write(
        `${path}: AutoAdversary (${sparseParams.encoder} encoder), mask keeps ${run.maskPixels} locations (${run.mask.iteration === 0 ? 'the dense δ: no pruned mask evaded' : `from iteration ${run.mask.iteration}, λ ${run.mask.lambda.toPrecision(3)}`})\n` +
          row(params.method.toUpperCase(), d) +
          (transfer.dense ? transferLines(transfer.dense, '         ') : '') +
          row(`${params.method.toUpperCase()}*`, s) +
          (transfer.sparse ? transferLines(transfer.sparse, '         ') : '') +
          (defences ? defenceLines(defences) : ''),
      );
    }
    return EXIT_OK;
  } finally {
    image.tensor.dispose();
  }
}
