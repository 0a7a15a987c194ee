import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { activateNodeBackend } from '../node/backend';
import { loadWeightsFromDir } from '../node/models';
import { readImageFile } from '../node/imageFile';
import { webgpuTestGate, gateLabel } from '../node/webgpuTesting';
import { webgpuErrors } from '../node/webgpu';
import { ASTRONAUT, seededRandom } from '../node/testing';
import { lossGradientCheck } from '../core/attack/lossGradcheck';
import { disposeWeights, type MtcnnWeights } from '../core/mtcnn/weights';
import { detectFaces, type Detection } from '../core/mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../core/mtcnn/options';
import { pyramidLevels } from '../core/mtcnn/pyramid';
import { areaMaps, resampleArray } from '../core/mtcnn/resample';
import { rgbaToTensor, type RgbaImage } from '../core/image';
import type { BackendChoice, BackendName } from '../core/backend';
import { AttackModel } from '../core/attack/model';
import { HEADS, type Head } from '../core/attack/heads';
import { SEED_PAPER_PARAMS, type AttackParams } from '../core/attack/params';
import { DenseAttack } from '../core/attack/dense';
import { runAttack, type AttackRun } from '../core/attack/run';
import { DEFAULT_SPARSE_PARAMS, SparseAttack, type EncoderKind } from '../core/attack/sparse';

/*
 * TensorFlow.js's WebGPU backend in Node (Dawn; on a CPU-only machine Mesa's lavapipe) against the
 * CPU backend (gradients) and WASM (detection, attack, sparse mask), in one process. tfjs backends
 * are global per process, and a tensor moved off WebGPU is read with dataSync(), which returns
 * zeros there: so every reference is computed first, each backend with its own weights and inputs,
 * and WebGPU comes last. Runs alone (vitest project "webgpu"); lavapipe is slow, so the images are
 * small and the runs short. Without an adapter the suite is skipped, or fails under CI=true.
 */

const gate = await webgpuTestGate();

if (gate.mustFail) {
  describe('WebGPU in Node', () => {
    it('has a WebGPU adapter (required when CI=true)', () => {
      throw new Error(`CI=true but WebGPU cannot run here, so the WebGPU suite would be lost: ${gate.why}`);
    });
  });
}

// --- Gradient cases: the astronaut's face area-resized to 52×44, as in src/core/attack/gradients.test.ts.
const H = 52;
const W = 44;
const FACE = { x: 8, y: 6, width: 28, height: 38 };
const GRADIENT_CASES: [string, Head[], Partial<AttackParams>][] = [
  ...HEADS.map((h): [string, Head[], Partial<AttackParams>] => [h, [h], {}]),
  ['P-Net cls + isotropic TV, scaled bilinear domain', ['pnet-cls'], { tv: 5, tvKind: 'iso', domain: 'scaled-bilinear' }],
];
/** Finite differences on WebGPU for these (each costs ~17 forward passes on lavapipe). */
const FD_CASES = new Set(['pnet-cls', 'rnet-box', 'onet-landmarks']);

// --- Attack and sparse runs: the seed defaults, short.
const ATTACK = { ...SEED_PAPER_PARAMS, steps: 5 };
const SPARSE = { ...DEFAULT_SPARSE_PARAMS, iterations: 3 };
/** conv: the default encoder (its 3×3 convolution sums 9 terms with addN); free: per-pixel logits. */
const ENCODERS: EncoderKind[] = ['conv', 'free'];

interface GradientRef {
  loss: number;
  grad: Float32Array;
}

interface BackendRun {
  detection: Detection;
  attack: AttackRun;
  /** Per encoder, the sparse mask's iterations (loss, attack loss, mask pixels) after a 5-step dense attack. */
  sparse: Record<string, { loss: number; attackLoss: number; maskPixels: number }[]>;
}

let facePixels: Float32Array;
let astronaut: RgbaImage;

function gradientModel(weights: MtcnnWeights, heads: Head[], extra: Partial<AttackParams>): { m: AttackModel; image: tf.Tensor3D; delta: tf.Tensor3D } {
  const image = tf.tensor3d(facePixels, [H, W, 3]);
  const levels = pyramidLevels(W, H, 12, 0.709, 'facenet').slice(0, 3);
  const m = new AttackModel(weights, image, facePixels, levels, [FACE], heads, { ...SEED_PAPER_PARAMS, heads, ...extra }, DEFAULT_DETECT_OPTIONS);
  const r = seededRandom(8);
  const delta = tf.tensor3d(Array.from({ length: m.deltaShape.reduce((a, b) => a * b) }, () => (r() - 0.5) * 0.02), m.deltaShape);
  return { m, image, delta };
}

