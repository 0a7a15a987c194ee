import * as tf from '@tensorflow/tfjs';
import { detectFaces } from '../src/core/mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../src/core/mtcnn/options';
import { disposeWeights } from '../src/core/mtcnn/weights';
import { DenseAttack } from '../src/core/attack/dense';
import { SEED_PAPER_PARAMS, type AttackParams } from '../src/core/attack/params';
import { rgbaToTensor, type RgbaImage } from '../src/core/image';
import type { WebGpuAdapterInfo } from '../src/core/backend';
import { activateNodeBackend } from '../src/node/backend';
import { loadWeightsFromDir } from '../src/node/models';
import { readImageFile } from '../src/node/imageFile';
import { isSoftwareAdapter, nodeWebGpuAdapter, webgpuErrors } from '../src/node/webgpu';
import { ASTRONAUT, GROUP } from '../src/node/testing';
import { median } from './stats';

/*
 * npm run bench -- webgpu: TensorFlow.js's WebGPU backend in Node (Dawn) against WASM, in one
 * process: attack ms per step, GPU dispatches and distinct shader programs per step (counted by
 * wrapping the WebGPU backend's runWebGPUProgram), the first step (shader compiles), detection.
 * WASM runs first: a tensor moved off WebGPU is read with dataSync(), which returns zeros there.
 *
 * Environment: BENCH_WEBGPU_OUT (default bench/results/webgpu.json); BENCH_WEBGPU_STEPS
 * ("astronaut,group", default 50,20 on a hardware adapter and 50,5 on a software one such as
 * lavapipe); BENCH_WEBGPU_REQUIRE_HARDWARE=1 refuses to run (exit code 3) on a software adapter.
 */

export interface DispatchCounter {
  dispatches: number;
  programs: Set<string>;
  reset(): void;
  restore(): void;
}

interface WebGpuBackendLike {
  runWebGPUProgram(program: { shaderKey?: string }, ...rest: unknown[]): unknown;
}

/** Counts the WebGPU backend's program runs (one dispatch each) and their distinct shader keys. */
export function countDispatches(): DispatchCounter {
  const backend = tf.backend() as unknown as WebGpuBackendLike;
  const original = backend.runWebGPUProgram;
  const counter: DispatchCounter = {
    dispatches: 0,
    programs: new Set(),
    reset() {
      counter.dispatches = 0;
      counter.programs = new Set();
    },
    restore() {
      backend.runWebGPUProgram = original;
    },
  };
  backend.runWebGPUProgram = function (this: WebGpuBackendLike, program, ...rest) {
    const out = original.call(this, program, ...rest);
    counter.dispatches++;
    if (program.shaderKey) counter.programs.add(program.shaderKey);
    return out;
  };
  return counter;
}

export interface WebGpuBenchCase {
  name: string;
  image: string;
  params: AttackParams;
}

export interface WebGpuBenchRow {
  backend: 'webgpu' | 'wasm';
  case: string;
  image: string;
  steps: number;
  levels: number[];
  faces: number;
  /** Detection on the full cascade: the first run (compiles on WebGPU) and the median of the others. */
  detectionFirstMs: number;
  detectionMedianMs: number;
  detectionRuns: number;
  /** Step 0 (value and gradient, then the update): on WebGPU it compiles the shaders. */
  firstStepMs: number;
  /**
   * Step 0 of a second attack with the same settings: what the user's first step costs once the
   * engine's warm-up (a dry step after the detection) has compiled the programs.
   */
  firstStepAfterWarmUpMs: number;
  /** Median over the full steps after the first (the last step only evaluates the loss). */
  msPerStepMedian: number;
  /** WebGPU only: dispatches per full step (median), distinct programs per step (median), distinct programs over the attack, dispatches of step 0. */
  dispatchesPerStep: number | null;
  programsPerStep: number | null;
  programsInAttack: number | null;
  firstStepDispatches: number | null;
  lossFirst: number;
  lossLast: number;
}

export interface WebGpuBenchResult {
  adapter: WebGpuAdapterInfo;
  software: boolean;
  cases: { name: string; image: string; steps: number; params: Partial<AttackParams> }[];
  rows: WebGpuBenchRow[];
  /** Per case: WebGPU ms per step / WASM ms per step, and the same for detection. */
  webgpuOverWasm: { case: string; msPerStep: number; detection: number }[];
  notes: string[];
}

