import type { AttackParams } from '../core/attack/params';
import type { DetectOptions } from '../core/mtcnn/options';
import { headMatrix } from '../core/experiments/headMatrix';
import { HEAD_SETS, type HeadSet } from '../core/experiments/headSets';
import { backendJson } from '../node/webgpu';
import { complain, type CliContext } from './context';
import { EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { finiteOrNull, planBatch, runBatch, type BatchSetting } from './batch';
import { formatCsv, formatTable, summarize } from './results';

/*
 * `heads --dataset/--shard/--jsonl/--resume`: the head matrix as a batch, one JSON line per face and
 * head set (vary "heads", value the set's id), so that it can be split over a cluster, resumed and
 * merged like a sweep. Each line's metrics: the lost step, the stage scores, where the cascade lost
 * the face (lostPnet … lostMoved are 0/1, so their means are shares), and the norms.
 */

export interface HeadsBatchFlags {
  values: Record<string, unknown>;
  positionals: string[];
  params: AttackParams;
  options: DetectOptions;
  lostEvery: number;
  faceFlag: number | 'all' | undefined;
  ctx: CliContext;
}

export async function headsBatch({ values, positionals, params, options, lostEvery, faceFlag, ctx }: HeadsBatchFlags): Promise<number> {
  const plan = await planBatch('heads', values, positionals);
  const settings: (BatchSetting & { set: HeadSet })[] = HEAD_SETS.map((set) => ({ vary: 'heads', value: set.id, params: { ...params, heads: set.heads, lostEvery }, set }));
  const result = await runBatch(plan, {
    ctx,
    options,
    settings,
    faceFlag,
    label: 'heads',
    detail: (s) => s.set.id,
    attack: async (im, face, s) => {
      if (face === 'all') throw new UsageError('heads attacks one face at a time: leave out --face or give an index');
      const m = await headMatrix(ctx.weights, { rgba: im.rgba, tensor: im.tensor, detection: im.clean }, { ...params, face }, options, { lostEvery, sets: [s.set] });
      const row = m.rows[0]!;
      const stage = (name: string) => (row.lostStage === name ? 1 : 0);
      return {
        faces: 1,
        evaded: row.evaded ? 1 : 0,
        metrics: {
          lostAt: row.lostAt,
          lostPnet: stage('pnet'),
          lostRnet: stage('rnet'),
          lostOnet: stage('onet'),
          lostMoved: stage('moved'),
          pnetScore: row.scores.pnet,
          rnetScore: row.scores.rnet,
          onetScore: row.scores.onet,
          bestIou: row.scores.iou,
          l0Pixels: row.norms.l0Pixels,
          linf: row.norms.linf,
          psnr: finiteOrNull(row.norms.psnr),
        },
      };
    },
  });
  if (plan.items.length > 0 && result.rows.length === 0) throw new UsageError('no image with a face to attack');
  if (plan.items.length === 0) complain(`shard ${String(values.shard)} of ${plan.allItems} images is empty`);
  const summary = summarize(result.rows)[0];
  if (values.json) process.stdout.write(JSON.stringify({ params, lostEvery, ...backendJson(ctx.backend), rows: summary?.rows ?? [] }) + '\n');
  else if (summary) process.stdout.write(values.csv ? formatCsv(summary) : formatTable(summary));
  return result.failed && !plan.fromDataset ? EXIT_USAGE : EXIT_OK;
}
