import { stat } from 'node:fs/promises';
import type * as tf from '@tensorflow/tfjs';
import { detectFaces, type Detection } from '../core/mtcnn/detect';
import { AttackSetupError } from '../core/attack/dense';
import type { DetectOptions } from '../core/mtcnn/options';
import type { RgbaImage } from '../core/image';
import { ImageReadError } from '../node/imageFile';
import { complain, loadImage, type CliContext } from './context';
import { itemsFromPaths, readDataset, type DatasetItem } from './dataset';
import { UsageError } from './errors';
import { appendJsonl, dropPartialLine, readJsonl } from './jsonl';
import { checkOutputPaths } from './outputPaths';
import { fingerprintDifference, isSkipped, rowKey, runFingerprint, skipKey, type AnyRow, type ResultRow, type SkippedRow } from './results';
import { parseShard, shardItems, type Shard } from './shard';
import { BatchProgress } from './batchProgress';

/*
 * What sweep and sparse (and heads) share when they run over many images: the images (command line
 * or --dataset), --shard, the JSON lines output (--jsonl, one row per face and setting, appended as
 * each attack ends) and --resume (rows already in the output are not run again).
 */

export const BATCH_FLAGS = {
  dataset: { type: 'string' },
  shard: { type: 'string' },
  jsonl: { type: 'string' },
  resume: { type: 'boolean' },
} as const;

export const BATCH_USAGE = `batch flags (sweep, sparse, heads):
  --dataset DIR|LIST.txt  every PNG/JPEG under DIR, or one image a line (relative to the list; "path 0,2" attacks faces 0 and 2)
  --shard k/n             only every n-th image, starting at the k-th (1 ≤ k ≤ n)
  --jsonl OUT.jsonl       append one JSON line per face and setting as each attack ends
  --resume                continue OUT.jsonl: skip what it holds (a partial last line is dropped)
  combine outputs with: mtcnn-attack merge OUT.jsonl... [--csv F] [--plot F.svg|F.png]`;

export interface BatchPlan {
  command: string;
  /** This shard's images. */
  items: DatasetItem[];
  /** Images before sharding. */
  allItems: number;
  shard?: Shard;
  /** From --dataset (else the command line). */
  fromDataset: boolean;
  out?: string;
  /** The output's rows when resuming. */
  existing: AnyRow[];
}

/**
 * Reads the batch flags: the images, the shard and the output, checked before any work. Without
 * --resume an output that already holds rows is refused; with it, a partial last line is cut off.
 */
export async function planBatch(command: string, values: Record<string, unknown>, positionals: readonly string[]): Promise<BatchPlan> {
  const dataset = values.dataset as string | undefined;
  const out = values.jsonl as string | undefined;
  const resume = values.resume === true;
  if (dataset !== undefined && positionals.length > 0) throw new UsageError(`give images or --dataset, not both`);
  if (dataset === undefined && positionals.length === 0) throw new UsageError(`${command} needs images or --dataset DIR|LIST.txt (run \`mtcnn-attack --help\` for usage)`);
  if (resume && out === undefined) throw new UsageError('--resume needs --jsonl OUT.jsonl (the output to continue)');
  const shard = parseShard(values.shard as string | undefined);
  const all = dataset !== undefined ? await readDataset(dataset) : itemsFromPaths(positionals);
  const items = shardItems(all, shard);
  let existing: AnyRow[] = [];
  if (out !== undefined) {
    await checkOutputPaths([{ flag: 'jsonl', file: out }], items.map((i) => i.file));
    const size = (await stat(out).catch(() => undefined))?.size ?? 0;
    if (size > 0 && !resume) throw new UsageError(`--jsonl ${out}: already holds results (add --resume to continue it, or choose another file)`);
    if (resume) {
      const content = await readJsonl(out);
      if (content.partialBytes > 0) {
        await dropPartialLine(out, content);
        complain(`${out}: dropped a partial last line (${content.partialBytes} bytes) left by an interrupted run`);
      }
      existing = content.rows.filter((r): r is AnyRow => isRow(r));
      if (existing.length !== content.rows.length) throw new UsageError(`--jsonl ${out}: holds lines that are not result rows`);
    }
  }
  return { command, items, allItems: all.length, shard, fromDataset: dataset !== undefined, out, existing };
}

function isRow(r: unknown): boolean {
  if (!r || typeof r !== 'object') return false;
  const o = r as Record<string, unknown>;
  return typeof o.command === 'string' && typeof o.image === 'string' && (typeof o.skipped === 'string' || 'face' in o);
}

/** One setting of the varied parameter; `params` is every setting of the run at that value. */
export interface BatchSetting {
  vary: string | null;
  value: number | string | null;
  params: Record<string, unknown>;
}

export interface BatchImage {
  path: string;
  rgba: RgbaImage;
  tensor: tf.Tensor3D;
  clean: Detection;
}

/** What one attack gives a row. */
export interface AttackOutcome {
  faces: number;
  evaded: number;
  metrics: Record<string, number | null>;
}

export interface BatchJob<S extends BatchSetting> {
  ctx: CliContext;
  options: DetectOptions;
  settings: readonly S[];
  /** --face when given (a face index or 'all'); undefined: every face (or the list's faces). */
  faceFlag: number | 'all' | undefined;
  /** The progress line's label and its detail for a setting. */
  label: string;
  detail: (s: S) => string;
  attack: (image: BatchImage, face: number | 'all', setting: S) => Promise<AttackOutcome>;
}

