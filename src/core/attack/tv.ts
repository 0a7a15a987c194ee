import * as tf from '@tensorflow/tfjs';
import type { TvKind } from './params';

/**
 * Total variation of a perturbation [H, W, C], averaged over values (seed 000's L_TV):
 * iso: mean √(dx² + dy² + 1e-12) over the (H−1)×(W−1) grid; aniso: mean |dx| + mean |dy|.
 * The 1e-12 keeps the isotropic gradient finite where δ is flat.
 */
export function totalVariation(delta: tf.Tensor3D, kind: TvKind): tf.Scalar {
  return tf.tidy(() => {
    const [h, w, c] = delta.shape;
    if (h < 2 || w < 2) return tf.scalar(0);
    const dx = tf.sub(tf.slice(delta, [0, 1, 0], [h - 1, w - 1, c]), tf.slice(delta, [0, 0, 0], [h - 1, w - 1, c]));
    const dy = tf.sub(tf.slice(delta, [1, 0, 0], [h - 1, w - 1, c]), tf.slice(delta, [0, 0, 0], [h - 1, w - 1, c]));
    if (kind === 'aniso') return tf.add(tf.mean(tf.abs(dx)), tf.mean(tf.abs(dy))) as tf.Scalar;
    return tf.mean(tf.sqrt(tf.add(tf.add(tf.square(dx), tf.square(dy)), 1e-12))) as tf.Scalar;
  });
}
