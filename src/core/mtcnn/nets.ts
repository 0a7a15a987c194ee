import * as tf from '@tensorflow/tfjs';
import { flippedName, type MtcnnWeights } from './weights';

/*
 * The three MTCNN nets as pure tensor functions. Inputs are NHWC, already normalised
 * ((v - 127.5) / 128 on 0..255 values) and in image orientation; each function transposes H and W
 * itself, because the weights come from MATLAB Caffe (column-major). Outputs are raw logits and
 * regressions; softmax is applied by the caller (the attack needs the logits).
 */

export interface PNetOutput {
  /** [N, h', w', 2] classification logits, face = index 1, in image orientation. */
  logits: tf.Tensor4D;
  /** [N, h', w', 4] box offsets (dx1, dy1, dx2, dy2), in image orientation. */
  box: tf.Tensor4D;
}

export interface RNetOutput {
  logits: tf.Tensor2D;
  box: tf.Tensor2D;
}

export interface ONetOutput extends RNetOutput {
  /** [N, 10]: x1..x5 then y1..y5, relative to the crop. */
  landmarks: tf.Tensor2D;
}

function w(weights: MtcnnWeights, name: string): tf.Tensor {
  const t = weights[name];
  if (!t) throw new Error(`MTCNN weight "${name}" is missing`);
  return t;
}

/**
 * A stride-1 'valid' convolution whose gradient is taken with respect to its input only (the
 * weights are constants). That gradient is the 'full' convolution of dy with the filter rotated
 * 180° and in/out-transposed, which runs on the forward conv kernel: tfjs-wasm's
 * Conv2DBackpropInput is about 8× slower than its Conv2D. The flipped filters are made once, at
 * load time (weights.ts).
 */
function conv(x: tf.Tensor4D, weights: MtcnnWeights, name: string): tf.Tensor4D {
  const filter = w(weights, `${name}/weights`) as tf.Tensor4D;
  const flipped = w(weights, flippedName(`${name}/weights`)) as tf.Tensor4D;
  const [kh, kw] = filter.shape;
  const op = tf.customGrad((input, save) => {
    (save as (ts: tf.Tensor[]) => void)([flipped]);
    return {
      value: tf.conv2d(input as tf.Tensor4D, filter, 1, 'valid'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const padded = tf.pad(dy as tf.Tensor4D, [[0, 0], [kh - 1, kh - 1], [kw - 1, kw - 1], [0, 0]]);
          return tf.conv2d(padded, saved[0] as tf.Tensor4D, 1, 'valid');
        }),
    };
  });
  return tf.add(op(x), w(weights, `${name}/bias`)) as tf.Tensor4D;
}

function convPrelu(x: tf.Tensor4D, weights: MtcnnWeights, net: string, layer: string, prelu: string): tf.Tensor4D {
  return tf.prelu(conv(x, weights, `${net}/${layer}`), w(weights, `${net}/${prelu}`)) as tf.Tensor4D;
}

function dense(x: tf.Tensor2D, weights: MtcnnWeights, name: string): tf.Tensor2D {
  return tf.add(tf.matMul(x, w(weights, `${name}/weights`) as tf.Tensor2D), w(weights, `${name}/bias`)) as tf.Tensor2D;
}


const transposeHW = <T extends tf.Tensor4D>(x: T): T => tf.transpose(x, [0, 2, 1, 3]) as T;

/**
 * 'image': inputs (and P-Net's output maps) in image orientation, [N, H, W, C]. 'transposed': H and
 * W already swapped, [N, W, H, C], as the nets compute internally: no transposes are run, and P-Net's
 * maps come out transposed too (callers that build their inputs on the CPU save the GPU work).
 */
export type NetLayout = 'image' | 'transposed';

/** P-Net: fully convolutional, any input of at least 12x12. */
export function pnet(weights: MtcnnWeights, input: tf.Tensor4D, layout: NetLayout = 'image'): PNetOutput {
  const t = layout === 'image' ? transposeHW : <T extends tf.Tensor4D>(x: T) => x;
  return tf.tidy(() => {
    let x = convPrelu(t(input), weights, 'pnet', 'conv1', 'prelu1_alpha');
    x = tf.maxPool(x, 2, 2, 'same');
    x = convPrelu(x, weights, 'pnet', 'conv2', 'prelu2_alpha');
    x = convPrelu(x, weights, 'pnet', 'conv3', 'prelu3_alpha');
    return {
      logits: t(conv(x, weights, 'pnet/conv4_1')),
      box: t(conv(x, weights, 'pnet/conv4_2')),
    };
  });
}

/** R-Net: [N, 24, 24, 3] crops. */
export function rnet(weights: MtcnnWeights, input: tf.Tensor4D, layout: NetLayout = 'image'): RNetOutput {
  return tf.tidy(() => {
    let x = convPrelu(layout === 'image' ? transposeHW(input) : input, weights, 'rnet', 'conv1', 'prelu1_alpha');
    x = tf.maxPool(x, 3, 2, 'same');
    x = convPrelu(x, weights, 'rnet', 'conv2', 'prelu2_alpha');
    x = tf.maxPool(x, 3, 2, 'valid');
    x = convPrelu(x, weights, 'rnet', 'conv3', 'prelu3_alpha');
    const flat = tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D;
    const fc = tf.prelu(dense(flat, weights, 'rnet/fc1'), w(weights, 'rnet/prelu4_alpha')) as tf.Tensor2D;
    return { logits: dense(fc, weights, 'rnet/fc2_1'), box: dense(fc, weights, 'rnet/fc2_2') };
  });
}

/** O-Net: [N, 48, 48, 3] crops. */
export function onet(weights: MtcnnWeights, input: tf.Tensor4D, layout: NetLayout = 'image'): ONetOutput {
  return tf.tidy(() => {
    let x = convPrelu(layout === 'image' ? transposeHW(input) : input, weights, 'onet', 'conv1', 'prelu1_alpha');
    x = tf.maxPool(x, 3, 2, 'same');
    x = convPrelu(x, weights, 'onet', 'conv2', 'prelu2_alpha');
    x = tf.maxPool(x, 3, 2, 'valid');
    x = convPrelu(x, weights, 'onet', 'conv3', 'prelu3_alpha');
    x = tf.maxPool(x, 2, 2, 'same');
    x = convPrelu(x, weights, 'onet', 'conv4', 'prelu4_alpha');
    const flat = tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D;
    const fc = tf.prelu(dense(flat, weights, 'onet/fc1'), w(weights, 'onet/prelu5_alpha')) as tf.Tensor2D;
    return {
      logits: dense(fc, weights, 'onet/fc2_1'),
      box: dense(fc, weights, 'onet/fc2_2'),
      landmarks: dense(fc, weights, 'onet/fc2_3'),
    };
  });
}

/** (v − 127.5) / 128 for v on the 0..255 scale, from an image on the [0, 1] scale. */
export function normalizeUnitImage<T extends tf.Tensor>(x01: T): T {
  return tf.tidy(() => tf.div(tf.sub(tf.mul(x01, 255), 127.5), 128) as T);
}
