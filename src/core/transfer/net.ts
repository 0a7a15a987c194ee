import * as tf from '@tensorflow/tfjs';
import { SEPARABLE_BLOCKS, type TinyFaceWeights } from './weights';

/*
 * The Tiny Face Detector's network: a MobileNet-style stack in the tiny-YOLOv2 layout. A 3×3
 * convolution without padding, then five depthwise-separable 3×3 blocks (each: depthwise 3×3,
 * pointwise 1×1, bias, leaky ReLU 0.1), with a 2×2 max-pool ('same') before each block (stride
 * 2) and before the head (stride 1), and a 1×1 convolution to 5 anchors × (x, y, w, h, objectness).
 * A 416² input gives a 13×13 grid.
 */

const LEAK = 0.1;

function block(x: tf.Tensor4D, weights: TinyFaceWeights, name: string): tf.Tensor4D {
  const depthwise = weights[`${name}/depthwise_filter`] as tf.Tensor4D;
  const pointwise = weights[`${name}/pointwise_filter`] as tf.Tensor4D;
  const out = tf.separableConv2d(x, depthwise, pointwise, 1, 'same');
  return tf.leakyRelu(tf.add(out, weights[`${name}/bias`]!), LEAK) as tf.Tensor4D;
}

/** [1, S, S, 3] prepared input → [1, S', S', 25] raw head output (S' = 13 for S = 416). */
export function tinyFaceForward(weights: TinyFaceWeights, input: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const conv0 = tf.conv2d(input, weights['conv0/filters'] as tf.Tensor4D, 1, 'valid');
    let x = tf.leakyRelu(tf.add(conv0, weights['conv0/bias']!), LEAK) as tf.Tensor4D;
    for (const name of SEPARABLE_BLOCKS) x = block(tf.maxPool(x, 2, 2, 'same'), weights, name);
    x = tf.maxPool(x, 2, 1, 'same');
    return tf.add(tf.conv2d(x, weights['conv8/filters'] as tf.Tensor4D, 1, 'valid'), weights['conv8/bias']!) as tf.Tensor4D;
  });
}
