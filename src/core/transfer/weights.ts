import * as tf from '@tensorflow/tfjs';
import { ModelLoadError, type ModelFileReader } from '../mtcnn/weights';

/*
 * The Tiny Face Detector's weights (face-api's, MIT; see public/models/PROVENANCE.md): one
 * uint8-quantised shard and its tfjs weights manifest. The manifest holds each tensor's
 * dequantisation scale and minimum, so both files are checked against their published sha256.
 */

export const TINY_MANIFEST_FILE = 'tiny_face_detector_model-weights_manifest.json';
export const TINY_SHARD_FILE = 'tiny_face_detector_model.bin';
/** sha256 of the files we ship (public/models/PROVENANCE.md). */
export const TINY_MANIFEST_SHA256 = '5d1af4849ac48d5b985f4a9b16010c512353ddd6fcc63d50fd0bc9e9e64296e5';
export const TINY_SHARD_SHA256 = 'b7503ce7df31039b1c43316a9b865cab6a70dd748cc602d3fa28b551503c3871';

/** One 3×3 convolution, then five depthwise-separable blocks, then the 1×1 head (5 anchors × 5 numbers). */
export const SEPARABLE_BLOCKS = ['conv1', 'conv2', 'conv3', 'conv4', 'conv5'] as const;
const CHANNELS = [16, 32, 64, 128, 256, 512];

function expectedShapes(): Record<string, number[]> {
  const shapes: Record<string, number[]> = { 'conv0/filters': [3, 3, 3, 16], 'conv0/bias': [16] };
  SEPARABLE_BLOCKS.forEach((block, i) => {
    shapes[`${block}/depthwise_filter`] = [3, 3, CHANNELS[i]!, 1];
    shapes[`${block}/pointwise_filter`] = [1, 1, CHANNELS[i]!, CHANNELS[i + 1]!];
    shapes[`${block}/bias`] = [CHANNELS[i + 1]!];
  });
  shapes['conv8/filters'] = [1, 1, 512, 25];
  shapes['conv8/bias'] = [25];
  return shapes;
}

/** Every weight the network reads, with its shape ([kh, kw, in, out] for kernels). */
export const TINY_WEIGHT_SHAPES: Readonly<Record<string, readonly number[]>> = expectedShapes();

export type TinyFaceWeights = Readonly<Record<string, tf.Tensor>>;

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale: number; min: number };
}

async function readFileBytes(read: ModelFileReader, name: string): Promise<Uint8Array> {
  try {
    const bytes = await read(name);
    return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  } catch (err) {
    throw new ModelLoadError(`Cannot read the Tiny Face Detector's model file "${name}": ${(err as Error).message}`);
  }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function manifestEntries(bytes: Uint8Array): { paths: string[]; entries: ManifestEntry[] } {
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ModelLoadError(`The Tiny Face Detector's manifest "${TINY_MANIFEST_FILE}" is not valid JSON (corrupt file?)`);
  }
  const groups = manifest as { paths?: unknown; weights?: unknown }[];
  if (!Array.isArray(groups) || groups.some((g) => !Array.isArray(g?.paths) || !Array.isArray(g?.weights))) {
    throw new ModelLoadError(`The Tiny Face Detector's manifest "${TINY_MANIFEST_FILE}" does not have the weights-manifest format`);
  }
  return {
    paths: groups.flatMap((g) => g.paths as string[]),
    entries: groups.flatMap((g) => g.weights as ManifestEntry[]),
  };
}

function checkShapes(entries: readonly ManifestEntry[]): void {
  const byName = new Map(entries.map((e) => [e.name, e]));
  for (const [name, shape] of Object.entries(TINY_WEIGHT_SHAPES)) {
    const entry = byName.get(name);
    if (!entry) throw new ModelLoadError(`The Tiny Face Detector's manifest lacks weight "${name}"`);
    if (entry.shape.join(',') !== shape.join(',')) {
      throw new ModelLoadError(`Tiny Face Detector weight "${name}" has shape [${entry.shape.join(',')}], the network needs [${shape.join(',')}]`);
    }
  }
}

/** Bytes one manifest entry takes in the shard (quantised entries: 1 or 2 bytes a value). */
function entryBytes(e: ManifestEntry): number {
  const values = e.shape.reduce((a, b) => a * b, 1);
  const q = e.quantization?.dtype;
  return values * (q === 'uint8' ? 1 : q === 'uint16' || q === 'float16' ? 2 : 4);
}

/**
 * Loads and checks the Tiny Face Detector's weights: the manifest's format and every shape the
 * network needs, the shard's length, and both files' sha256 against the published ones. Refuses a
 * missing, truncated or altered file with a ModelLoadError (the CLI's one-line model message)
 * that says which.
 */
export async function loadTinyFaceWeights(read: ModelFileReader): Promise<TinyFaceWeights> {
  const manifestBytes = await readFileBytes(read, TINY_MANIFEST_FILE);
  const { paths, entries } = manifestEntries(manifestBytes);
  checkShapes(entries);
  if (paths.length !== 1 || paths[0] !== TINY_SHARD_FILE) {
    throw new ModelLoadError(`The Tiny Face Detector's manifest names shard(s) ${JSON.stringify(paths)}, expected ["${TINY_SHARD_FILE}"]`);
  }
  if ((await sha256Hex(manifestBytes)) !== TINY_MANIFEST_SHA256) {
    throw new ModelLoadError(`The Tiny Face Detector's manifest "${TINY_MANIFEST_FILE}" does not match the published one (altered or corrupt file?)`);
  }
  const shard = await readFileBytes(read, TINY_SHARD_FILE);
  const expected = entries.reduce((n, e) => n + entryBytes(e), 0);
  if (shard.byteLength !== expected) {
    throw new ModelLoadError(`The Tiny Face Detector's shard "${TINY_SHARD_FILE}" has ${shard.byteLength} bytes, the manifest needs ${expected} (truncated or corrupt file?)`);
  }
  if ((await sha256Hex(shard)) !== TINY_SHARD_SHA256) {
    throw new ModelLoadError(`The Tiny Face Detector's shard "${TINY_SHARD_FILE}" does not match the published weights (altered or corrupt file?)`);
  }
  const own = shard.slice();
  const decoded = tf.io.decodeWeights(own.buffer, entries as tf.io.WeightsManifestEntry[]);
  const weights: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(decoded)) {
    if (name in TINY_WEIGHT_SHAPES) weights[name] = t;
    else t.dispose();
  }
  return weights;
}

export function disposeTinyFaceWeights(weights: TinyFaceWeights): void {
  for (const t of Object.values(weights)) t.dispose();
}