async function gradientOf(weights: MtcnnWeights, heads: Head[], extra: Partial<AttackParams>): Promise<GradientRef> {
  const { m, image, delta } = gradientModel(weights, heads, extra);
  const { value, grad: grads } = tf.valueAndGrad((d: tf.Tensor) => m.loss(d as tf.Tensor3D).total)(delta);
  const [loss, grad] = await Promise.all([value.data(), grads.data()]);
  tf.dispose([value, grads, delta, image]);
  m.dispose();
  return { loss: loss[0]!, grad: grad as Float32Array };
}

async function on(name: BackendName): Promise<BackendChoice> {
  const choice = await activateNodeBackend(name);
  if (choice.name !== name) throw new Error(`backend ${name} did not activate: ${choice.skipped.map((s) => `${s.name}: ${s.why}`).join('; ')}`);
  return choice;
}

/** Detection, a 5-step attack judged on 8 bits, and 3 sparse-mask iterations per encoder, on the current backend. */
async function runAll(weights: MtcnnWeights): Promise<BackendRun> {
  const image = rgbaToTensor(astronaut);
  const detection = await detectFaces(weights, image);
  const attack = await runAttack(weights, image, astronaut, detection, ATTACK, DEFAULT_DETECT_OPTIONS);
  const dense = await DenseAttack.create(weights, image, detection, ATTACK, DEFAULT_DETECT_OPTIONS);
  for await (const step of dense.steps()) void step;
  const sparse: BackendRun['sparse'] = {};
  for (const encoder of ENCODERS) {
    const pruner = new SparseAttack(dense, { ...SPARSE, encoder });
    const its: BackendRun['sparse'][string] = [];
    for await (const s of pruner.steps()) its.push({ loss: s.loss, attackLoss: s.attackLoss, maskPixels: s.maskPixels });
    pruner.dispose();
    sparse[encoder] = its;
  }
  dense.dispose();
  image.dispose();
  return { detection, attack, sparse };
}

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-6);
}

