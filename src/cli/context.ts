import * as tf from '@tensorflow/tfjs';
import { activateNodeBackend } from '../node/backend';
import { loadWeightsFromDir } from '../node/models';
import { readImageFile } from '../node/imageFile';
import { rgbaToTensor, type RgbaImage } from '../core/image';
import { parseBackendName, type BackendChoice } from '../core/backend';
import type { MtcnnWeights } from '../core/mtcnn/weights';
import { UsageError } from './errors';

export interface CliContext {
  backend: BackendChoice;
  weights: MtcnnWeights;
}

export async function openContext(backendFlag: string | undefined): Promise<CliContext> {
  const forced = backendFlag === undefined ? 'wasm' : parseBackendName(backendFlag);
  if (forced !== 'wasm' && forced !== 'cpu') throw new UsageError(`--backend must be wasm or cpu in Node, got "${backendFlag}"`);
  const backend = await activateNodeBackend(forced);
  return { backend, weights: await loadWeightsFromDir() };
}

export interface LoadedImage {
  path: string;
  rgba: RgbaImage;
  tensor: tf.Tensor3D;
}

export async function loadImage(path: string): Promise<LoadedImage> {
  const rgba = await readImageFile(path);
  return { path, rgba, tensor: rgbaToTensor(rgba) };
}

/** Writes one line to stderr without a stack trace. */
export function complain(message: string): void {
  process.stderr.write(`mtcnn-attack: ${message}\n`);
}
