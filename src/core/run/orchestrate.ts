import type * as tf from '@tensorflow/tfjs';
import type { Detection } from '../mtcnn/detect';
import type { DetectOptions } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import type { RgbaImage } from '../image';
import { DenseAttack, type AttackPlan, type AttackStep } from '../attack/dense';
import type { AttackParams } from '../attack/params';
import { randomMask, SparseAttack, type SparseParams, type SparseStep } from '../attack/sparse';
import { judgeAdversarial, type JudgedAttack } from '../attack/verdict';
import { CancelledError, type RunGate } from './gate';

/*
 * The one orchestration of every run: attack (steps through a gate) → judge on 8 bits, and prune a
 * finished attack (any encoder, the random ablation included) → judge. The CLI, the worker, the
 * tests and the benchmarks all call these; none of them has a run loop of its own.
 */

/** What a run is doing; the worker forwards these to the UI as phase events. */
export type RunPhase = 'attacking' | 'judging' | 'pruning' | 'comparing';

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
    const it = attack.steps();
    let stopped = false;
    for (;;) {
      if (hooks.gate && !(await hooks.gate.pass())) {
        stopped = true;
        break;
      }
      const next = await it.next();
      if (next.done) break;
      steps.push(next.value);
      await hooks.onStep?.(next.value, attack);
    }
    await it.return(undefined);
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
  onIteration?: (step: SparseStep, shape: [number, number]) => void | Promise<void>;
}

/** The binary mask over δ's domain; for the full domain it sits at (x0, y0) in the image. */
export interface SparseMask {
  width: number;
  height: number;
  data: Float32Array;
  x0: number;
  y0: number;
  scaled: boolean;
}

export interface PrunedAttack extends JudgedAttack {
  mask: SparseMask;
  /** Locations of δ's domain kept by the final binary mask. */
  maskPixels: number;
  /** For the random ablation: the pixel count of the learned mask it copies (else maskPixels). */
  learnedMaskPixels: number;
  iterations: Omit<SparseStep, 'mask'>[];
  /** True when the gate stopped the training early (the mask so far is judged). */
  stopped: boolean;
}

/**
 * AutoAdversary pruning of a finished attack's δ, judged on 8 bits. With the random encoder the mask
 * is learned with the conv encoder first, then replaced by a random one of the same size (seed 001's
 * ablation). The dense attack is only read, never freed.
 */
export async function pruneAndJudge(weights: MtcnnWeights, photo: Photo, dense: DenseAttack, params: SparseParams, hooks: PruneHooks = {}): Promise<PrunedAttack> {
  hooks.onPhase?.('pruning');
  const opts = { ...dense.options, conventions: dense.params.conventions };
  const learned = new SparseAttack(dense, { ...params, encoder: params.encoder === 'random' ? 'conv' : params.encoder });
  try {
    const iterations: Omit<SparseStep, 'mask'>[] = [];
    const it = learned.steps();
    let stopped = false;
    for (;;) {
      if (hooks.gate && !(await hooks.gate.pass())) {
        stopped = true;
        break;
      }
      const next = await it.next();
      if (next.done) break;
      const { iteration, loss, attackLoss, sparsity, maskPixels, meanMask, a, ms } = next.value;
      iterations.push({ iteration, loss, attackLoss, sparsity, maskPixels, meanMask, a, ms });
      await hooks.onIteration?.(next.value, learned.shape);
    }
    await it.return(undefined);
    hooks.gate?.check();
    if (iterations.length === 0) throw new CancelledError(); // stopped before any mask was learned
    const [h, w] = learned.shape;
    const learnedMaskPixels = count(learned.hardMask());
    if (params.encoder === 'random') learned.setMask(randomMask(h, w, learnedMaskPixels, params.seed + 1));
    const mask = learned.hardMask();
    hooks.onPhase?.('judging');
    const judged = await judgeAdversarial(weights, photo.rgba, photo.detection, dense.plan.faces, learned.adversarial(), opts);
    hooks.gate?.check();
    return {
      ...judged,
      mask: { width: w, height: h, data: mask, x0: dense.region.x0, y0: dense.region.y0, scaled: dense.model.scaled },
      maskPixels: count(mask),
      learnedMaskPixels,
      iterations,
      stopped,
    };
  } finally {
    learned.dispose();
  }
}

const count = (mask: Float32Array) => mask.reduce((a, b) => a + b, 0);

/** The other upsampling of a scaled-domain attack (the seed's nearest-vs-bilinear comparison). */
export function otherUpsampling(params: AttackParams): AttackParams {
  if (params.domain === 'full') throw new Error('only low-resolution attacks have an upsampling to compare');
  return { ...params, domain: params.domain === 'scaled-bilinear' ? 'scaled-nearest' : 'scaled-bilinear' };
}