describe.skipIf(!gate.adapter)(`WebGPU in Node (${gateLabel(gate)}) against CPU and WASM`, () => {
  const cpuGradients = new Map<string, GradientRef>();
  let wasm: BackendRun;
  let choice: BackendChoice;
  let weights: MtcnnWeights;
  let tensorsAtStart: number;

  beforeAll(async () => {
    astronaut = await readImageFile(ASTRONAUT);
    {
      // Astronaut rows 40–196, columns 160–292 (the face with a margin), area-resized to 52×44.
      const rgb = Float32Array.from({ length: 512 * 512 * 3 }, (_, i) => astronaut.data[Math.floor(i / 3) * 4 + (i % 3)]! / 255);
      facePixels = resampleArray(rgb, 512, 3, areaMaps(512, 512, H, W, { start: 40, length: 156 }, { start: 160, length: 132 }));
    }
    // References: CPU gradients, then the WASM runs; each backend with its own weights.
    await on('cpu');
    const cpuWeights = await loadWeightsFromDir();
    for (const [name, heads, extra] of GRADIENT_CASES) cpuGradients.set(name, await gradientOf(cpuWeights, heads, extra));
    disposeWeights(cpuWeights);
    await on('wasm');
    const wasmWeights = await loadWeightsFromDir();
    wasm = await runAll(wasmWeights);
    disposeWeights(wasmWeights);
    // From here on, WebGPU only.
    choice = await on('webgpu');
    weights = await loadWeightsFromDir();
    tensorsAtStart = tf.memory().numTensors;
  }, 300_000);

  afterAll(() => {
    if (weights) disposeWeights(weights);
  });

  it('activates through Dawn and reports the adapter', () => {
    expect(tf.getBackend()).toBe('webgpu');
    expect(choice.name).toBe('webgpu');
    expect(choice.adapter).toEqual(gate.adapter);
    expect(choice.adapter!.vendor).not.toBe('');
    expect(typeof choice.adapter!.isFallbackAdapter).toBe('boolean');
  });

  it.each(GRADIENT_CASES)('attack loss gradient, %s: equals the CPU backend’s and central finite differences', async (name, heads, extra) => {
    const before = tf.memory().numTensors;
    const ref = cpuGradients.get(name)!;
    const got = await gradientOf(weights, heads, extra);
    expect(relative(got.loss, ref.loss)).toBeLessThan(1e-4);
    let diff = 0;
    let norm = 0;
    for (let i = 0; i < ref.grad.length; i++) {
      diff += (got.grad[i]! - ref.grad[i]!) ** 2;
      norm += ref.grad[i]! ** 2;
    }
    expect(norm).toBeGreaterThan(0);
    expect(Math.sqrt(diff / norm), 'relative L2 distance to the CPU gradient').toBeLessThan(1e-3);

    if (FD_CASES.has(name)) {
      const { m, image, delta } = gradientModel(weights, heads, extra);
      for (const { error, analytic } of await lossGradientCheck(m, delta)) {
        expect(error).toBeLessThan(0.02);
        expect(Math.abs(analytic)).toBeGreaterThan(1e-3);
      }
      tf.dispose([delta, image]);
      m.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  describe('on the astronaut', () => {
    let gpu: BackendRun;
    beforeAll(async () => {
      const before = tf.memory().numTensors;
      gpu = await runAll(weights);
      expect(tf.memory().numTensors, 'tensors left behind by detection, attack and sparse mask').toBe(before);
    }, 300_000);

    it('detects the same faces as WASM (boxes and landmarks within 0.5 px, scores within 1e-3)', () => {
      expect(gpu.detection.faces).toHaveLength(wasm.detection.faces.length);
      expect(gpu.detection.faces.length).toBeGreaterThan(0);
      gpu.detection.faces.forEach((f, i) => {
        const w = wasm.detection.faces[i]!;
        for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(f.box[k] - w.box[k]), k).toBeLessThan(0.5);
        expect(Math.abs(f.score - w.score)).toBeLessThan(1e-3);
        f.landmarks.forEach((p, j) => {
          expect(Math.abs(p.x - w.landmarks[j]!.x)).toBeLessThan(0.5);
          expect(Math.abs(p.y - w.landmarks[j]!.y)).toBeLessThan(0.5);
        });
      });
      expect(gpu.detection.scales.map((s) => s.candidates.length)).toEqual(wasm.detection.scales.map((s) => s.candidates.length));
    });

    it('runs the seed-default attack (5 steps) with WASM’s loss at every step (1e-3 relative) and the same verdict', () => {
      expect(gpu.attack.plan.levels.map((l) => l.index)).toEqual(wasm.attack.plan.levels.map((l) => l.index));
      expect(gpu.attack.steps).toHaveLength(ATTACK.steps + 1);
      gpu.attack.steps.forEach((s, i) => {
        const w = wasm.attack.steps[i]!;
        expect(relative(s.loss, w.loss), `step ${i}: ${s.loss} vs ${w.loss}`).toBeLessThan(1e-3);
        expect(s.candidates.map((c) => c.count), `step ${i} candidates`).toEqual(w.candidates.map((c) => c.count));
      });
      expect(gpu.attack.verdict.faces.map((f) => f.evaded)).toEqual(wasm.attack.verdict.faces.map((f) => f.evaded));
      expect(gpu.attack.verdict.successRate).toBe(wasm.attack.verdict.successRate);
      expect(gpu.attack.verdict.detection.faces).toHaveLength(wasm.attack.verdict.detection.faces.length);
      expect(Math.abs(gpu.attack.verdict.norms.linf - wasm.attack.verdict.norms.linf)).toBeLessThanOrEqual(1 / 255 + 1e-6);
    });

    it.each(ENCODERS)('trains the sparse mask (3 iterations, %s encoder) with losses close to WASM’s', (encoder) => {
      expect(gpu.sparse[encoder]).toHaveLength(SPARSE.iterations);
      gpu.sparse[encoder]!.forEach((s, i) => {
        const w = wasm.sparse[encoder]![i]!;
        expect(Number.isFinite(s.loss)).toBe(true);
        expect(relative(s.loss, w.loss), `iteration ${i + 1}: ${s.loss} vs ${w.loss}`).toBeLessThan(1e-2);
        expect(relative(s.attackLoss, w.attackLoss), `iteration ${i + 1}: attack loss ${s.attackLoss} vs ${w.attackLoss}`).toBeLessThan(2e-2);
        // The conv encoder's kernel gradient takes tf.conv2d's own path on WebGPU and a convolution of
        // its own on WASM (no Conv2DBackpropFilter there): other summation orders flip a few of the
        // locations that sit at m = 0.5, so the counts agree to 1%, the losses to 1%.
        expect(Math.abs(s.maskPixels - w.maskPixels)).toBeLessThanOrEqual(0.01 * w.maskPixels);
      });
    });
  });

  it('adds 9 tensors with addN (more storage buffers than WebGPU’s default limit of 8 per shader stage)', async () => {
    const xs = Array.from({ length: 9 }, (_, i) => tf.fill([3, 5], i + 1));
    const sum = tf.addN(xs);
    expect(Array.from(await sum.data())).toEqual(new Array(15).fill(45));
    tf.dispose([...xs, sum]);
  });

  it('leaves no tensors behind and raised no WebGPU error', () => {
    expect(tf.memory().numTensors).toBe(tensorsAtStart);
    expect(webgpuErrors()).toEqual([]);
  });
});
