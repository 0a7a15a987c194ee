import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { makeSampler, NET_SCALE, planBuckets, type CanvasBucket, type SamplerKind } from './canvas';
import { AttackModel } from './model';
import { SEED_PAPER_PARAMS } from './params';
import { areaMaps, bilinearMap, composeMaps, Resampler, resampleArray, sliceOutputs, type Maps2D } from '../mtcnn/resample';
import { cropMaps, faceProbability, netInput, pyramidMaps } from '../mtcnn/stages';
import { pyramidLevels } from '../mtcnn/pyramid';
import { pnet } from '../mtcnn/nets';
import { DEFAULT_DETECT_OPTIONS } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import { onBackend, seededRandom, testWeights } from '../../node/testing';

/*
 * The attack's canvases (canvas.ts): both executors of the resampling maps against the per-window
 * tensor executor (resample.ts) and against each other, values and gradients; and P-Net on a canvas
 * against P-Net on each whole pyramid level, including windows that end at an odd level edge.
 */

const rand = (seed: number, n: number) => {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, () => r() - 0.5);
};

/** Windows of several kinds from a 37×41 δ: area shrinks, a zero-padded crop, bilinear ∘ area. */
function windows(): Maps2D[] {
  const [h, w] = [37, 41];
  const level = areaMaps(h, w, 17, 19);
  const inner = areaMaps(h, w, 20, 22);
  return [
    { rows: sliceOutputs(level.rows, 2, 15), cols: sliceOutputs(level.cols, 0, 19) },
    areaMaps(h, w, 9, 7),
    cropMaps({ x1: -3, y1: 5, x2: 20, y2: 30, score: 1 }, w, h, 12, 'facenet'),
    { rows: composeMaps(bilinearMap(20, 6), inner.rows), cols: composeMaps(bilinearMap(22, 8), inner.cols) },
  ];
}

/** The reference: each window by the tensor executor, normalised scale, transposed and padded into its slot. */
function reference(delta: tf.Tensor3D, wins: Maps2D[], buckets: CanvasBucket[]): tf.Tensor4D[] {
  return buckets.map((b) =>
    tf.stack(
      b.items.map((i) => {
        const r = new Resampler(wins[i]!);
        const out = tf.transpose(tf.mul(r.apply(delta), NET_SCALE), [1, 0, 2]) as tf.Tensor3D;
        return tf.pad(out, [[0, b.width - out.shape[0]], [0, b.height - out.shape[1]], [0, 0]]);
      }),
    ) as tf.Tensor4D,
  );
}

async function maxDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const [x, y] = await Promise.all([a.data(), b.data()]);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

describe.each(['cpu', 'wasm'] as const)('attack canvases on %s', (backend) => {
  let weights: MtcnnWeights;
  beforeAll(async () => {
    await onBackend(backend);
    weights = await testWeights();
  });

  it('plans padded batches: merges similar windows, keeps very different ones apart when a batch costs little', () => {
    const sizes = [
      { height: 34, width: 28 },
      { height: 26, width: 24 },
      { height: 20, width: 20 },
      { height: 164, width: 440 },
    ];
    expect(planBuckets(sizes, 1e9).map((b) => b.items)).toEqual([[0, 1, 2, 3]]);
    const cheap = planBuckets(sizes, 1500);
    expect(cheap.map((b) => b.items)).toContainEqual([3]);
    expect(cheap.flatMap((b) => b.items).sort()).toEqual([0, 1, 2, 3]);
    for (const b of cheap) {
      expect(b.height).toBe(Math.max(...b.items.map((i) => sizes[i]!.height)));
      expect(b.width).toBe(Math.max(...b.items.map((i) => sizes[i]!.width)));
    }
  });

  it.each(['dense', 'sparse'] as SamplerKind[])('%s executor: the tensor executor’s windows, and its gradient', async (kind) => {
    const before = tf.memory().numTensors;
    const wins = windows();
    const buckets: CanvasBucket[] = [
      { items: [0, 2], height: 13, width: 19 },
      { items: [1, 3], height: 9, width: 8 },
    ];
    const sampler = makeSampler(kind, wins, buckets, 37, 41);
    const delta = tf.tensor3d(rand(1, 37 * 41 * 3), [37, 41, 3]);
    const dys = buckets.map((b, i) => tf.tensor4d(rand(10 + i, b.items.length * b.width * b.height * 3), [b.items.length, b.width, b.height, 3]));
    // Σ ⟨dy, out⟩: its gradient with respect to δ is the executor's transposed map applied to dy.
    const dot = (outs: tf.Tensor[]) => tf.addN(outs.map((o, i) => tf.sum(tf.mul(o, dys[i]!)))) as tf.Scalar;
    const got = tf.valueAndGrad((d: tf.Tensor) => dot(sampler.apply(d as tf.Tensor3D)))(delta);
    const want = tf.valueAndGrad((d: tf.Tensor) => dot(reference(d as tf.Tensor3D, wins, buckets)))(delta);
    const outs = tf.tidy(() => sampler.apply(delta));
    const refs = tf.tidy(() => reference(delta, wins, buckets));
    for (let i = 0; i < outs.length; i++) expect(await maxDiff(outs[i]!, refs[i]!)).toBeLessThan(1e-5);
    expect(await maxDiff(got.grad, want.grad)).toBeLessThan(1e-5);
    tf.dispose([got.value, got.grad, want.value, want.grad, delta, ...dys, ...outs, ...refs]);
    sampler.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('P-Net on a canvas gives each level’s own map at the window cells, odd level edges included', async () => {
    // 45×39: levels 27×24 and 20×17 (odd width); the face covers the image, so the windows reach the level edges.
    const [h, w] = [45, 39];
    const pixels = Float32Array.from(rand(3, h * w * 3), (v) => v + 0.5);
    const image = tf.tensor3d(pixels, [h, w, 3]);
    const levels = pyramidLevels(w, h, 20, 0.709, 'facenet');
    expect(levels.map((l) => [l.height, l.width])).toEqual([
      [27, 24],
      [20, 17],
    ]);
    for (const kind of ['dense', 'sparse'] as SamplerKind[]) {
      const m = new AttackModel(weights, image, pixels, levels, [{ x: 0, y: 0, width: w, height: h }], ['pnet-cls'], SEED_PAPER_PARAMS, DEFAULT_DETECT_OPTIONS, { sampler: kind });
      const flat = tf.tidy(() => m.loss(tf.zeros(m.deltaShape) as tf.Tensor3D).probs);
      const probs = m.windowProbs((await flat.data()) as Float32Array);
      flat.dispose();
      for (const [i, t] of m.targets.entries()) {
        expect(t.rows, `level ${i}`).toBeGreaterThan(0);
        const level = resampleArray(pixels, w, 3, pyramidMaps(t.level, w, h, 'facenet'));
        const full = tf.tidy(() => faceProbability(pnet(weights, netInput(tf.tensor4d(level, [1, t.level.height, t.level.width, 3]), 'rgb')).logits));
        const [, mh, mw] = full.shape;
        const fullData = await full.data();
        full.dispose();
        for (let r = 0; r < t.rows; r++) {
          for (let c = 0; c < t.cols; c++) {
            const expected = fullData[(t.cellRow + r) * mw! + t.cellCol + c]!;
            expect(Math.abs(probs[i]![r * t.cols + c]! - expected), `${kind}, level ${i} (${mh}×${mw} cells), cell ${r},${c}`).toBeLessThan(1e-5);
          }
        }
      }
      m.dispose();
    }
    image.dispose();
  });
});
