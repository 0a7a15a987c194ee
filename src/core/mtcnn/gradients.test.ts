import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { onet, pnet, rnet } from './nets';
import { cropMaps, netInput, pnetMapSize, pyramidMaps } from './stages';
import { resample } from './resample';
import type { MtcnnWeights } from './weights';
import { directionalDerivatives, onBackend, seededRandom, testWeights } from '../../node/testing';

/*
 * End-to-end gradients with respect to the image, through the differentiable pyramid resize and the
 * zero-padded crops, checked against central finite differences on a small non-square image.
 * The nets are piecewise linear (PReLU, max-pool): steps much above 1e-4 on a noise image cross
 * kinks and the difference quotient drifts (measured: 5% off at 1e-3, 0.3% at 1e-4). Each random
 * direction is checked at three small steps; within a linear piece central differences are exact
 * up to float32 rounding, so a correct gradient matches at one of them and a wrong one at none.
 */

const H = 41;
const W = 29;

function randomImage(seed: number): tf.Tensor3D {
  const r = seededRandom(seed);
  return tf.tensor3d(Array.from({ length: H * W * 3 }, r), [H, W, 3]);
}

/** −log(1 − p_face) from logits, as the attack uses it: softplus(z1 − z0). */
function towardNoFace(logits: tf.Tensor): tf.Tensor {
  const [z0, z1] = tf.split(logits, 2, -1);
  return tf.softplus(tf.sub(z1!, z0!));
}

const STEPS = [2e-4, 1e-4, 5e-5];

/** Some step stays inside one linear piece, where the quotient matches a correct gradient. */
function expectClose(checks: { analytic: number; numeric: number[] }[]): void {
  for (const { analytic, numeric } of checks) {
    const error = Math.min(...numeric.map((n) => Math.abs(analytic - n) / (Math.abs(n) + 1e-3)));
    expect(error).toBeLessThan(0.02);
    expect(Math.abs(analytic)).toBeGreaterThan(1e-2); // a vanishing gradient would pass trivially
  }
}

describe.each(['cpu', 'wasm'] as const)('MTCNN gradients on %s', (backend) => {
  let weights: MtcnnWeights;
  beforeAll(async () => {
    await onBackend(backend);
    weights = await testWeights();
  });

  it('P-Net classification loss through the pyramid resize', () => {
    const x = randomImage(1);
    const maps = pyramidMaps({ index: 0, scale: 0.7, width: Math.ceil(W * 0.7), height: Math.ceil(H * 0.7) }, W, H, 'facenet');
    // Random signs per cell keep |f| small (float32 rounding of f over 2h would swamp the quotient)
    // while the derivative stays large.
    const r = seededRandom(9);
    const [mh, mw] = [pnetMapSize(Math.ceil(H * 0.7)), pnetMapSize(Math.ceil(W * 0.7))];
    const signs = tf.tensor(Array.from({ length: mh * mw }, () => (r() < 0.5 ? -1 : 1)), [1, mh, mw, 1]);
    const f = (t: tf.Tensor) =>
      tf.tidy(() => {
        const level = tf.expandDims(resample(t as tf.Tensor3D, maps), 0) as tf.Tensor4D;
        const out = pnet(weights, netInput(level, 'rgb'));
        return tf.add(tf.sum(tf.mul(towardNoFace(out.logits), signs)), tf.sum(tf.mul(out.box, signs))) as tf.Scalar;
      });
    expectClose(directionalDerivatives(f, x, 3, STEPS));
    tf.dispose([x, signs]);
  });

  it('R-Net heads through a crop that reaches outside the image', () => {
    const x = randomImage(2);
    const maps = cropMaps({ x1: -4, y1: 10, x2: 20, y2: 34, score: 1 }, W, H, 24, 'facenet');
    const f = (t: tf.Tensor) =>
      tf.tidy(() => {
        const out = rnet(weights, netInput(tf.expandDims(resample(t as tf.Tensor3D, maps), 0) as tf.Tensor4D, 'rgb'));
        return tf.add(tf.sum(towardNoFace(out.logits)), tf.sum(out.box)) as tf.Scalar;
      });
    expectClose(directionalDerivatives(f, x, 3, STEPS));
    x.dispose();
  });

  it('O-Net heads (classification, box, landmarks) through an enlarging crop', () => {
    const x = randomImage(3);
    const maps = cropMaps({ x1: 5, y1: 8, x2: 30, y2: 33, score: 1 }, W, H, 48, 'facenet');
    const f = (t: tf.Tensor) =>
      tf.tidy(() => {
        const out = onet(weights, netInput(tf.expandDims(resample(t as tf.Tensor3D, maps), 0) as tf.Tensor4D, 'rgb'));
        return tf.addN([tf.sum(towardNoFace(out.logits)), tf.sum(out.box), tf.sum(out.landmarks)]) as tf.Scalar;
      });
    expectClose(directionalDerivatives(f, x, 3, STEPS));
    x.dispose();
  });
});
