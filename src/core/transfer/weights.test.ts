import { describe, expect, it, beforeAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ModelLoadError } from '../mtcnn/weights';
import { MODELS_DIR } from '../../node/models';
import { onBackend } from '../../node/testing';
import { disposeTinyFaceWeights, loadTinyFaceWeights, TINY_MANIFEST_FILE, TINY_SHARD_FILE, TINY_WEIGHT_SHAPES } from './weights';

const real = (name: string) => readFile(path.join(MODELS_DIR, name));
const editedManifest = (edit: (text: string) => string) => async (name: string) =>
  name === TINY_MANIFEST_FILE ? new TextEncoder().encode(edit((await real(name)).toString())) : real(name);

describe('Tiny Face Detector weights loader', () => {
  beforeAll(() => onBackend('cpu'));

  it('loads and dequantises every weight the network needs', async () => {
    const w = await loadTinyFaceWeights(real);
    expect(Object.keys(w).sort()).toEqual(Object.keys(TINY_WEIGHT_SHAPES).sort());
    for (const [name, shape] of Object.entries(TINY_WEIGHT_SHAPES)) {
      expect(w[name]!.shape, name).toEqual(shape);
      expect(w[name]!.dtype, name).toBe('float32');
    }
    // uint8 quantisation: every value is min + k·scale with k in 0…255 (conv0/bias's scale and min from the manifest).
    const manifest = JSON.parse((await real(TINY_MANIFEST_FILE)).toString()) as { weights: { name: string; quantization: { scale: number; min: number } }[] }[];
    const q = manifest[0]!.weights.find((e) => e.name === 'conv0/bias')!.quantization;
    for (const v of await w['conv0/bias']!.data()) {
      const k = (v - q.min) / q.scale;
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-3);
      expect(Math.round(k)).toBeGreaterThanOrEqual(0);
      expect(Math.round(k)).toBeLessThanOrEqual(255);
    }
    disposeTinyFaceWeights(w);
  });

  it('names a missing file', async () => {
    const read = async (name: string) => {
      if (name === TINY_SHARD_FILE) throw new Error('404 Not Found');
      return real(name);
    };
    await expect(loadTinyFaceWeights(read)).rejects.toThrow(/Cannot read the Tiny Face Detector's model file "tiny_face_detector_model.bin": 404/);
  });

  it('refuses a truncated shard and an altered shard', async () => {
    const truncated = async (name: string) => (name === TINY_SHARD_FILE ? (await real(name)).subarray(0, 1000) : real(name));
    await expect(loadTinyFaceWeights(truncated)).rejects.toThrow(/has 1000 bytes, the manifest needs 193321/);
    const altered = async (name: string) => {
      const bytes = new Uint8Array(await real(name));
      if (name === TINY_SHARD_FILE) bytes[54321] = bytes[54321]! ^ 0x01;
      return bytes;
    };
    await expect(loadTinyFaceWeights(altered)).rejects.toThrow(/shard "tiny_face_detector_model.bin" does not match the published weights/);
  });

  it('refuses an altered manifest: a changed dequantisation scale changes the weights', async () => {
    const read = editedManifest((t) => t.replace('"scale":0.009007044399485869', '"scale":0.009007044399485870'));
    await expect(loadTinyFaceWeights(read)).rejects.toThrow(/manifest "tiny_face_detector_model-weights_manifest.json" does not match the published one/);
  });

  it('refuses a manifest that is not JSON, lacks a weight or has a wrong shape, naming the problem', async () => {
    await expect(loadTinyFaceWeights(editedManifest(() => '<html>'))).rejects.toThrow(/is not valid JSON/);
    await expect(loadTinyFaceWeights(editedManifest(() => '{"weights": []}'))).rejects.toThrow(/does not have the weights-manifest format/);
    await expect(loadTinyFaceWeights(editedManifest((t) => t.replaceAll('conv8/bias', 'conv9/bias')))).rejects.toThrow(/lacks weight "conv8\/bias"/);
    await expect(loadTinyFaceWeights(editedManifest((t) => t.replace('"shape":[1,1,512,25]', '"shape":[1,1,25,512]')))).rejects.toThrow(
      /"conv8\/filters" has shape \[1,1,25,512\], the network needs \[1,1,512,25\]/,
    );
    await expect(loadTinyFaceWeights(editedManifest(() => '<html>'))).rejects.toThrow(ModelLoadError);
  });
});
