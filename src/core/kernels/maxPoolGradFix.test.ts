import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { onBackend, seededRandom } from '../../node/testing';

function poolGrad(x: tf.Tensor4D, size: number, stride: number, pad: 'same' | 'valid'): Float32Array {
  return tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, size, stride, pad), 1.5)))(x).dataSync() as Float32Array);
}

describe('WASM MaxPoolGrad replacement', () => {
  beforeAll(() => onBackend('wasm'));

  it('routes the gradient to the maximum of an all-negative window', () => {
    const x = tf.tensor4d([-3, -1, -2, -4], [1, 2, 2, 1]);
    expect(Array.from(poolGrad(x, 2, 2, 'same'))).toEqual([0, 1.5, 0, 0]);
    x.dispose();
  });

  it('agrees with the CPU backend on the pools MTCNN uses, with negative inputs and padding', async () => {
    const r = seededRandom(4);
    const shape: [number, number, number, number] = [2, 11, 9, 3];
    const values = Array.from({ length: shape.reduce((a, b) => a * b) }, () => r() * 4 - 3);
    for (const [size, stride, pad] of [
      [2, 2, 'same'],
      [3, 2, 'same'],
      [3, 2, 'valid'],
    ] as const) {
      await onBackend('wasm');
      const onWasm = poolGrad(tf.tensor4d(values, shape), size, stride, pad);
      await onBackend('cpu');
      const onCpu = poolGrad(tf.tensor4d(values, shape), size, stride, pad);
      expect(Array.from(onWasm)).toEqual(Array.from(onCpu));
    }
  });
});
