import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { AttackModel, balanceGradients } from '../attack/model';
import { SEED_PAPER_PARAMS, type AttackParams } from '../attack/params';
import type { Head } from '../attack/heads';
import { pyramidLevels } from '../mtcnn/pyramid';
import { DEFAULT_DETECT_OPTIONS } from '../mtcnn/options';
import { areaMaps, resampleArray } from '../mtcnn/resample';
import type { MtcnnWeights } from '../mtcnn/weights';
import { ASTRONAUT, loadSample, onBackend, seededRandom, testWeights } from '../../node/testing';

/*
 * Head balance (params.headNorm, model.ts): with several heads, 'gradient' scales each head's
 * gradient to the same mean magnitude before summing; with one head it changes nothing.
 */

const [H, W] = [52, 44];
const FACE = { x: 8, y: 6, width: 28, height: 38 };
let weights: MtcnnWeights;
let pixels: Float32Array;

beforeAll(async () => {
  await onBackend('wasm');
  weights = await testWeights();
  const astronaut = await loadSample(ASTRONAUT);
  const data = (await astronaut.data()) as Float32Array;
  astronaut.dispose();
  pixels = resampleArray(data, 512, 3, areaMaps(512, 512, H, W, { start: 40, length: 156 }, { start: 160, length: 132 }));
});

function model(heads: Head[], headNorm: AttackParams['headNorm']): { m: AttackModel; image: tf.Tensor3D } {
  const image = tf.tensor3d(pixels, [H, W, 3]);
  const params: AttackParams = { ...SEED_PAPER_PARAMS, heads, headNorm };
  return { m: new AttackModel(weights, image, pixels, pyramidLevels(W, H, 12, 0.709, 'facenet').slice(0, 3), [FACE], heads, params, DEFAULT_DETECT_OPTIONS), image };
}

function randomDelta(shape: [number, number, number]): tf.Tensor3D {
  const r = seededRandom(11);
  return tf.tensor3d(Array.from({ length: shape[0] * shape[1] * shape[2] }, () => (r() - 0.5) * 0.04), shape);
}

const valueAndGrad = (m: AttackModel, delta: tf.Tensor3D) => {
  const { value, grad } = tf.valueAndGrad((d: tf.Tensor) => m.loss(d as tf.Tensor3D).total)(delta);
  const out = { value: value.dataSync()[0]!, grad: grad.dataSync() as Float32Array };
  tf.dispose([value, grad]);
  return out;
};

describe('head balance', () => {
  it('balanceGradients matches a plain-array computation of Σ (S / s_h) g_h', () => {
    const gs = [
      [0, 2, -2, 0],
      [0.001, 0, 0, -0.003],
      [0, 0, 0, 0],
    ];
    const out = tf.tidy(() => balanceGradients(gs.map((g) => tf.tensor1d(g))).dataSync());
    // s = mean |g| over non-zero entries: 2, 0.002, 0 (inactive); S = mean of the active = 1.001.
    const s = [2, 0.002];
    const S = (s[0]! + s[1]!) / 2;
    const expected = gs[0]!.map((_, i) => (S / s[0]!) * gs[0]![i]! + (S / s[1]!) * gs[1]![i]!);
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
  });

  it('with one head, gradient balance changes neither the loss nor its gradient', () => {
    const a = model(['onet-cls'], 'gradient');
    const b = model(['onet-cls'], 'sum');
    const delta = randomDelta(a.m.deltaShape);
    const [va, vb] = [valueAndGrad(a.m, delta), valueAndGrad(b.m, delta)];
    expect(va.value).toBe(vb.value);
    expect(Array.from(va.grad)).toEqual(Array.from(vb.grad));
    tf.dispose([delta, a.image, b.image]);
    a.m.dispose();
    b.m.dispose();
  });

  it('with several heads, the loss is the plain sum and its gradient the balanced sum of the heads’ own gradients', () => {
    const heads: Head[] = ['pnet-cls', 'pnet-box', 'rnet-cls', 'onet-cls', 'onet-landmarks'];
    const balanced = model(heads, 'gradient');
    const plain = model(heads, 'sum');
    expect(balanced.m.deltaShape).toEqual(plain.m.deltaShape);
    const delta = randomDelta(plain.m.deltaShape);
    const b = valueAndGrad(balanced.m, delta);
    const p = valueAndGrad(plain.m, delta);
    expect(b.value).toBeCloseTo(p.value, 4);
    // Each head's own gradient, from the plain model's parts.
    const own = heads.map((h) => tf.grad((d: tf.Tensor) => plain.m.loss(d as tf.Tensor3D).parts[h]!)(delta));
    const expected = tf.tidy(() => balanceGradients(own).dataSync() as Float32Array);
    const magnitude = expected.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(b.grad[i]! - expected[i]!));
    expect(worst).toBeLessThan(1e-4 * magnitude);
    // And it is not the plain gradient: the crop heads no longer outweigh P-Net where both reach.
    let differs = 0;
    for (let i = 0; i < expected.length; i++) if (Math.sign(b.grad[i]!) !== Math.sign(p.grad[i]!)) differs++;
    expect(differs).toBeGreaterThan(0.01 * expected.length);
    tf.dispose([delta, balanced.image, plain.image, ...own]);
    balanced.m.dispose();
    plain.m.dispose();
  });
});
