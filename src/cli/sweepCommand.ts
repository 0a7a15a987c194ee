import { runAttack } from '../core/attack/run';
import type { AttackParams } from '../core/attack/params';
import { validateAttackParams } from '../core/params/schema';
import { validateDetectOptions } from '../core/mtcnn/options';
import { ATTACK_FLAGS, TRANSFER_FLAGS, attackParamsFrom } from './attackFlags';
import { DETECT_FLAGS, detectOptionsFrom } from './detectOptions';
import { complain, openContext } from './context';
import { backendJson } from '../node/webgpu';
import { EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { choiceFlag, listFlag, numberFlag, parseCommandLine } from './parse';
import { BATCH_FLAGS, finiteOrNull, planBatch, runBatch, type BatchSetting } from './batch';
import { formatTable, summarize } from './results';
import { cleanTinyFaces, judgeTransferOf, loadTransferWeights, transferMetrics, transferTotals } from './transfer';
import type { TinyFace } from '../core/transfer/detect';

export const SWEEP_USAGE = `usage: mtcnn-attack sweep IMAGE...|--dataset DIR|LIST.txt --vary alpha|eps|steps --values v1,v2,... [attack flags] [batch flags] [--transfer] [--json|--csv]`;

const VARY = ['alpha', 'eps', 'steps'] as const;
type Vary = (typeof VARY)[number];

export interface SweepRow {
  value: number;
  faces: number;
  evaded: number;
  successRate: number;
  /** With --transfer: attacked faces the second detector finds on the clean images and on the adversarial ones. */
  transfer?: { cleanFound: number; found: number; evadedBoth: number };
}

/**
 * Every face is attacked on its own unless --face picks one (or all at once), at every value;
 * images from the command line or --dataset, optionally one --shard of them, rows appended to
 * --jsonl (see batch.ts).
 */
export async function sweepCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    ...ATTACK_FLAGS,
    ...DETECT_FLAGS,
    ...BATCH_FLAGS,
    vary: { type: 'string' },
    values: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    backend: { type: 'string' },
    ...TRANSFER_FLAGS,
  });
  if (positionals.length === 0 && values.dataset === undefined) throw new UsageError('sweep needs at least one image or --dataset (run `mtcnn-attack --help` for usage)');
  if (!values.vary || !values.values) throw new UsageError('sweep needs --vary alpha|eps|steps and --values v1,v2,...');
  const vary = choiceFlag<Vary>('vary', values.vary, 'alpha', VARY);
  const sweepValues = listFlag('values', values.values)!.map((v) => numberFlag('values', v, 0, -Infinity, Infinity));
  const base = attackParamsFrom(values);
  const variants = sweepValues.map((v) => ({ ...base, [vary]: v }) as AttackParams);
  for (const p of variants) {
    const invalid = validateAttackParams(p);
    if (invalid) throw new UsageError(`--values: ${invalid}`);
  }
  const options = { ...detectOptionsFrom(values), conventions: base.conventions };
  const invalidOptions = validateDetectOptions(options);
  if (invalidOptions) throw new UsageError(invalidOptions);
  const plan = await planBatch('sweep', values, positionals);
  const ctx = await openContext(values.backend);
  const tiny = values.transfer ? await loadTransferWeights() : null;
  // The second detector's clean detections, once per image (the batch keeps one image at a time).
  const cleanTiny = new WeakMap<object, TinyFace[]>();

  // --transfer is recorded in the settings, so that --resume does not mix rows with and without it.
  const settings: (BatchSetting & { attack: AttackParams })[] = variants.map((p) => ({ vary, value: p[vary], params: { ...p, ...(tiny ? { transfer: true } : {}) }, attack: p }));
  const result = await runBatch(plan, {
    ctx,
    options,
    settings,
    faceFlag: (values as Record<string, unknown>).face === undefined ? undefined : base.face,
    label: `sweep ${vary}`,
    detail: (s) => `${vary}=${s.value}`,
    attack: async (im, face, s) => {
      const run = await runAttack(ctx.weights, im.tensor, im.rgba, im.clean, { ...s.attack, face }, options);
      const n = run.verdict.norms;
      let transfer = {};
      if (tiny) {
        if (!cleanTiny.has(im)) cleanTiny.set(im, await cleanTinyFaces(tiny, im.rgba));
        transfer = transferMetrics(await judgeTransferOf(tiny, im.rgba, run.verdict.image, run.verdict.faces, cleanTiny.get(im)), run.verdict.faces);
      }
      return {
        faces: run.verdict.faces.length,
        evaded: run.verdict.faces.filter((f) => f.evaded).length,
        metrics: { l0Pixels: n.l0Pixels, l2: n.l2, linf: n.linf, psnr: finiteOrNull(n.psnr), msPerStep: finiteOrNull(run.msPerStep), ...transfer },
      };
    },
  });
  if (plan.items.length > 0 && result.rows.length === 0) throw new UsageError('no image with a face to attack');
  if (plan.items.length === 0) complain(`shard ${values.shard} of ${plan.allItems} images is empty`);

  const summary = summarize(result.rows)[0];
  const rows: SweepRow[] = variants.map((p) => {
    const r = summary?.rows.find((x) => x.value === p[vary]);
    const row = { value: p[vary] as number, faces: r?.faces ?? 0, evaded: r?.evaded ?? 0, successRate: r?.successRate ?? 0 };
    return tiny ? { ...row, transfer: transferTotals(result.rows.filter((x) => x.value === p[vary])) } : row;
  });
  if (values.json) process.stdout.write(JSON.stringify({ vary, params: base, ...backendJson(ctx.backend), rows }) + '\n');
  else if (values.csv) {
    const extra = (r: SweepRow) => (r.transfer ? `,${r.transfer.cleanFound},${r.transfer.found},${r.transfer.evadedBoth}` : '');
    process.stdout.write(`${vary},faces,evaded,success_rate${tiny ? ',tiny_clean_found,tiny_found,evaded_both' : ''}\n` + rows.map((r) => `${r.value},${r.faces},${r.evaded},${r.successRate}${extra(r)}`).join('\n') + '\n');
  } else {
    process.stdout.write(formatTable({ command: 'sweep', vary, rows: rows.map((r) => ({ ...r, images: 0, metrics: {} })) }));
    if (tiny) {
      process.stdout.write(
        'second detector (Tiny Face Detector), attacked faces it still finds:\n' +
          rows.map((r) => `  ${vary}=${r.value}: ${r.transfer!.found}/${r.faces} (on the clean images: ${r.transfer!.cleanFound}/${r.faces}); evaded both detectors: ${r.transfer!.evadedBoth}/${r.faces}\n`).join(''),
      );
    }
  }
  // A dataset records unreadable and faceless images as skipped rows and goes on: exit 0, so that a cluster does not retry the shard.
  return result.failed && !plan.fromDataset ? EXIT_USAGE : EXIT_OK;
}
