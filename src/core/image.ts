import * as tf from '@tensorflow/tfjs';

/** Interleaved RGBA pixels, as ImageData holds them. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** RGBA pixels → [H, W, 3] float32 tensor on [0, 1] (alpha dropped). */
export function rgbaToTensor(img: RgbaImage): tf.Tensor3D {
  const { width, height, data } = img;
  if (data.length !== width * height * 4) throw new Error(`RGBA buffer has ${data.length} bytes, expected ${width * height * 4}`);
  const rgb = new Float32Array(width * height * 3);
  for (let p = 0, q = 0; p < data.length; p += 4, q += 3) {
    rgb[q] = data[p]! / 255;
    rgb[q + 1] = data[p + 1]! / 255;
    rgb[q + 2] = data[p + 2]! / 255;
  }
  return tf.tensor3d(rgb, [height, width, 3]);
}

/** Rounds an image on [0, 1] to the 8-bit grid a saved PNG holds, staying on [0, 1]. */
export function quantize8(x01: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => tf.div(tf.round(tf.mul(tf.clipByValue(x01, 0, 1), 255)), 255));
}

/** [H, W, 3] tensor on [0, 1] → RGBA bytes (rounded, alpha 255). */
export async function tensorToRgba(x01: tf.Tensor3D): Promise<RgbaImage> {
  const [height, width] = x01.shape;
  const bytes = tf.tidy(() => tf.cast(tf.round(tf.mul(tf.clipByValue(x01, 0, 1), 255)), 'int32'));
  const rgb = await bytes.data();
  bytes.dispose();
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0, q = 0; q < rgb.length; p += 4, q += 3) {
    data[p] = rgb[q]!;
    data[p + 1] = rgb[q + 1]!;
    data[p + 2] = rgb[q + 2]!;
    data[p + 3] = 255;
  }
  return { width, height, data };
}
