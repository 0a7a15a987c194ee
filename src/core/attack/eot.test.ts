import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { affineMap, augment, augmentArray, drawViews, gaussianMap, jpegLikeNoise, quantisationTable, throughView, withNoise, type EotView } from './eot';
import { AttackModel } from './model';
import { SEED_PAPER_PARAMS, type AttackParams } from './params';
import { runAttack } from './run';
import { GRADCHECK_STEPS } from '../gradcheck';
import { lossGradientCheck } from './lossGradcheck';
import { pyramidLevels } from '../mtcnn/pyramid';
import { pyramidMaps } from '../mtcnn/stages';
import { areaMaps, resampleArray } from '../mtcnn/resample';
import { detectFaces } from '../mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../mtcnn/options';
import { rgbaToTensor } from '../image';
import type { MtcnnWeights } from '../mtcnn/weights';
import { readImageFile } from '../../node/imageFile';
import { ASTRONAUT, directionalDerivatives, loadSample, onBackend, seededRandom, testWeights } from '../../node/testing';

/* The EOT copies (eot.ts): their transforms, their gradients, and the attack model averaging over them. */

const H = 41;
const W = 29;
const FACE = { x: 6, y: 8, width: 16, height: 22 };

function randomPixels(seed: number, n: number): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, r);
}

/** A view with every part switched on: rescale, sub-pixel shift, blur and noise. */
function fullView(): EotView {
  const views = drawViews(8, 3, W, H, [FACE]);
  const view = views.find((v) => v.blur > 0 && Math.abs(v.scale - 1) > 0.02 && v.shiftX % 1 !== 0)!;
  expect(view).toBeDefined();
  return view;
}

describe('EOT transforms', () => {
  it('shift and rescale maps move content as stated; the blur keeps brightness; both are the identity when off', () => {
    const ramp = Float32Array.from({ length: 20 }, (_, i) => i);
    const apply = (m: ReturnType<typeof affineMap>) => Array.from({ length: m.outSize }, (_, i) => {
      let v = 0;
      for (let k = 0; k < m.taps; k++) if (m.index[i * m.taps + k]! >= 0) v += m.weight[i * m.taps + k]! * ramp[m.index[i * m.taps + k]!]!;
      return v;
    });
    expect(apply(affineMap(20, 1, 0, 10))).toEqual(Array.from(ramp));
    // Shifted by +2: pixel i shows what was at i − 2 (edges replicated).
    expect(apply(affineMap(20, 1, 2, 10)).slice(2)).toEqual(Array.from(ramp.slice(0, 18)));
    // Enlarged ×2 about 10: pixel centre 14.5 shows content at 10 + 4.5 / 2 = 12.25 → value 11.75.
    expect(apply(affineMap(20, 2, 0, 10))[14]).toBeCloseTo(11.75, 5);
    expect(apply(gaussianMap(20, 0))).toEqual(Array.from(ramp));
    const blur = gaussianMap(20, 0.8);
    for (let i = 0; i < 20; i++) expect(blur.weight.slice(i * blur.taps, (i + 1) * blur.taps).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(apply(blur)[10]).toBeCloseTo(10, 5); // a ramp is unchanged by a symmetric kernel away from the edges
  });

  it('the JPEG-like noise has the RMS the quantisation model predicts', () => {
    expect(quantisationTable(50).slice(0, 4)).toEqual([16, 11, 10, 16]);
    expect(new Set(quantisationTable(100))).toEqual(new Set([1]));
    for (const quality of [75, 95]) {
      const q = quantisationTable(quality);
      // Orthonormal DCT: the mean variance over a block is the mean of Q²/12 over the coefficients.
      const predicted = Math.sqrt(q.reduce((a, x) => a + (x * x) / 12, 0) / 64) / 255;
      const noise = jpegLikeNoise(256, 256, quality, seededRandom(quality));
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < noise.length; i += 3) {
        sum += noise[i]!;
        sq += noise[i]! ** 2;
      }
      const n = noise.length / 3;
      expect(Math.abs(sum / n)).toBeLessThan(0.05 * predicted);
      expect(Math.sqrt(sq / n) / predicted).toBeGreaterThan(0.95);
      expect(Math.sqrt(sq / n) / predicted).toBeLessThan(1.05);
    }
  });

  it('a pyramid level of the view is the level’s maps composed with the view’s (what the attack model precomputes)', () => {
    const x = randomPixels(5, H * W * 3);
    const view = fullView();
    const level = pyramidMaps({ index: 0, scale: 0.6, width: Math.ceil(W * 0.6), height: Math.ceil(H * 0.6) }, W, H, 'facenet');
    const direct = resampleArray(augmentArray(x, W, view), W, 3, level);
    const composed = resampleArray(withNoise(x, view), W, 3, throughView(level, view));
    let worst = 0;
    for (let i = 0; i < direct.length; i++) worst = Math.max(worst, Math.abs(direct[i]! - composed[i]!));
    expect(worst).toBeLessThan(1e-5);
  });
});

