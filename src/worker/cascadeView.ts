import * as tf from '@tensorflow/tfjs';
import { tensorToRgba, type RgbaImage } from '../core/image';
import { detectFaces, type Rect } from '../core/mtcnn/detect';
import { faceFunnel } from '../core/mtcnn/funnel';
import { faceCrops } from '../core/mtcnn/crops';
import type { DenseAttack } from '../core/attack/dense';
import type { CascadeView } from './protocol';

/*
 * What the worker sends with a step's preview: the adversarial image at a preview size, and the full
 * cascade on it seen from the attacked faces. Built here, in the worker, so the main thread only
 * draws.
 */

/** Previews (live view and replay frames) are at most this many pixels on their longer side. */
export const PREVIEW_MAX_SIDE = 512;

export interface PreviewFrame {
  preview: RgbaImage;
  cascade: CascadeView | null;
}

/** The attack's current adversarial image as a preview, and (withCascade) the cascade on it. */
export async function previewFrame(attack: DenseAttack, faces: readonly Rect[], withCascade: boolean): Promise<PreviewFrame> {
  const adv = attack.adversarial();
  try {
    const [height, width] = adv.shape;
    const k = Math.min(1, PREVIEW_MAX_SIDE / Math.max(width, height));
    const small = k < 1 ? tf.tidy(() => tf.image.resizeBilinear(adv, [Math.round(height * k), Math.round(width * k)], false, true) as tf.Tensor3D) : adv;
    const preview = await tensorToRgba(small);
    if (small !== adv) small.dispose();
    if (!withCascade) return { preview, cascade: null };
    const t0 = performance.now();
    const detection = await detectFaces(attack.weights, adv, attack.options);
    const pixels = (await adv.data()) as Float32Array;
    const crops = await faceCrops(attack.weights, pixels, width, height, faces, attack.options);
    const cascade: CascadeView = {
      funnel: faceFunnel(detection, faces),
      faces: detection.faces.map((f) => ({ box: f.box, score: f.score })),
      crops,
      ms: performance.now() - t0,
    };
    return { preview, cascade };
  } finally {
    adv.dispose();
  }
}

/** Buffers of a frame to transfer rather than copy. */
export function frameBuffers(frame: PreviewFrame | null): ArrayBuffer[] {
  if (!frame) return [];
  const crops = frame.cascade?.crops.flatMap((c) => [c.rnet.rgba.buffer, c.onet.rgba.buffer]) ?? [];
  return [frame.preview.data.buffer as ArrayBuffer, ...(crops as ArrayBuffer[])];
}
