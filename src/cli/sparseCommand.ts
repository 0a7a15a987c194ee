import { parseArgs } from 'node:util';
import { AttackSetupError } from '../core/attack/dense';
import { DEFAULT_SPARSE_PARAMS, validateSparseParams, type EncoderKind, type SparseParams } from '../core/attack/sparse';
import { runSparseAttack } from '../core/attack/sparseRun';
import { writePng } from '../node/imageFile';
import { ATTACK_FLAGS, attackParamsFrom } from './attackFlags';
import { DETECT_FLAGS } from './detectOptions';
import { openAttackInput } from './context';
import { EXIT_OK, UsageError } from './errors';
import { choiceFlag, integerFlag, numberFlag } from './parse';
import { ProgressBar } from './progress';

export const SPARSE_USAGE = `usage: mtcnn-attack sparse IMAGE [attack flags] [--lambda 2.5] [--iterations 60] [--a0 1] [--growth 1.06]
       [--lr 0.05] [--encoder conv|free|random] [--mask-out mask.png] [--out sparse.png] [--json]`;

function sparseParamsFrom(values: Record<string, unknown>): SparseParams {
  const raw = (k: string) => values[k] as string | undefined;
  const d = DEFAULT_SPARSE_PARAMS;
  const p: SparseParams = {
    lambda: numberFlag('lambda', raw('lambda'), d.lambda, 0, 1e6),
    iterations: integerFlag('iterations', raw('iterations'), d.iterations, 1, 10_000),
    a0: numberFlag('a0', raw('a0'), d.a0, 1e-6, 1e6),
    growth: numberFlag('growth', raw('growth'), d.growth, 1, 2),
    lr: numberFlag('lr', raw('lr'), d.lr, 1e-9, 10),
    encoder: choiceFlag<EncoderKind>('encoder', raw('encoder'), d.encoder, ['conv', 'free', 'random']),
    seed: integerFlag('seed', raw('seed'), d.seed, -(2 ** 31), 2 ** 31 - 1),
  };
  const invalid = validateSparseParams(p);
  if (invalid) throw new UsageError(invalid);
  return p;
}

export async function sparseCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...ATTACK_FLAGS,
      ...DETECT_FLAGS,
      lambda: { type: 'string' },
      iterations: { type: 'string' },
      a0: { type: 'string' },
      growth: { type: 'string' },
      lr: { type: 'string' },
      encoder: { type: 'string' },
      'mask-out': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      backend: { type: 'string' },
    },
  });
  const params = attackParamsFrom(values);
  const sparseParams = sparseParamsFrom(values);
  const { ctx, options, image, clean } = await openAttackInput('sparse', values, positionals, params.conventions);
  const path = image.path;
  try {
    const bar = new ProgressBar('dense', params.method === 'fgsm' ? 1 : params.steps);
    const maskBar = new ProgressBar('mask', sparseParams.iterations);
    let run;
    try {
      run = await runSparseAttack(ctx.weights, image.tensor, image.rgba, clean, params, sparseParams, options, {
        onDenseStep: (s) => bar.update(s.step),
        onIteration: (s) => maskBar.update(s.iteration, `L0 ${s.maskPixels} mean m ${s.meanMask.toFixed(3)} a ${s.a.toFixed(1)}`),
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
    const summary = (v: typeof run.dense.verdict) => ({ success: v.faces.every((f) => f.evaded), norms: v.norms });
    if (values.json) {
      process.stdout.write(
        JSON.stringify({
          image: path,
          params: { ...params, sparse: sparseParams },
          dense: summary(run.dense.verdict),
          sparse: summary(run.sparse.verdict),
          maskPixels: run.maskPixels,
          learnedMaskPixels: run.learnedMaskPixels,
          iterations: run.iterations,
        }) + '\n',
      );
    } else {
      const d = run.dense.verdict;
      const s = run.sparse.verdict;
      const row = (name: string, v: typeof d) =>
        `  ${name.padEnd(6)} ${v.faces.every((f) => f.evaded) ? 'evaded  ' : 'detected'} L0 ${String(v.norms.l0Pixels).padStart(7)} px / ${String(v.norms.l0Values).padStart(7)} values, L1 ${v.norms.l1.toFixed(1)}, L2 ${v.norms.l2.toFixed(2)}, L∞ ${v.norms.linf.toFixed(4)}, PSNR ${v.norms.psnr.toFixed(2)} dB\n`;
      process.stdout.write(
        `${path}: AutoAdversary (${sparseParams.encoder} encoder), mask keeps ${run.maskPixels} locations\n` +
          row(params.method.toUpperCase(), d) +
          row(`${params.method.toUpperCase()}*`, s),
      );
    }
    return EXIT_OK;
  } finally {
    image.tensor.dispose();
  }
}
