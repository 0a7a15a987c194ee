import { detectFaces } from '../core/mtcnn/detect';
import { AttackSetupError } from '../core/attack/dense';
import { runAttack } from '../core/attack/run';
import type { AttackParams } from '../core/attack/params';
import { validateAttackParams } from '../core/params/schema';
import { ImageReadError } from '../node/imageFile';
import { ATTACK_FLAGS, attackParamsFrom } from './attackFlags';
import { DETECT_FLAGS, detectOptionsFrom } from './detectOptions';
import { complain, loadImage, openContext } from './context';
import { backendJson } from '../node/webgpu';
import { EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { choiceFlag, listFlag, numberFlag, parseCommandLine } from './parse';
import { ProgressBar } from './progress';

export const SWEEP_USAGE = `usage: mtcnn-attack sweep IMAGE... --vary alpha|eps|steps --values v1,v2,... [attack flags] [--json|--csv]`;

const VARY = ['alpha', 'eps', 'steps'] as const;
type Vary = (typeof VARY)[number];

export interface SweepRow {
  value: number;
  faces: number;
  evaded: number;
  successRate: number;
}

/** Every face is attacked on its own unless --face picks one (or all at once). */
export async function sweepCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    ...ATTACK_FLAGS,
    ...DETECT_FLAGS,
    vary: { type: 'string' },
    values: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    backend: { type: 'string' },
  });
  if (positionals.length === 0) throw new UsageError('sweep needs at least one image (run `mtcnn-attack --help` for usage)');
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
  const ctx = await openContext(values.backend);

  const images = [];
  let failed = false;
  for (const path of positionals) {
    try {
      const image = await loadImage(path);
      const clean = await detectFaces(ctx.weights, image.tensor, options);
      if (clean.faces.length === 0) {
        complain(`${path}: no face detected, skipped`);
        image.tensor.dispose();
        failed = true;
        continue;
      }
      images.push({ ...image, clean });
    } catch (err) {
      if (!(err instanceof ImageReadError)) throw err;
      complain(`${path}: ${err.message}`);
      failed = true;
    }
  }
  if (images.length === 0) throw new UsageError('no image with a face to attack');

  const facesOf = (n: number): (number | 'all')[] => ((values as Record<string, unknown>).face === undefined ? Array.from({ length: n }, (_, i) => i) : [base.face]);
  const jobs = variants.length * images.reduce((a, im) => a + facesOf(im.clean.faces.length).length, 0);
  const bar = new ProgressBar(`sweep ${vary}`, jobs);
  const rows: SweepRow[] = [];
  let done = 0;
  for (const params of variants) {
    let faces = 0;
    let evaded = 0;
    for (const im of images) {
      for (const face of facesOf(im.clean.faces.length)) {
        try {
          const run = await runAttack(ctx.weights, im.tensor, im.rgba, im.clean, { ...params, face }, options);
          faces += run.verdict.faces.length;
          evaded += run.verdict.faces.filter((f) => f.evaded).length;
        } catch (err) {
          if (err instanceof AttackSetupError) throw new UsageError(`${im.path}: ${err.message}`);
          throw err;
        }
        bar.update(++done, `${vary}=${params[vary]}`);
      }
    }
    rows.push({ value: params[vary] as number, faces, evaded, successRate: faces ? evaded / faces : 0 });
  }
  bar.done();
  images.forEach((im) => im.tensor.dispose());

  if (values.json) process.stdout.write(JSON.stringify({ vary, params: base, ...backendJson(ctx.backend), rows }) + '\n');
  else if (values.csv) process.stdout.write(`${vary},faces,evaded,success_rate\n` + rows.map((r) => `${r.value},${r.faces},${r.evaded},${r.successRate}`).join('\n') + '\n');
  else {
    process.stdout.write(`${vary.padEnd(12)} faces  evaded  success\n`);
    for (const r of rows) process.stdout.write(`${String(r.value).padEnd(12)} ${String(r.faces).padStart(5)}  ${String(r.evaded).padStart(6)}  ${(100 * r.successRate).toFixed(1).padStart(6)}%\n`);
  }
  return failed ? EXIT_USAGE : EXIT_OK;
}