describe.each(['cpu', 'wasm'] as const)('EOT transform gradients on %s', (backend) => {
  beforeAll(async () => {
    await onBackend(backend);
  });

  it('every transform is differentiable and its gradient matches central finite differences', async () => {
    const view = fullView();
    const x = tf.tensor3d(randomPixels(7, H * W * 3), [H, W, 3]);
    const weightsOut = tf.tensor3d(randomPixels(8, H * W * 3).map((v) => v - 0.5), [H, W, 3]);
    // tanh makes f non-linear, so a gradient that were right only for linear f would show.
    const f = (t: tf.Tensor) => tf.tidy(() => tf.sum(tf.mul(tf.tanh(tf.mul(augment(t as tf.Tensor3D, view), 3)), weightsOut)) as tf.Scalar);
    const checks = await directionalDerivatives(f, x, 3, [...GRADCHECK_STEPS], 4);
    for (const { analytic, numeric } of checks) {
      expect(Math.abs(analytic)).toBeGreaterThan(1e-2);
      expect(Math.min(...numeric.map((n) => Math.abs(analytic - n) / (Math.abs(n) + 1e-3)))).toBeLessThan(0.01);
    }
    // The noise is additive: it shifts the output but not the gradient.
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(augment(t as tf.Tensor3D, view), weightsOut)))(x);
    const g0 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(augment(t as tf.Tensor3D, { ...view, noise: new Float32Array(H * W * 3) }), weightsOut)))(x);
    expect(tf.max(tf.abs(tf.sub(g, g0))).dataSync()[0]).toBeLessThan(1e-6);
    tf.dispose([x, weightsOut, g, g0]);
  });
});

describe('the attack model with EOT copies (WASM)', () => {
  let weights: MtcnnWeights;
  beforeAll(async () => {
    await onBackend('wasm');
    weights = await testWeights();
  });

  it('the attack loss averaged over EOT copies (a P-Net, an R-Net and an O-Net head) matches finite differences', async () => {
    // The astronaut's face shrunk to 52×44, as in gradients.test.ts.
    const [h, w] = [52, 44];
    const astronaut = await loadSample(ASTRONAUT);
    const data = (await astronaut.data()) as Float32Array;
    astronaut.dispose();
    const pixels = resampleArray(data, 512, 3, areaMaps(512, 512, h, w, { start: 40, length: 156 }, { start: 160, length: 132 }));
    const image = tf.tensor3d(pixels, [h, w, 3]);
    const params: AttackParams = { ...SEED_PAPER_PARAMS, heads: ['pnet-cls', 'rnet-cls', 'onet-landmarks'], headNorm: 'sum', eot: 2 };
    const face = { x: 8, y: 6, width: 28, height: 38 };
    const m = new AttackModel(weights, image, pixels, pyramidLevels(w, h, 12, 0.709, 'facenet').slice(0, 3), [face], params.heads, params, DEFAULT_DETECT_OPTIONS);
    expect(m.eotViews).toHaveLength(2);
    const r = seededRandom(8);
    const delta = tf.tensor3d(Array.from({ length: m.deltaShape.reduce((a, b) => a * b) }, () => (r() - 0.5) * 0.02), m.deltaShape);
    for (const { error, analytic } of await lossGradientCheck(m, delta)) {
      expect(error).toBeLessThan(0.02);
      expect(Math.abs(analytic)).toBeGreaterThan(1e-3);
    }
    // The step's probabilities are the image's own: the same as without EOT.
    const plain = new AttackModel(weights, image, pixels, pyramidLevels(w, h, 12, 0.709, 'facenet').slice(0, 3), [face], params.heads, { ...params, eot: 0 }, DEFAULT_DETECT_OPTIONS);
    const zero = tf.zeros(m.deltaShape) as tf.Tensor3D;
    const zeroPlain = tf.zeros(plain.deltaShape) as tf.Tensor3D;
    const [pe, pp] = tf.tidy(() => [m.loss(zero).probs.dataSync(), plain.loss(zeroPlain).probs.dataSync()]);
    expect(Array.from(pe!)).toEqual(Array.from(pp!));
    tf.dispose([delta, image, zero, zeroPlain]);
    m.dispose();
    plain.dispose();
  });
});

describe('an EOT attack end to end (WASM)', () => {
  it('runs through the run core, frees its tensors, and differs from the plain attack', async () => {
    await onBackend('wasm');
    const weights = await testWeights();
    const rgba = await readImageFile(ASTRONAUT);
    const tensor = rgbaToTensor(rgba);
    const clean = await detectFaces(weights, tensor);
    const before = tf.memory().numTensors;
    // I-FGSM: no random start (whose draw depends on δ's region, larger with EOT), so step 0 is the clean image in both.
    const params = { ...SEED_PAPER_PARAMS, method: 'ifgsm' as const, eps: 0.05, alpha: 0.004, steps: 3 };
    const eot = await runAttack(weights, tensor, rgba, clean, { ...params, eot: 2 }, DEFAULT_DETECT_OPTIONS);
    const plain = await runAttack(weights, tensor, rgba, clean, params, DEFAULT_DETECT_OPTIONS);
    expect(tf.memory().numTensors).toBe(before);
    expect(eot.steps).toHaveLength(4);
    expect(eot.steps[0]!.candidates.map((c) => c.count)).toEqual(plain.steps[0]!.candidates.map((c) => c.count));
    expect(eot.steps[0]!.loss).not.toBe(plain.steps[0]!.loss);
    expect(eot.verdict.norms.linf).toBeLessThanOrEqual(0.05 + 0.5 / 255);
    tensor.dispose();
  });
});
