import type * as tf from '@tensorflow/tfjs';
import type { Detection } from '../mtcnn/detect';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import type { RgbaImage } from '../image';
import { DenseAttack, type AttackPlan, type AttackStep } from '../attack/dense';
import type { AttackParams } from '../attack/params';
import { randomMask, SparseAttack, type MaskObjective, type SparseParams, type SparseState, type SparseStep } from '../attack/sparse';
import { judgeAdversarial, type JudgedAttack } from '../attack/verdict';
import { CancelledError, type RunGate } from './gate';

/*
 * The one orchestration of every run: attack (steps through a gate) → judge on 8 bits, and prune a
 * finished attack (any encoder, the random ablation included) → judge. The CLI, the worker, the
 * tests and the benchmarks all call these; none of them has a run loop of its own.
 */

/** What a run is doing; the worker forwards these to the UI as phase events. */
export type RunPhase = 'attacking' | 'judging' | 'pruning' | 'comparing';

/**
 * The one gated step loop: yields the iterator's steps while the gate lets them through, sets
 * `run.stopped` when the gate stops the run early, and closes the iterator however the loop ends.
 */
async function* throughGate<T>(it: AsyncGenerator<T, void, undefined>, gate: RunGate | undefined, run: { stopped: boolean }): AsyncGenerator<T, void, undefined> {
  try {
    for (;;) {
      if (gate && !(await gate.pass())) {
        run.stopped = true;
        return;
      }
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await it.return(undefined);
  }
}

/** A photo as the runs need it: its pixels, its tensor on [0, 1] and its clean detection. */
export interface Photo {
  rgba: RgbaImage;
  tensor: tf.Tensor3D;
  detection: Detection;
}

export interface AttackHooks {
  gate?: RunGate;
  onPhase?: (phase: RunPhase) => void;
  /** Called once the attack is set up (before step 0). */
  onStarted?: (attack: DenseAttack) => void;
  onStep?: (step: AttackStep, attack: DenseAttack) => void | Promise<void>;
  /** Keep the attack alive for pruning; the caller then owns it and must dispose it. */
  keep?: boolean;
  /** The phase to report while stepping (a comparison reports 'comparing'). */
  phase?: RunPhase;
}

export interface FinishedAttack extends JudgedAttack {
  params: AttackParams;
  plan: AttackPlan;
  steps: AttackStep[];
  /** Mean wall time per update step (excluding step 0's extra setup). */
  msPerStep: number;
  /** True when the gate stopped the attack before its last step. */
  stopped: boolean;
  /** The attack itself, when hooks.keep was set (the caller disposes it). */
  attack: DenseAttack | null;
}

/** Runs a dense attack through the gate, then judges the adversarial image on 8 bits. */
export async function attackAndJudge(
  weights: MtcnnWeights,
  photo: Photo,
  params: AttackParams,
  options: DetectOptions,
  hooks: AttackHooks = {},
): Promise<FinishedAttack> {
  const opts = { ...options, conventions: params.conventions };
  hooks.onPhase?.(hooks.phase ?? 'attacking');
  const attack = await DenseAttack.create(weights, photo.tensor, photo.detection, params, opts);
  let kept = false;
  try {
    hooks.onStarted?.(attack);
    const steps: AttackStep[] = [];
    const run = { stopped: false };
    for await (const step of throughGate(attack.steps(), hooks.gate, run)) {
      steps.push(step);
      await hooks.onStep?.(step, attack);
    }
    const { stopped } = run;
    hooks.gate?.check();
    if (hooks.phase !== 'comparing') hooks.onPhase?.('judging');
    const judged = await judgeAdversarial(weights, photo.rgba, photo.detection, attack.plan.faces, attack.adversarial(), opts);
    hooks.gate?.check();
    const updates = steps.slice(1);
    const msPerStep = updates.length ? updates.reduce((a, s) => a + s.ms, 0) / updates.length : 0;
    kept = hooks.keep === true;
    return { ...judged, params, plan: attack.plan, steps, msPerStep, stopped, attack: kept ? attack : null };
  } finally {
    if (!kept) attack.dispose();
  }
}

export interface PruneHooks {
  gate?: RunGate;
  onPhase?: (phase: RunPhase) => void;
  /** Called after each iteration (and after its judgement, on judged iterations: see `step.judged`). */
  onIteration?: (step: SparseStep & { judged?: MaskJudgement }, shape: [number, number]) => void | Promise<void>;
  /** What the mask trains against (default: the encoder's, sparse.ts defaultObjective; 'attack' is the objective before, for comparisons). */
  objective?: MaskObjective;
}

/** The binary mask over δ's domain; for the full domain it sits at (x0, y0) in the image. */
export interface SparseMask {
  width: number;
  height: number;
  data: Float32Array;
  x0: number;
  y0: number;
  scaled: boolean;
  /** The training iteration this mask is from (0: the dense δ itself, every location kept). */
  iteration: number;
  /** λ when it was judged. */
  lambda: number;
}

/** One binary mask judged on the 8-bit image during training (or while trimming it afterwards). */
export interface MaskJudgement {
  iteration: number;
  /** 'trained': the binary mask at that iteration; 'trimmed': the best mask's top locations after training. */
  kind: 'trained' | 'trimmed';
  /** Every attacked face evaded. */
  evaded: boolean;
  facesEvaded: number;
  /** Changed pixel locations of the 8-bit image (L0). */
  l0Pixels: number;
  maskPixels: number;
  /** λ used up to this iteration, and the one the automatic λ chose next. */
  lambda: number;
  nextLambda: number;
}

export interface PrunedAttack extends JudgedAttack {
  mask: SparseMask;
  /** Locations of δ's domain kept by the final binary mask. */
  maskPixels: number;
  /** For the random ablation: the pixel count of the learned mask it copies (else maskPixels). */
  learnedMaskPixels: number;
  iterations: Omit<SparseStep, 'mask'>[];
  /** Every mask judged (iteration 0 is the dense δ), in order. */
  judgements: MaskJudgement[];
  /** Whether the dense δ itself evades (judged as iteration 0). */
  denseEvaded: boolean;
  /** True when the gate stopped the training early (the masks so far are judged). */
  stopped: boolean;
}

/** Automatic λ: multiply by this while the judged mask evades, divide by LAMBDA_DOWN when it stops. */
export const LAMBDA_UP = 1.5;
export const LAMBDA_DOWN = 2;
/** The trim's starting guess for the share of the best mask that no longer evades. */
const TRIM_FLOOR = 0.8;

interface Candidate {
  judgement: MaskJudgement;
  judged: JudgedAttack;
  mask: Float32Array;
  /** Sum over faces of the best IoU left (lower is closer to evading). */
  iouSum: number;
}

/** Whether candidate a beats b: evading beats not; among evading, fewer changed pixels; else closer to evading. */
function better(a: Candidate, b: Candidate): boolean {
  const ja = a.judgement;
  const jb = b.judgement;
  if (ja.evaded !== jb.evaded) return ja.evaded;
  if (ja.evaded) return ja.l0Pixels < jb.l0Pixels || (ja.l0Pixels === jb.l0Pixels && ja.maskPixels < jb.maskPixels);
  if (ja.facesEvaded !== jb.facesEvaded) return ja.facesEvaded > jb.facesEvaded;
  return a.iouSum < b.iouSum;
}

/**
 * AutoAdversary pruning of a finished attack's δ, judged on 8 bits, never worse than the dense δ:
 * the dense δ is judged first (iteration 0, every location kept), then the binary mask every
 * `judgeEvery` iterations and on the last; the sparsest mask that evades is returned (or, if none
 * does, the one closest to evading: most faces evaded, then the lowest IoU left). With the automatic
 * λ (C&W's constant search in spirit), each judgement sets the next λ: ×LAMBDA_UP when the mask
 * evades, ÷LAMBDA_DOWN when it does not, and then training goes back to the best evading state
 * (encoder weights and δ) instead of continuing from a mask that lost the face. After training,
 * `trim` judgements look for a smaller evading mask among the best mask's locations with the
 * highest logits (bisection on how many are kept). With the random
 * encoder the mask is learned with the conv encoder first, then replaced by a random one of the
 * same size drawn where δ is non-zero (seed 001's ablation; not protected). The dense attack is
 * only read, never freed.
 */
export async function pruneAndJudge(weights: MtcnnWeights, photo: Photo, dense: DenseAttack, params: SparseParams, hooks: PruneHooks = {}): Promise<PrunedAttack> {
  hooks.onPhase?.('pruning');
  const opts = { ...dense.options, conventions: dense.params.conventions };
  const learned = new SparseAttack(dense, { ...params, encoder: params.encoder === 'random' ? 'conv' : params.encoder }, hooks.objective);
  const [h, w] = learned.shape;
  const judgements: MaskJudgement[] = [];
  let best: Candidate | null = null;
  let bestState: SparseState | null = null;
  const judgeMask = async (iteration: number, mask: Float32Array, lambda: number, kind: MaskJudgement['kind'] = 'trained'): Promise<Candidate> => {
    const judged = await judgeAdversarial(weights, photo.rgba, photo.detection, dense.plan.faces, learned.adversarial(mask), opts);
    const faces = judged.verdict.faces;
    const facesEvaded = faces.filter((f) => f.evaded).length;
    const judgement = { iteration, kind, evaded: facesEvaded === faces.length, facesEvaded, l0Pixels: judged.verdict.norms.l0Pixels, maskPixels: count(mask), lambda, nextLambda: lambda };
    judgements.push(judgement);
    return { judgement, judged, mask, iouSum: faces.reduce((a, f) => a + f.bestIou, 0) };
  };
  /** Keeps `c` if it beats the best so far; returns whether it did. */
  const offer = (c: Candidate, saveState: boolean): boolean => {
    if (best && !better(c, best)) return false;
    best = c;
    if (saveState) {
      SparseAttack.release(bestState);
      bestState = learned.save();
    }
    return true;
  };
  try {
    hooks.onPhase?.('judging');
    const full = await judgeMask(0, new Float32Array(h * w).fill(1), learned.lambda);
    hooks.gate?.check();
    const denseEvaded = full.judgement.evaded;
    offer(full, true); // the encoder's starting state goes with the dense δ
    hooks.onPhase?.('pruning');

    const iterations: Omit<SparseStep, 'mask'>[] = [];
    const run = { stopped: false };
    let last: SparseStep | null = null;
    for await (const step of throughGate(learned.steps(), hooks.gate, run)) {
      last = step;
      const { iteration, loss, attackLoss, sparsity, maskPixels, meanMask, a, lambda, ms } = step;
      iterations.push({ iteration, loss, attackLoss, sparsity, maskPixels, meanMask, a, lambda, ms });
      let judged: MaskJudgement | undefined;
      if (step.iteration % params.judgeEvery === 0 || step.iteration === params.iterations) {
        const c = await judgeMask(step.iteration, learned.hardMask(), step.lambda);
        hooks.gate?.check();
        judged = c.judgement;
        offer(c, true);
        if (params.autoLambda) {
          learned.lambda = c.judgement.evaded ? learned.lambda * LAMBDA_UP : learned.lambda / LAMBDA_DOWN;
          judged.nextLambda = learned.lambda;
          if (!c.judgement.evaded && best!.judgement.evaded) learned.restore(bestState!);
        }
      }
      await hooks.onIteration?.(judged ? { ...step, judged } : step, learned.shape);
    }
    const { stopped } = run;
    hooks.gate?.check();
    if (iterations.length === 0) throw new CancelledError(); // stopped before any mask was learned
    // Stopped between two judgements: the mask learned so far is judged too.
    if (last && judgements.at(-1)!.iteration !== last.iteration) {
      hooks.onPhase?.('judging');
      offer(await judgeMask(last.iteration, learned.hardMask(), last.lambda), true);
      hooks.gate?.check();
    }
    // Trimming spends judgements after training; a stopped run ends with what it has.
    if (params.trim > 0 && !stopped && best!.judgement.evaded && best!.judgement.iteration > 0) {
      learned.restore(bestState!);
      hooks.onPhase?.('judging');
      await trim(best!, await learned.logits(), params.trim, async (mask) => {
        const c = await judgeMask(best!.judgement.iteration, mask, best!.judgement.lambda, 'trimmed');
        hooks.gate?.check();
        offer(c, false);
        return c.judgement.evaded;
      });
    }
    let chosen: Candidate = best!;
    const learnedMaskPixels = chosen.judgement.maskPixels;
    if (params.encoder === 'random') {
      if (bestState) learned.restore(bestState);
      const support = await learned.support();
      hooks.onPhase?.('judging');
      chosen = await judgeMask(chosen.judgement.iteration, randomMask(h, w, learnedMaskPixels, params.seed + 1, support), chosen.judgement.lambda);
      hooks.gate?.check();
    }
    const { judgement, judged, mask } = chosen;
    return {
      ...judged,
      mask: { width: w, height: h, data: mask, x0: dense.region.x0, y0: dense.region.y0, scaled: dense.model.scaled, iteration: judgement.iteration, lambda: judgement.lambda },
      maskPixels: count(mask),
      learnedMaskPixels,
      iterations,
      judgements,
      denseEvaded,
      stopped,
    };
  } finally {
    SparseAttack.release(bestState);
    learned.dispose();
  }
}

const count = (mask: Float32Array) => mask.reduce((a, b) => a + b, 0);

/**
 * Keeps fewer of an evading mask's locations: the k with the highest logits, k found by bisection in
 * log space with `budget` judgements, starting from the assumption (not judged) that keeping
 * TRIM_FLOOR of them fails — the boundary was within a few percent below the trained mask's size on
 * the bundled faces. `evades` judges one mask.
 */
async function trim(from: Candidate, logits: Float32Array, budget: number, evades: (mask: Float32Array) => Promise<boolean>): Promise<void> {
  const order = Array.from(from.mask.keys())
    .filter((i) => from.mask[i] === 1)
    .sort((a, b) => logits[b]! - logits[a]!);
  let hi = order.length; // evades
  let lo = Math.floor(TRIM_FLOOR * hi); // assumed to fail
  for (let n = 0; n < budget && hi - lo > 1; n++) {
    const k = Math.max(1, Math.min(hi - 1, Math.round(Math.sqrt(Math.max(1, lo) * hi))));
    const mask = new Float32Array(from.mask.length);
    for (let i = 0; i < k; i++) mask[order[i]!] = 1;
    if (await evades(mask)) hi = k;
    else lo = k;
  }
}

/** The other upsampling of a scaled-domain attack (the seed's nearest-vs-bilinear comparison). */
export function otherUpsampling(params: AttackParams): AttackParams {
  if (params.domain === 'full') throw new Error('only low-resolution attacks have an upsampling to compare');
  return { ...params, domain: params.domain === 'scaled-bilinear' ? 'scaled-nearest' : 'scaled-bilinear' };
}
