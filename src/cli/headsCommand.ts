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

export const HEADS_USAGE = `usage: mtcnn-attack heads IMAGE... [attack flags] [--lost-every ${DEFAULT_LOST_EVERY}] [--json|--csv]
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
  });
  if (positionals.length === 0) throw new UsageError('heads needs at least one image (run `mtcnn-attack --help` for usage)');
  if (values.json && values.csv) throw new UsageError('--json and --csv cannot be used together');
  if ((values as Record<string, unknown>).heads !== undefined) throw new UsageError('--heads does not apply: heads attacks every head alone, each net’s heads together and all 7');
  const base = attackParamsFrom(values);
  const params = { ...base, face: (values as Record<string, unknown>).face === undefined ? ('all' as const) : base.face };
  const lostEvery = integerFlag('lost-every', values['lost-every'], DEFAULT_LOST_EVERY, 1, 10_000);
  const options = { ...detectOptionsFrom(values), conventions: params.conventions };
  const invalid = validateDetectOptions(options);
  if (invalid) throw new UsageError(invalid);
  const ctx = await openContext(values.backend);

  const results: { image: string; matrix: HeadMatrix }[] = [];
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
        results.push({ image: path, matrix });
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
    process.stdout.write(JSON.stringify({ params, lostEvery, ...backendJson(ctx.backend), images: results.map((r) => ({ image: r.image, ...matrixJson(r.matrix) })), summary: matrixJson({ ...results[0]!.matrix, rows: results.flatMap((r) => r.matrix.rows) }).summary }) + '\n');
  } else if (values.csv) {
    process.stdout.write([CSV_HEADER, ...results.flatMap((r) => csvLines(r.image, r.matrix))].join('\n') + '\n');
  } else {
    let out = `heads: ${params.method} ε=${params.eps} α=${params.alpha} steps=${params.steps} seed=${params.seed} head balance ${params.headNorm}${params.eot ? `, EOT ${params.eot} copies` : ''}; lost-at judged every ${lostEvery} updates\n`;
    for (const { image, matrix } of results) {
      out += `\n${image}\n`;
      for (const f of matrix.faces) out += faceTable(matrix, f.face);
    }
    out += `\nsuccess per head set (full cascade on the 8-bit image)\n` + summaryTable(results.flatMap((r) => r.matrix.rows));
    process.stdout.write(out);
  }
  return failed ? EXIT_USAGE : EXIT_OK;
}
