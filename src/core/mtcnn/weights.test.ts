import { describe, expect, it, beforeAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadMtcnnWeights, MANIFEST_FILE, MTCNN_WEIGHT_SHAPES, ModelLoadError, disposeWeights, flippedName } from './weights';
import { MODELS_DIR } from '../../node/models';
import { onBackend } from '../../node/testing';

const real = (name: string) => readFile(path.join(MODELS_DIR, name));

describe('weights loader', () => {
  beforeAll(() => onBackend('cpu'));

  it('loads every weight the nets need with the right shapes', async () => {
    const w = await loadMtcnnWeights(real);
    for (const [name, shape] of Object.entries(MTCNN_WEIGHT_SHAPES)) expect(w[name]!.shape).toEqual(shape);
    // The flipped conv kernels used for input gradients: rotated 180° and in/out swapped.
    const k = w['pnet/conv2/weights']!;
    const f = w[flippedName('pnet/conv2/weights')]!;
    expect(f.shape).toEqual([3, 3, 16, 10]);
    const [kd, fd] = [k.arraySync() as number[][][][], f.arraySync() as number[][][][]];
    expect(fd[0]![1]![7]![4]).toBe(kd[2]![1]![4]![7]);
    disposeWeights(w);
  });

  it('names a missing file', async () => {
    const read = async (name: string) => {
      if (name === 'mtcnn_model-shard1') throw new Error('404 Not Found');
      return real(name);
    };
    await expect(loadMtcnnWeights(read)).rejects.toThrow(/Cannot read model file "mtcnn_model-shard1": 404/);
  });

  it('refuses a truncated shard, an altered shard and a broken manifest', async () => {
    const truncated = async (name: string) => (name === MANIFEST_FILE ? real(name) : (await real(name)).subarray(0, 1000));
    await expect(loadMtcnnWeights(truncated)).rejects.toThrow(/1000 bytes, the manifest needs 1983400/);
    const altered = async (name: string) => {
      const bytes = new Uint8Array(await real(name));
      if (name !== MANIFEST_FILE) bytes[12345] = bytes[12345]! ^ 0xff;
      return bytes;
    };
    await expect(loadMtcnnWeights(altered)).rejects.toThrow(/checksum/);
    const notJson = async (name: string) => (name === MANIFEST_FILE ? new TextEncoder().encode('<html>') : real(name));
    await expect(loadMtcnnWeights(notJson)).rejects.toThrow(ModelLoadError);
  });

  it('refuses a manifest whose shapes do not fit the nets', async () => {
    const wrongShape = async (name: string) => {
      if (name !== MANIFEST_FILE) return real(name);
      const text = (await real(name)).toString().replace('"shape": [3, 3, 3, 10]', '"shape": [3, 3, 10, 3]');
      return new TextEncoder().encode(text);
    };
    await expect(loadMtcnnWeights(wrongShape)).rejects.toThrow(/"pnet\/conv1\/weights" is float32\[3,3,10,3\], the net needs float32\[3,3,3,10\]/);
  });
});
