import * as tf from '@tensorflow/tfjs';

/** The weight names and shapes the three nets in `nets.ts` read. Kernels are [kh, kw, in, out]. */
export const MTCNN_WEIGHT_SHAPES: Readonly<Record<string, readonly number[]>> = {
  'pnet/conv1/weights': [3, 3, 3, 10], 'pnet/conv1/bias': [10], 'pnet/prelu1_alpha': [10],
  'pnet/conv2/weights': [3, 3, 10, 16], 'pnet/conv2/bias': [16], 'pnet/prelu2_alpha': [16],
  'pnet/conv3/weights': [3, 3, 16, 32], 'pnet/conv3/bias': [32], 'pnet/prelu3_alpha': [32],
  'pnet/conv4_1/weights': [1, 1, 32, 2], 'pnet/conv4_1/bias': [2],
  'pnet/conv4_2/weights': [1, 1, 32, 4], 'pnet/conv4_2/bias': [4],
  'rnet/conv1/weights': [3, 3, 3, 28], 'rnet/conv1/bias': [28], 'rnet/prelu1_alpha': [28],
  'rnet/conv2/weights': [3, 3, 28, 48], 'rnet/conv2/bias': [48], 'rnet/prelu2_alpha': [48],
  'rnet/conv3/weights': [2, 2, 48, 64], 'rnet/conv3/bias': [64], 'rnet/prelu3_alpha': [64],
  'rnet/fc1/weights': [576, 128], 'rnet/fc1/bias': [128], 'rnet/prelu4_alpha': [128],
  'rnet/fc2_1/weights': [128, 2], 'rnet/fc2_1/bias': [2],
  'rnet/fc2_2/weights': [128, 4], 'rnet/fc2_2/bias': [4],
  'onet/conv1/weights': [3, 3, 3, 32], 'onet/conv1/bias': [32], 'onet/prelu1_alpha': [32],
  'onet/conv2/weights': [3, 3, 32, 64], 'onet/conv2/bias': [64], 'onet/prelu2_alpha': [64],
  'onet/conv3/weights': [3, 3, 64, 64], 'onet/conv3/bias': [64], 'onet/prelu3_alpha': [64],
  'onet/conv4/weights': [2, 2, 64, 128], 'onet/conv4/bias': [128], 'onet/prelu4_alpha': [128],
  'onet/fc1/weights': [1152, 256], 'onet/fc1/bias': [256], 'onet/prelu5_alpha': [256],
  'onet/fc2_1/weights': [256, 2], 'onet/fc2_1/bias': [2],
  'onet/fc2_2/weights': [256, 4], 'onet/fc2_2/bias': [4],
  'onet/fc2_3/weights': [256, 10], 'onet/fc2_3/bias': [10],
};

export const MANIFEST_FILE = 'mtcnn_model-weights_manifest.json';
/** sha256 of the one shard we ship (see public/models/PROVENANCE.md). */
export const SHARD_SHA256 = '20f4d3ac278e42e9a079453441533ec4e79bb6bd2e7cf7bd33e34ee123d674cb';

export type MtcnnWeights = Readonly<Record<string, tf.Tensor>>;

/** Reads one model file by name: fetch in the browser, the file system in Node. */
export type ModelFileReader = (name: string) => Promise<ArrayBuffer | Uint8Array>;

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

interface ManifestGroup {
  paths: string[];
  weights: { name: string; shape: number[]; dtype: string }[];
}

async function readOrExplain(read: ModelFileReader, name: string): Promise<Uint8Array> {
  try {
    const bytes = await read(name);
    return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  } catch (err) {
    throw new ModelLoadError(`Cannot read model file "${name}": ${(err as Error).message}`);
  }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function parseManifest(bytes: Uint8Array): ManifestGroup[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ModelLoadError(`Model manifest "${MANIFEST_FILE}" is not valid JSON (corrupt file?)`);
  }
  if (!Array.isArray(manifest) || manifest.some((g) => !Array.isArray(g?.paths) || !Array.isArray(g?.weights))) {
    throw new ModelLoadError(`Model manifest "${MANIFEST_FILE}" does not have the weights-manifest format`);
  }
  return manifest as ManifestGroup[];
}

function checkShapes(specs: ManifestGroup['weights']): void {
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const [name, shape] of Object.entries(MTCNN_WEIGHT_SHAPES)) {
    const spec = byName.get(name);
    if (!spec) throw new ModelLoadError(`Model manifest lacks weight "${name}"`);
    if (spec.dtype !== 'float32' || spec.shape.join(',') !== shape.join(',')) {
      throw new ModelLoadError(
        `Weight "${name}" is ${spec.dtype}[${spec.shape.join(',')}], the net needs float32[${shape.join(',')}]`,
      );
    }
  }
}

/**
 * Loads, checks and decodes the MTCNN weights. The same code serves the browser and Node: only
 * `read` differs. Throws ModelLoadError with a human message on a missing or corrupt file.
 */
export async function loadMtcnnWeights(read: ModelFileReader): Promise<MtcnnWeights> {
  const groups = parseManifest(await readOrExplain(read, MANIFEST_FILE));
  const specs = groups.flatMap((g) => g.weights);
  checkShapes(specs);
  const shards = await Promise.all(groups.flatMap((g) => g.paths).map((p) => readOrExplain(read, p)));
  const total = shards.reduce((n, s) => n + s.byteLength, 0);
  const expected = specs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
  if (total !== expected) {
    throw new ModelLoadError(`Model shard has ${total} bytes, the manifest needs ${expected} (truncated or corrupt file)`);
  }
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const s of shards) {
    joined.set(s, offset);
    offset += s.byteLength;
  }
  if (shards.length === 1 && (await sha256Hex(joined)) !== SHARD_SHA256) {
    throw new ModelLoadError('Model shard checksum does not match the published MTCNN weights (corrupt file?)');
  }
  const decoded = tf.io.decodeWeights(joined.buffer, specs as tf.io.WeightsManifestEntry[]);
  const wanted: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(decoded)) {
    if (name in MTCNN_WEIGHT_SHAPES) wanted[name] = t;
    else t.dispose();
  }
  for (const name of Object.keys(wanted)) {
    if (name.includes('/conv') && name.endsWith('/weights')) wanted[flippedName(name)] = flipFilter(wanted[name] as tf.Tensor4D);
  }
  return wanted;
}

/** Name of a conv kernel's flipped, in/out-transposed copy (used for input gradients, see nets.ts). */
export function flippedName(name: string): string {
  return `${name}#flipped`;
}

/** [kh, kw, in, out] → rotated 180° spatially and transposed to [kh, kw, out, in]. */
export function flipFilter(w: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D);
}

export function disposeWeights(weights: MtcnnWeights): void {
  for (const t of Object.values(weights)) t.dispose();
}
