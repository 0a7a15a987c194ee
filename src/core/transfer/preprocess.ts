import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../image';

/*
 * The Tiny Face Detector's input, as face-api prepares a tensor: RGB 0–255, zero-padded on the
 * bottom or the right to a square (the image stays in the top-left corner), resized to
 * inputSize² by tfjs's bilinear resize (no corner alignment, no half-pixel centres), the
 * per-channel training mean subtracted and the result divided by 255.
 */

/** Mean R, G, B of the detector's training images, subtracted before the first layer. */
export const TINY_MEAN_RGB: readonly [number, number, number] = [117.001, 114.697, 97.404];

/** RGBA bytes → [1, H, W, 3] float32 on 0–255 (alpha dropped). */
export function rgbaToPixels(img: RgbaImage): tf.Tensor4D {
  const { width, height, data } = img;
  const rgb = new Float32Array(width * height * 3);
  for (let p = 0, q = 0; q < rgb.length; p += 4, q += 3) {
    rgb[q] = data[p]!;
    rgb[q + 1] = data[p + 1]!;
    rgb[q + 2] = data[p + 2]!;
  }
  return tf.tensor4d(rgb, [1, height, width, 3]);
}

/** The size the image has inside the square input (longer side = inputSize), rounded as the library rounds it. */
export function reshapedSize(width: number, height: number, inputSize: number): { width: number; height: number } {
  const scale = inputSize / Math.max(width, height);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/** [1, H, W, 3] on 0–255 → the network's [1, inputSize, inputSize, 3] input. */
export function toNetInput(pixels: tf.Tensor4D, inputSize: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = pixels.shape;
    const side = Math.max(height, width);
    let square = pixels;
    if (height !== width) square = tf.pad(pixels, [[0, 0], [0, side - height], [0, side - width], [0, 0]]);
    const resized = side === inputSize ? square : tf.image.resizeBilinear(square, [inputSize, inputSize], false, false);
    return tf.div(tf.sub(resized, tf.tensor1d([...TINY_MEAN_RGB])), 255);
  });
}
