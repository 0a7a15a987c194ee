import * as tf from '@tensorflow/tfjs';
import { activateNodeBackend } from './backend';
import { loadWeightsFromDir } from './models';
import { readImageFile } from './imageFile';
import { rgbaToTensor } from '../core/image';
import type { MtcnnWeights } from '../core/mtcnn/weights';
import { detectFaces, type Detection } from '../core/mtcnn/detect';
import type { RgbaImage } from '../core/image';
import type { BackendName } from '../core/backend';
import { fileURLToPath } from 'node:url';

export { seededRandom } from '../core/random';
export { directionalDerivatives } from '../core/gradcheck';

/** Test fixtures shared by the unit tests (Node only). */

export const SAMPLES_DIR = fileURLToPath(new URL('../../public/samples/', import.meta.url));
export const ASTRONAUT = SAMPLES_DIR + 'astronaut.png';
export const GROUP = SAMPLES_DIR + 'group.jpg';

let weights: MtcnnWeights | null = null;

export async function testWeights(): Promise<MtcnnWeights> {
  weights ??= await loadWeightsFromDir();
  return weights;
}

export async function onBackend(name: BackendName): Promise<void> {
  await activateNodeBackend(name);
  if (tf.getBackend() !== name) throw new Error(`backend ${name} did not activate`);
}

export async function loadSample(file: string): Promise<tf.Tensor3D> {
  return rgbaToTensor(await readImageFile(file));
}

/** A sample photo as most tests start: the weights, its pixels, its tensor on [0, 1] and its clean detection, on `backend`. */
export async function photoFixture(file = ASTRONAUT, backend: BackendName = 'wasm'): Promise<{ weights: MtcnnWeights; rgba: RgbaImage; image: tf.Tensor3D; clean: Detection }> {
  await onBackend(backend);
  const w = await testWeights();
  const rgba = await readImageFile(file);
  const image = rgbaToTensor(rgba);
  return { weights: w, rgba, image, clean: await detectFaces(w, image) };
}
