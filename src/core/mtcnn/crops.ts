import * as tf from '@tensorflow/tfjs';
import { fixBox, square } from './boxes';
import type { Rect } from './detect';
import { onet, rnet } from './nets';
import { channelOrderOf, type DetectOptions } from './options';
import { cropPatches, faceProbability, netInput } from './stages';
import type { MtcnnWeights } from './weights';

/*
 * What R-Net and O-Net see of a face: the square crop of its clean box (as the attack's R/O-Net
 * heads read it), resampled to 24×24 and 48×48 as the cascade does, and each net's face
 * probability on it. For teaching: a P-Net-only attack may leave these scores high, because the
 * face never reaches R-Net.
 */

export interface NetCrop {
  size: 24 | 48;
  /** Face probability of the net on this crop. */
  score: number;
  /** The crop as RGBA bytes, size×size. */
  rgba: Uint8ClampedArray;
}

export interface FaceCrops {
  rnet: NetCrop;
  onet: NetCrop;
}

/** The square, truncated crop box R-Net and O-Net read for a face box (the attack's faceCropBox). */
export function faceCropBox(face: Rect) {
  return fixBox(square({ x1: face.x, y1: face.y, x2: face.x + face.width, y2: face.y + face.height, score: 1 }));
}

function toRgba(patches: Float32Array, n: number, size: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(size * size * 4);
  const base = n * size * size * 3;
  for (let p = 0, q = base; p < out.length; p += 4, q += 3) {
    out[p] = Math.round(patches[q]! * 255);
    out[p + 1] = Math.round(patches[q + 1]! * 255);
    out[p + 2] = Math.round(patches[q + 2]! * 255);
    out[p + 3] = 255;
  }
  return out;
}

/** R-Net and O-Net crops and scores of each face, from [H, W, 3] pixels on [0, 1]. Leaves no tensors. */
export async function faceCrops(weights: MtcnnWeights, pixels: Float32Array, width: number, height: number, faces: readonly Rect[], options: DetectOptions): Promise<FaceCrops[]> {
  if (faces.length === 0) return [];
  const order = channelOrderOf(options);
  const boxes = faces.map(faceCropBox);
  const run = async (size: 24 | 48): Promise<NetCrop[]> => {
    const patches = cropPatches(pixels, width, height, boxes, size, options.conventions);
    const prob = tf.tidy(() => {
      const x = netInput(tf.tensor4d(patches, [boxes.length, size, size, 3]), order);
      return faceProbability((size === 24 ? rnet(weights, x) : onet(weights, x)).logits);
    });
    const scores = (await prob.data()) as Float32Array;
    prob.dispose();
    return boxes.map((_, n) => ({ size, score: scores[n]!, rgba: toRgba(patches, n, size) }));
  };
  const [r, o] = [await run(24), await run(48)];
  return faces.map((_, n) => ({ rnet: r[n]!, onet: o[n]! }));
}
