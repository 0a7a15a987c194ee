import { AttackSetupError } from '../core/attack/dense';
import { validateDetectOptions } from '../core/mtcnn/options';
import { detectFaces } from '../core/mtcnn/detect';
import { DEFAULT_LOST_EVERY, headMatrix, type HeadMatrix } from '../core/experiments/headMatrix';
import { HEAD_SETS } from '../core/experiments/headSets';
import { CSV_HEADER, csvLines, faceTable, matrixJson, summaryTable } from '../core/experiments/headMatrixExport';
import { ImageReadError, readImageFile } from '../node/imageFile';
import { rgbaToTensor } from '../core/image';
import { backendJson } from '../node/webgpu';
import { ATTACK_FLAGS, attackParamsFrom } from './attackFlags';
import { DETECT_FLAGS, detectOptionsFrom } from './detectOptions';
import { complain, openContext } from './context';
import { EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { integerFlag, parseCommandLine } from './parse';
import { ProgressBar } from './progress';
import { TRANSFER_FLAGS } from './attackFlags';
import { BATCH_FLAGS } from './batch';
import { headsBatch } from './headsBatch';
import { cleanTinyFaces, judgeTransferOf, loadTransferWeights } from './transfer';
import type { TransferVerdict } from '../core/transfer/verdict';

export const HEADS_USAGE = `usage: mtcnn-attack heads IMAGE...|--dataset DIR|LIST.txt [attack flags] [batch flags] [--lost-every ${DEFAULT_LOST_EVERY}] [--transfer] [--json|--csv]
  the per-head vulnerability matrix: one attack (the same budget) per head alone, per net's heads and all 7, on every face on its own (or --face N);
  per row: evaded or not (full cascade on the 8-bit image), the update at which the face was lost (judged every --lost-every updates, then bisected),
  each stage's score on the face, and where the cascade lost it (P-Net / R-Net / O-Net / box moved off)`;

/**
 * `mtcnn-attack heads`: the head matrix (core/experiments/headMatrix.ts) of each image, as text
 * tables (one per face, then the success per head set over all faces), JSON or CSV.
 */
export async function headsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    ...ATTACK_FLAGS,
    ...DETECT_FLAGS,
    'lost-every': { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    backend: { type: 'string' },
    ...TRANSFER_FLAGS,
    ...BATCH_FLAGS,
  });
  const batch = values.dataset !== undefined || values.shard !== undefined || values.jsonl !== undefined || values.resume === true;
  if (positionals.length === 0 && !batch) throw new UsageError('heads needs at least one image (run `mtcnn-attack --help` for usage)');
  if (values.json && values.csv) throw new UsageError('--json and --csv cannot be used together');
  if ((values as Record<string, unknown>).heads !== undefined) throw new UsageError('--heads does not apply: heads attacks every head alone, each net’s heads together and all 7');
  const base = attackParamsFrom(values);
  const params = { ...base, face: (values as Record<string, unknown>).face === undefined ? ('all' as const) : base.face };
  const lostEvery = integerFlag('lost-every', values['lost-every'], DEFAULT_LOST_EVERY, 1, 10_000);
  const options = { ...detectOptionsFrom(values), conventions: params.conventions };
  const invalid = validateDetectOptions(options);
  if (invalid) throw new UsageError(invalid);
  if (batch && values.transfer) throw new UsageError('--transfer works on images given on the command line, not with --dataset, --shard, --jsonl or --resume');
  const ctx = await openContext(values.backend);
  if (batch) {
    const faceFlag = (values as Record<string, unknown>).face === undefined ? undefined : base.face;
    return headsBatch({ values, positionals, params: base, options, lostEvery, faceFlag, ctx });
  }
  const tiny = values.transfer ? await loadTransferWeights() : null;

  /** With --transfer: per row (same order as the matrix's rows), the second detector's verdict on that row's 8-bit image. */
  const results: { image: string; matrix: HeadMatrix; transfer: TransferVerdict[] | null }[] = [];
  let failed = false;
  for (const path of positionals) {
    let rgba;
    try {
      rgba = await readImageFile(path);
    } catch (err) {
      if (!(err instanceof ImageReadError)) throw err;
      complain(`${path}: ${err.message}`);
      failed = true;
      continue;
    }
    const tensor = rgbaToTensor(rgba);
    try {
      const detection = await detectFaces(ctx.weights, tensor, options);
      const faces = params.face === 'all' ? detection.faces.length : 1;
      const bar = new ProgressBar(`heads ${path}`, faces * HEAD_SETS.length);
      try {
        const matrix = await headMatrix(ctx.weights, { rgba, tensor, detection }, params, options, {
          lostEvery,
          onRow: (row, done) => bar.update(done, `face ${row.face} ${row.set}: ${row.evaded ? 'evaded' : 'detected'}`),
        });
        let transfer: TransferVerdict[] | null = null;
        if (tiny) {
          const clean = await cleanTinyFaces(tiny, rgba);
          transfer = [];
          for (const row of matrix.rows) {
            const face = matrix.faces.find((f) => f.face === row.face)!;
            transfer.push(await judgeTransferOf(tiny, rgba, row.image, [{ face: row.face, box: face.box }], clean));
          }
        }
        results.push({ image: path, matrix, transfer });
      } finally {
        bar.done();
      }
    } catch (err) {
      if (!(err instanceof AttackSetupError)) throw err;
      complain(`${path}: ${err.message}`);
      failed = true;
    } finally {
      tensor.dispose();
    }
  }
  if (results.length === 0) throw new UsageError('no image with a face to attack');

  if (values.json) {
    process.stdout.write(JSON.stringify({ params, lostEvery, ...backendJson(ctx.backend), images: results.map((r) => {
      const m = matrixJson(r.matrix);
      return { image: r.image, ...m, rows: m.rows.map((row, i) => (r.transfer ? { ...row, transfer: transferFace(r.transfer[i]!) } : row)) };
    }), summary: matrixJson({ ...results[0]!.matrix, rows: results.flatMap((r) => r.matrix.rows) }).summary }) + '\n');
  } else if (values.csv) {
    const extra = (r: (typeof results)[number], i: number) => (r.transfer ? `,${r.transfer[i]!.faces[0]!.clean.found},${r.transfer[i]!.faces[0]!.adversarial.found}` : '');
    const header = CSV_HEADER + (tiny ? ',tiny_clean_found,tiny_found' : '');
    process.stdout.write([header, ...results.flatMap((r) => csvLines(r.image, r.matrix).map((line, i) => line + extra(r, i)))].join('\n') + '\n');
  } else {
    let out = `heads: ${params.method} ε=${params.eps} α=${params.alpha} steps=${params.steps} seed=${params.seed} head balance ${params.headNorm}${params.eot ? `, EOT ${params.eot} copies` : ''}; lost-at judged every ${lostEvery} updates\n`;
    for (const { image, matrix } of results) {
      out += `\n${image}\n`;
      for (const f of matrix.faces) {
        out += faceTable(matrix, f.face);
        const t = results.find((r) => r.matrix === matrix)!.transfer;
        if (t) {
          const rows = matrix.rows.map((row, i) => ({ row, v: t[i]!.faces[0]! })).filter((x) => x.row.face === f.face);
          const lost = rows.filter((x) => x.v.clean.found && !x.v.adversarial.found).map((x) => x.row.set);
          out += `  Tiny Face Detector: ${rows[0]?.v.clean.found ? 'finds this face on the clean image' : 'misses this face on the clean image too'}; loses it after ${lost.length ? lost.join(', ') : 'none of the attacks'}\n`;
        }
      }
    }
    out += `\nsuccess per head set (full cascade on the 8-bit image)\n` + summaryTable(results.flatMap((r) => r.matrix.rows));
    process.stdout.write(out);
  }
  return failed ? EXIT_USAGE : EXIT_OK;
}

const transferFace = (v: TransferVerdict) => {
  const f = v.faces[0]!;
  return { detector: v.detector, clean: { found: f.clean.found, score: f.clean.score }, adversarial: { found: f.adversarial.found, score: f.adversarial.score } };
};
