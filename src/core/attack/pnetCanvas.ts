import * as tf from '@tensorflow/tfjs';
import { flippedName, type MtcnnWeights } from '../mtcnn/weights';

/*
 * P-Net as the attack runs it: on a canvas (canvas.ts: a batch of windows, already transposed and
 * normalised), with each convolution and its bias as one fused kernel and the input gradient as one
 * 'full' convolution with the flipped filter (the weights are constants: no filter gradients), and
 * the face/no-face head reduced to the one number both the loss and the probability need:
 * d = z1 − z0 (p_face = sigmoid(d), −log(1 − p_face) = softplus(d)), a 1×1 convolution with the
 * difference of the two filters.
 */

export interface PNetCanvasWeights {
  diffFilter: tf.Tensor4D;
  diffBias: tf.Tensor1D;
  diffFlipped: tf.Tensor4D;
}

/** The head's difference filter; dispose() it with the model that made it. */
export function pnetCanvasWeights(weights: MtcnnWeights): PNetCanvasWeights {
  return tf.tidy(() => {
    const w = weights['pnet/conv4_1/weights']! as tf.Tensor4D;
    const b = weights['pnet/conv4_1/bias']! as tf.Tensor1D;
    const [w0, w1] = tf.split(w, 2, 3);
    const [b0, b1] = tf.split(b, 2);
    const diffFilter = tf.sub(w1!, w0!) as tf.Tensor4D;
    return { diffFilter, diffBias: tf.sub(b1!, b0!) as tf.Tensor1D, diffFlipped: tf.transpose(diffFilter, [0, 1, 3, 2]) as tf.Tensor4D };
  });
}

export function disposePnetCanvasWeights(w: PNetCanvasWeights): void {
  tf.dispose([w.diffFilter, w.diffBias, w.diffFlipped]);
}

type Save = (ts: tf.Tensor[]) => void;

/** A stride-1 valid convolution plus bias (one fused kernel); its input gradient is one convolution. */
function conv(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor, flipped: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw] = filter.shape;
  const full: 'valid' | [[number, number], [number, number], [number, number], [number, number]] =
    kh === 1 && kw === 1 ? 'valid' : [[0, 0], [kh - 1, kh - 1], [kw - 1, kw - 1], [0, 0]];
  const op = tf.customGrad((input, save) => {
    (save as Save)([flipped]);
    return {
      value: tf.fused.conv2d({ x: input as tf.Tensor4D, filter, strides: 1, pad: 'valid', bias }),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.conv2d(dy as tf.Tensor4D, saved[0] as tf.Tensor4D, 1, full),
    };
  });
  return op(x) as tf.Tensor4D;
}

function layer(x: tf.Tensor4D, weights: MtcnnWeights, name: string): tf.Tensor4D {
  const filter = weights[`pnet/${name}/weights`] as tf.Tensor4D;
  return conv(x, filter, weights[`pnet/${name}/bias`]!, weights[flippedName(`pnet/${name}/weights`)] as tf.Tensor4D);
}

export interface PNetCanvasOutput {
  /** [n, w', h', 1]: z_face − z_not (transposed like the canvas). */
  diff: tf.Tensor4D;
  /** [n, w', h', 4] box offsets, when asked for. */
  box: tf.Tensor4D | null;
}

/**
 * P-Net on a canvas [n, W, H, 3]. `edges` ([n, W − 2, H − 2, 1], or null) is added after the first
 * layer: −1e4 where a window that ends at an odd level edge meets the padding, so that the 2×2 max
 * pool sees there what 'same' pooling sees at the level's own edge (nothing).
 */
export function pnetOnCanvas(weights: MtcnnWeights, head: PNetCanvasWeights, x: tf.Tensor4D, edges: tf.Tensor4D | null, wantBox: boolean): PNetCanvasOutput {
  let h = tf.prelu(layer(x, weights, 'conv1'), weights['pnet/prelu1_alpha']!) as tf.Tensor4D;
  if (edges) h = tf.add(h, edges);
  h = tf.maxPool(h, 2, 2, 'same');
  h = tf.prelu(layer(h, weights, 'conv2'), weights['pnet/prelu2_alpha']!) as tf.Tensor4D;
  h = tf.prelu(layer(h, weights, 'conv3'), weights['pnet/prelu3_alpha']!) as tf.Tensor4D;
  return {
    diff: conv(h, head.diffFilter, head.diffBias, head.diffFlipped),
    box: wantBox ? layer(h, weights, 'conv4_2') : null,
  };
}

/**
 * Where P-Net's face/no-face loss stops pulling: a cell no longer counts once d = z1 − z0 is well below
 * `logit` (the pruning's objective, sparse.ts). With `sharpness` s the loss is softplus(s·(d − logit)) / s,
 * a smooth hinge max(0, d − logit) whose gradient sigmoid(s·(d − logit)) is ½ at the threshold and
 * falls by e^s per unit of d below it.
 */
export interface PnetMargin {
  logit: number;
  sharpness: number;
}

/**
 * Σ weights · softplus(d) (the seed's −log(1 − p_face), averaged over each window's attacked cells by
 * the weights), with `probs` = sigmoid(d) reused by the gradient: weights · probs · dy. With a
 * `margin`, Σ weights · softplus(s·(d − logit)) / s instead (gradient weights · sigmoid(s·(d − logit)) · dy),
 * computed from d itself, so a saturated cell (p = 1 in float32) keeps its gradient.
 */
export function weightedSoftplus(diff: tf.Tensor4D, probs: tf.Tensor4D, weights: tf.Tensor4D, weightsColumn: tf.Tensor2D, margin?: PnetMargin): tf.Scalar {
  const n = weightsColumn.shape[0];
  if (margin) {
    const { logit, sharpness: s } = margin;
    const shift = (d: tf.Tensor) => tf.mul(tf.sub(d, logit), s);
    const hinge = tf.customGrad((d, save) => {
      (save as Save)([d as tf.Tensor]);
      return {
        value: tf.tidy(() => tf.div(tf.reshape(tf.matMul(tf.reshape(tf.softplus(shift(d as tf.Tensor)), [1, n]), weightsColumn), []), s)),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.tidy(() => tf.mul(tf.mul(tf.sigmoid(shift(saved[0]!)), weights), dy)),
      };
    });
    return hinge(diff) as tf.Scalar;
  }
  const op = tf.customGrad((d, save) => {
    (save as Save)([probs]);
    return {
      value: tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(tf.softplus(d as tf.Tensor), [1, n]), weightsColumn), [])),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.tidy(() => tf.mul(tf.mul(saved[0]!, weights), dy)),
    };
  });
  return op(diff) as tf.Scalar;
}
