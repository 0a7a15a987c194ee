import { AttackSetupError } from '../core/attack/dense';
import { runAttack } from '../core/attack/run';
import { perturbationPicture } from '../core/attack/perturbationPicture';
import { pyramidKernel } from '../core/mtcnn/stages';
import { writePng } from '../node/imageFile';
import { ATTACK_FLAGS, DEFENCE_FLAGS, DEFENCES_USAGE, TRANSFER_FLAGS, TRANSFER_USAGE, attackParamsFrom } from './attackFlags';
import { DETECT_FLAGS } from './detectOptions';
import { openAttackInput } from './context';
import { backendJson } from '../node/webgpu';
import { EXIT_OK, UsageError } from './errors';
import { givenOutputs } from './outputPaths';
import { parseCommandLine } from './parse';
import { ProgressBar } from './progress';
import { hasPatch } from '../core/attack/patch';
import { searchSmallestPatch, singlePreset, type PatchSearchResult } from '../core/attack/patchSearch';
import { patchJson } from './patchJson';
import { defenceLines, defenceRows } from './defences';
import { judgeTransferOf, loadTransferWeights, transferJson, transferLines } from './transfer';

export const ATTACK_COMMAND_USAGE = `usage: mtcnn-attack attack IMAGE [attack flags] [--smallest-patch] [--defences] [--out adv.png] [--perturbation-out pert.png] [--json]
  --smallest-patch: with --patch preset:NAME, search the preset's scale (bisection, 7 attacks at most) for the smallest patch that still evades; the outputs are that attack's
${TRANSFER_USAGE}
${DEFENCES_USAGE}`;

export async function attackCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    ...ATTACK_FLAGS,
    ...DETECT_FLAGS,
    out: { type: 'string' },
    'perturbation-out': { type: 'string' },
    json: { type: 'boolean' },
    backend: { type: 'string' },
    'smallest-patch': { type: 'boolean' },
    ...TRANSFER_FLAGS,
    ...DEFENCE_FLAGS,
  });
  let params = attackParamsFrom(values);
  const searchPreset = values['smallest-patch'] ? singlePreset(params.patch) : null;
  if (values['smallest-patch'] && !searchPreset) throw new UsageError('--smallest-patch needs --patch preset:NAME (one preset, e.g. preset:cheeks)');
  const { ctx, options, image, clean } = await openAttackInput('attack', values, positionals, params.conventions, givenOutputs(values, ['out', 'perturbation-out']));
  const path = image.path;
  try {
    const tiny = values.transfer ? await loadTransferWeights() : null;
    const total = params.method === 'fgsm' ? 1 : params.steps;
    const bar = new ProgressBar('attack', total);
    let run;
    let search: PatchSearchResult | null = null;
    try {
      const attack = (p: typeof params) =>
        runAttack(ctx.weights, image.tensor, image.rgba, clean, p, options, (s) => {
          bar.update(s.step, `loss ${s.loss.toFixed(4)} candidates ${s.candidates.map((c) => c.count).join('/')}`);
        });
      if (searchPreset) {
        const runs = new Map<string, Awaited<ReturnType<typeof attack>>>();
        search = await searchSmallestPatch(searchPreset, async (patch) => {
          const tried = { ...params, patch };
          const r = await attack(tried);
          runs.set(patch, r);
          return { evaded: r.verdict.faces.every((f) => f.evaded), area: patchJson(tried, clean)!.area };
        });
        const chosen = search.smallest ?? search.tries.at(-1)!;
        params = { ...params, patch: chosen.patch };
        run = runs.get(chosen.patch)!;
      } else {
        run = await attack(params);
      }
    } catch (err) {
      if (err instanceof AttackSetupError) throw new UsageError(`${path}: ${err.message}`);
      throw err;
    } finally {
      bar.done();
    }
    const { verdict } = run;
    if (values.out) await writePng(values.out, verdict.image);
    if (values['perturbation-out']) {
      const bound = hasPatch(params.patch) && params.patchEps > 0 ? params.patchEps : params.eps;
      await writePng(values['perturbation-out'], perturbationPicture(run.perturbation, image.rgba.width, image.rgba.height, bound));
    }
    const faces = verdict.faces.map((f) => ({ box: f.box, evaded: f.evaded }));
    const success = verdict.faces.every((f) => f.evaded);
    const transfer = tiny ? await judgeTransferOf(tiny, image.rgba, verdict.image, verdict.faces) : null;
    const defences = values.defences ? await defenceRows(ctx.weights, image.rgba, clean, verdict, options, tiny) : null;
    if (values.json) {
      process.stdout.write(
        JSON.stringify({
          image: path,
          params,
          ...backendJson(ctx.backend),
          pyramidKernel: pyramidKernel(params.conventions),
          msPerStep: run.msPerStep,
          scales: run.plan.levels.map((l) => ({ index: l.index, scale: l.scale, width: l.width, height: l.height })),
          faces,
          steps: run.steps.map((s) => ({ step: s.step, loss: s.loss, candidates: s.candidates.map((c) => c.count) })),
          success,
          successRate: verdict.successRate,
          norms: verdict.norms,
          patch: patchJson(params, clean),
          ...(search ? { patchSearch: search } : {}),
          ...(transfer ? { transfer: transferJson(transfer) } : {}),
          ...(defences ? { defences } : {}),
        }) + '\n',
      );
    } else {
      const n = verdict.norms;
      const last = run.steps.at(-1)!;
      process.stdout.write(
        `${path}: ${params.method} ε=${params.eps} α=${params.alpha} steps=${total} on levels ${run.plan.levels.map((l) => l.index).join(',')} (${pyramidKernel(params.conventions)})\n` +
          `  final loss ${last.loss.toFixed(4)}, P-Net candidates on the targeted levels: ${last.candidates.map((c) => c.count).join('/')}\n` +
          faces.map((f, i) => `  face ${run.plan.faces[i]}: ${f.evaded ? 'EVADED' : 'still detected'}\n`).join('') +
          `  success rate ${(verdict.successRate * 100).toFixed(1)}% (full cascade on the 8-bit image)\n` +
          `  L0 ${n.l0Pixels} pixels / ${n.l0Values} values, L1 ${n.l1.toFixed(2)}, L2 ${n.l2.toFixed(3)}, L∞ ${n.linf.toFixed(4)}, PSNR ${n.psnr.toFixed(2)} dB, ${run.msPerStep.toFixed(1)} ms/step\n` +
          patchLines(params, clean, search) +
          (transfer ? transferLines(transfer) : '') +
          (defences ? defenceLines(defences) : ''),
      );
    }
    return EXIT_OK;
  } finally {
    image.tensor.dispose();
  }
}

function patchLines(params: Parameters<typeof patchJson>[0], clean: Parameters<typeof patchJson>[1], search: PatchSearchResult | null): string {
  const p = patchJson(params, clean);
  if (!p) return '';
  const tries = search
    ? `  smallest-patch search: ${search.tries.map((t) => `${t.scale}× (${t.area} px) ${t.evaded ? 'evaded' : 'detected'}`).join(', ')}; ` +
      (search.smallest ? `smallest evading ${search.smallest.scale}× (${search.smallest.area} px)\n` : 'none evaded (the outputs are the last try)\n')
    : '';
  return `  patch ${p.spec}: ${p.shapes.length} shape(s), ${p.area} pixels, ε inside ${p.eps}\n` + tries;
}