export interface BatchResult {
  /** Every result row of this run's command in the output: those resumed and those made now. */
  rows: ResultRow[];
  skipped: SkippedRow[];
  /** Attacks run by this process. */
  attacked: number;
  /** Some image could not be read, had no face or lacked a listed face. */
  failed: boolean;
}

/** A metric for a row: JSON has no Infinity (PSNR of an unchanged image). */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Runs every face × setting of the plan's images that the output does not hold yet, image by
 * image (one image in memory at a time), appending a row after each attack.
 */
export async function runBatch<S extends BatchSetting>(plan: BatchPlan, job: BatchJob<S>): Promise<BatchResult> {
  const { command } = plan;
  const template = (s: S) => ({ command, vary: s.vary, params: s.params, detect: job.options as unknown as Record<string, unknown> });
  const fingerprint = runFingerprint(template(job.settings[0]!));
  const rows: ResultRow[] = [];
  const skipped: SkippedRow[] = [];
  for (const r of plan.existing) {
    if (r.command !== command) throw new UsageError(`--jsonl ${plan.out}: holds ${r.command} rows, not ${command} ones (use another file)`);
    if (isSkipped(r)) skipped.push(r);
    else {
      const other = runFingerprint(r);
      if (other !== fingerprint) throw new UsageError(`--resume: ${plan.out} holds rows of other settings (${fingerprintDifference(other, fingerprint)}); use another --jsonl file`);
      rows.push(r);
    }
  }
  const done = new Set(rows.map(rowKey));
  const skippedImages = new Set(skipped.map(skipKey));
  const detectedOf = new Map(rows.map((r) => [r.image, r.detected]));
  if (plan.existing.length) complain(`resuming ${plan.out}: ${rows.length} rows and ${skipped.length} skipped images already there`);

  const write = async (row: AnyRow) => {
    if (plan.out !== undefined) await appendJsonl(plan.out, row);
  };
  const skip = async (item: DatasetItem, reason: string) => {
    complain(`${item.file}: ${reason}, skipped`);
    const row: SkippedRow = { command, image: item.key, skipped: reason };
    skipped.push(row);
    await write(row);
  };
  const facesFor = (item: DatasetItem, detected: number): (number | 'all')[] =>
    job.faceFlag !== undefined ? [job.faceFlag] : item.faces ?? Array.from({ length: detected }, (_, i) => i);
  const keyOf = (item: DatasetItem, face: number | 'all', s: S) => rowKey({ command, image: item.key, face, vary: s.vary, value: s.value });
  const allDone = (item: DatasetItem, faces: (number | 'all')[]) => faces.every((f) => job.settings.every((s) => done.has(keyOf(item, f, s))));

  const progress = new BatchProgress(job.label, plan.items.length);
  let attacked = 0;
  let failed = false;
  try {
    for (const item of plan.items) {
      if (skippedImages.has(skipKey({ command, image: item.key }))) {
        progress.imageDone();
        continue;
      }
      // Known faces (from the list, --face or earlier rows): an image whose rows are all there is not even read.
      const known = job.faceFlag !== undefined || item.faces ? facesFor(item, 0) : detectedOf.has(item.key) ? facesFor(item, detectedOf.get(item.key)!) : undefined;
      if (known && allDone(item, known)) {
        progress.imageDone();
        continue;
      }
      let image: BatchImage;
      try {
        const loaded = await loadImage(item.file);
        let clean: Detection;
        try {
          clean = await detectFaces(job.ctx.weights, loaded.tensor, job.options);
        } catch (err) {
          loaded.tensor.dispose();
          throw err;
        }
        image = { ...loaded, clean };
      } catch (err) {
        if (!(err instanceof ImageReadError)) throw err;
        failed = true;
        await skip(item, err.message);
        progress.imageDone();
        continue;
      }
      try {
        const detected = image.clean.faces.length;
        if (detected === 0) {
          failed = true;
          await skip(item, 'no face detected');
          continue;
        }
        const faces = facesFor(item, detected).filter((f) => {
          if (f === 'all' || f < detected) return true;
          complain(`${item.file}: face ${f} not detected (${detected} face${detected === 1 ? '' : 's'}: 0–${detected - 1}), not attacked`);
          failed = true;
          return false;
        });
        const todo = job.settings.flatMap((s) => faces.filter((f) => !done.has(keyOf(item, f, s))).map((f) => ({ s, f })));
        progress.startImage(todo.length);
        for (const { s, f } of todo) {
          const t0 = performance.now();
          let outcome: AttackOutcome;
          try {
            outcome = await job.attack(image, f, s);
          } catch (err) {
            if (!(err instanceof AttackSetupError)) throw err;
            // A dataset goes on with the next image; images on the command line stop the run, as a single attack does.
            if (!plan.fromDataset) throw new UsageError(`${item.file}: ${err.message}`);
            failed = true;
            await skip(item, err.message);
            break;
          }
          const row: ResultRow = {
            command,
            image: item.key,
            face: f,
            detected,
            vary: s.vary,
            value: s.value,
            faces: outcome.faces,
            evaded: outcome.evaded,
            params: { ...s.params, face: f },
            detect: job.options as unknown as Record<string, unknown>,
            backend: job.ctx.backend.name,
            ms: performance.now() - t0,
            metrics: outcome.metrics,
          };
          rows.push(row);
          done.add(rowKey(row));
          await write(row);
          attacked++;
          progress.attackDone(`${job.detail(s)} face ${f}`);
        }
      } finally {
        image.tensor.dispose();
        progress.imageDone();
      }
    }
  } finally {
    progress.done();
  }
  return { rows, skipped, attacked, failed };
}