async function benchCase(backend: 'webgpu' | 'wasm', c: WebGpuBenchCase, rgba: RgbaImage): Promise<WebGpuBenchRow> {
  const weights = await loadWeightsFromDir();
  const image = rgbaToTensor(rgba);
  const detectionRuns = backend === 'webgpu' ? 3 : 6;
  const detectMs: number[] = [];
  let clean = null;
  for (let i = 0; i < detectionRuns; i++) {
    const t0 = performance.now();
    clean = await detectFaces(weights, image);
    detectMs.push(performance.now() - t0);
  }
  const counter = backend === 'webgpu' ? countDispatches() : null;
  const attack = await DenseAttack.create(weights, image, clean!, c.params, DEFAULT_DETECT_OPTIONS);
  const stepMs: number[] = [];
  const dispatches: number[] = [];
  const programs: number[] = [];
  const allPrograms = new Set<string>();
  let firstStepMs = 0;
  let firstStepDispatches: number | null = null;
  const losses: number[] = [];
  counter?.reset();
  for await (const s of attack.steps()) {
    losses.push(s.loss);
    if (counter) {
      counter.programs.forEach((p) => allPrograms.add(p));
      if (s.step === 0) firstStepDispatches = counter.dispatches;
      else if (s.step < c.params.steps) {
        dispatches.push(counter.dispatches);
        programs.push(counter.programs.size);
      }
      counter.reset();
    }
    if (s.step === 0) firstStepMs = s.ms;
    else if (s.step < c.params.steps) stepMs.push(s.ms);
  }
  counter?.restore();
  const levels = attack.targets.map((t) => t.level.index);
  attack.dispose();
  const again = await DenseAttack.create(weights, image, clean!, c.params, DEFAULT_DETECT_OPTIONS);
  const firstStepAfterWarmUpMs = (await again.steps().next()).value!.ms;
  again.dispose();
  image.dispose();
  disposeWeights(weights);
  return {
    backend,
    case: c.name,
    image: c.image.split('/').pop()!,
    steps: c.params.steps,
    levels,
    faces: clean!.faces.length,
    detectionFirstMs: detectMs[0]!,
    detectionMedianMs: median(detectMs.slice(1)),
    detectionRuns,
    firstStepMs,
    firstStepAfterWarmUpMs,
    msPerStepMedian: median(stepMs),
    dispatchesPerStep: counter ? median(dispatches) : null,
    programsPerStep: counter ? median(programs) : null,
    programsInAttack: counter ? allPrograms.size : null,
    firstStepDispatches,
    lossFirst: losses[0]!,
    lossLast: losses.at(-1)!,
  };
}

export class SoftwareAdapterError extends Error {}

export async function webgpuBench(env: NodeJS.ProcessEnv = process.env): Promise<WebGpuBenchResult> {
  const adapter = await nodeWebGpuAdapter(); // throws with how to get one
  const software = isSoftwareAdapter(adapter);
  if (software && /^(1|true|yes)$/i.test(env.BENCH_WEBGPU_REQUIRE_HARDWARE ?? '')) {
    throw new SoftwareAdapterError(
      `refusing to report: Dawn's adapter is a software one (vendor "${adapter.vendor}", architecture "${adapter.architecture}", ${adapter.description}, isFallbackAdapter ${adapter.isFallbackAdapter})`,
    );
  }
  const [astronautSteps, groupSteps] = (env.BENCH_WEBGPU_STEPS ?? (software ? '50,5' : '50,20')).split(',').map(Number);
  const cases: WebGpuBenchCase[] = [
    { name: 'astronaut, seed defaults', image: ASTRONAUT, params: { ...SEED_PAPER_PARAMS, steps: astronautSteps! } },
    { name: 'group, every scale, all faces', image: GROUP, params: { ...SEED_PAPER_PARAMS, scales: 'all', face: 'all', steps: groupSteps! } },
  ];
  for (const c of cases) if (!(Number.isInteger(c.params.steps) && c.params.steps >= 2)) throw new Error(`BENCH_WEBGPU_STEPS: need whole numbers ≥ 2, got ${env.BENCH_WEBGPU_STEPS}`);
  const images = await Promise.all(cases.map((c) => readImageFile(c.image)));
  const rows: WebGpuBenchRow[] = [];
  for (const backend of ['wasm', 'webgpu'] as const) {
    const choice = await activateNodeBackend(backend);
    if (choice.name !== backend) throw new Error(`${backend} did not start: ${choice.skipped.map((s) => s.why).join('; ')}`);
    for (const [i, c] of cases.entries()) rows.push(await benchCase(backend, c, images[i]!));
  }
  const errors = webgpuErrors();
  if (errors.length) throw new Error(`WebGPU reported ${errors.length} error(s), so its numbers are not valid: ${errors[0]!.split('\n')[0]}`);
  const notes = [
    'ms per step: median over the full steps after the first (value, gradient, update, async reads of loss and P-Net maps); the last step only evaluates the loss.',
    'dispatches: calls of the WebGPU backend\'s runWebGPUProgram (one compute dispatch each); programs: distinct shader keys.',
    'detection: full cascade with the default options; first run separately (WebGPU compiles its shaders then).',
    'WebGPU first-step and first-detection times depend on whether Mesa\'s/the driver\'s on-disk shader cache is warm.',
    'first step after warm-up: step 0 of a second attack with the same settings, its programs compiled by the first (as the app\'s warm-up after a detection does).',
  ];
  if (software) {
    notes.push(
      `software adapter (${adapter.description}): ${groupSteps} steps on the group photo instead of 20 (${astronautSteps} on the astronaut) because each step is slow there; the same counts on WASM.`,
    );
  }
  return {
    adapter,
    software,
    cases: cases.map((c) => ({ name: c.name, image: c.image.split('/').pop()!, steps: c.params.steps, params: { method: c.params.method, eps: c.params.eps, alpha: c.params.alpha, scales: c.params.scales, face: c.params.face, heads: c.params.heads } })),
    rows,
    webgpuOverWasm: cases.map((c) => {
      const [w, g] = (['wasm', 'webgpu'] as const).map((b) => rows.find((r) => r.backend === b && r.case === c.name)!);
      return { case: c.name, msPerStep: g!.msPerStepMedian / w!.msPerStepMedian, detection: g!.detectionMedianMs / w!.detectionMedianMs };
    }),
    notes,
  };
}
