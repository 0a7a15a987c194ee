import * as tf from '@tensorflow/tfjs';
import { activateNodeBackend } from '../node/backend';
import { exitOnWebGpuError } from '../node/webgpu';
import { loadWeightsFromDir } from '../node/models';
import { ImageReadError, readImageFile } from '../node/imageFile';
import { rgbaToTensor, type RgbaImage } from '../core/image';
import { parseBackendName, type BackendChoice } from '../core/backend';
import type { MtcnnWeights } from '../core/mtcnn/weights';
import { detectFaces, type Detection } from '../core/mtcnn/detect';
import { validateDetectOptions, type Conventions, type DetectOptions } from '../core/mtcnn/options';
import { detectOptionsFrom } from './detectOptions';
import { UsageError } from './errors';
import { checkOutputPaths, type OutputPath } from './outputPaths';

export interface CliContext {
  backend: BackendChoice;
  weights: MtcnnWeights;
}

export async function openContext(backendFlag: string | undefined): Promise<CliContext> {
  const forced = backendFlag === undefined ? 'wasm' : parseBackendName(backendFlag);
  if (forced !== 'wasm' && forced !== 'cpu' && forced !== 'webgpu') throw new UsageError(`--backend must be wasm, cpu or webgpu in Node, got "${backendFlag}"`);
  const backend = await activateNodeBackend(forced);
  // A requested backend that fails is an error here, not a silent fallback (WebGPU: no adapter, with how to get one).
  if (backend.name !== forced) throw new UsageError(`--backend ${forced}: ${backend.skipped.find((s) => s.name === forced)?.why ?? 'it failed to start'}`);
  if (backend.name === 'webgpu') exitOnWebGpuError('mtcnn-attack:');
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

export interface AttackInput {
  ctx: CliContext;
  options: DetectOptions;
  image: LoadedImage;
  clean: Detection;
}

/**
 * What `attack` and `sparse` share: detector options in the attack's conventions, the engine, the
 * one image and its clean detection. The outputs and the image are checked before the engine
 * starts: an unusable output or an unreadable image is a one-line usage error. The caller disposes
 * `image.tensor`.
 */
export async function openAttackInput(
  command: string,
  values: Record<string, unknown>,
  positionals: string[],
  conventions: Conventions,
  outputs: readonly OutputPath[],
): Promise<AttackInput> {
  if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one image (run \`mtcnn-attack --help\` for usage)`);
  const options = { ...detectOptionsFrom(values), conventions };
  const invalid = validateDetectOptions(options);
  if (invalid) throw new UsageError(invalid);
  const path = positionals[0]!;
  await checkOutputPaths(outputs, positionals);
  let rgba: RgbaImage;
  try {
    rgba = await readImageFile(path);
  } catch (err) {
    if (err instanceof ImageReadError) throw new UsageError(`${path}: ${err.message}`);
    throw err;
  }
  const ctx = await openContext(values.backend as string | undefined);
  const image: LoadedImage = { path, rgba, tensor: rgbaToTensor(rgba) };
  try {
    return { ctx, options, image, clean: await detectFaces(ctx.weights, image.tensor, options) };
  } catch (err) {
    image.tensor.dispose();
    throw err;
  }
}
