import { describe, expect, it, beforeAll } from 'vitest';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../image';
import { MODELS_DIR } from '../../node/models';
import { readImageFile } from '../../node/imageFile';
import { GROUP, onBackend } from '../../node/testing';
import { loadTinyFaceWeights, type TinyFaceWeights } from './weights';
import { detectTinyFaces, type TinyFace } from './detect';
import { rectIou } from './decode';

/*
 * Our Tiny Face Detector against the library itself, run as it runs in Node: @vladmandic/face-api's
 * own Node build for plain @tensorflow/tfjs on WASM (dist/face-api.node-wasm.js, no tfjs-node),
 * given an int32 RGB tensor as its Node demos give it, with TinyFaceDetectorOptions' defaults
 * (input 416, score threshold 0.5). Same faces, boxes to IoU ≥ 0.999, scores within 1e-4.
 */

interface FaceApiBox { x: number; y: number; width: number; height: number }
interface FaceApi {
  tf: { tensor3d(values: Int32Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void } };
  nets: { tinyFaceDetector: { loadFromDisk(dir: string): Promise<void> } };
  TinyFaceDetectorOptions: new () => object;
  detectAllFaces(input: unknown, options: object): Promise<{ score: number; box: FaceApiBox }[]>;
}

const IMAGES = [
  'public/samples/astronaut.png',
  'public/samples/group.jpg',
  ...[1, 2, 3, 4, 5, 6].map((i) => `data/eval/faceapi-sample${i}.jpg`),
  'data/eval/astronaut.jpg',
  'e2e/fixtures/transparent.png',
];

async function theirDetection(faceapi: FaceApi, img: RgbaImage): Promise<TinyFace[]> {
  const rgb = new Int32Array(img.width * img.height * 3);
  for (let p = 0, q = 0; q < rgb.length; p += 4, q += 3) {
    rgb[q] = img.data[p]!;
    rgb[q + 1] = img.data[p + 1]!;
    rgb[q + 2] = img.data[p + 2]!;
  }
  const tensor = faceapi.tf.tensor3d(rgb, [img.height, img.width, 3], 'int32');
  try {
    const out = await faceapi.detectAllFaces(tensor, new faceapi.TinyFaceDetectorOptions());
    return out.map((d) => ({ score: d.score, box: { x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height } }));
  } finally {
    tensor.dispose();
  }
}

function expectSame(ours: TinyFace[], theirs: TinyFace[], label: string): void {
  expect(ours.length, `${label}: number of faces`).toBe(theirs.length);
  // Both lists are best score first; match each of theirs to our best-overlapping box.
  theirs.forEach((t, i) => {
    const best = Math.max(...ours.map((o) => rectIou(o.box, t.box)));
    expect(best, `${label} face ${i} IoU`).toBeGreaterThanOrEqual(0.999);
    expect(Math.abs(ours[i]!.score - t.score), `${label} face ${i} score`).toBeLessThan(1e-4);
  });
}

describe('Tiny Face Detector against @vladmandic/face-api 1.7.15 (its Node WASM build)', () => {
  let faceapi: FaceApi;
  let weights: TinyFaceWeights;

  beforeAll(async () => {
    await onBackend('wasm');
    weights = await loadTinyFaceWeights((name) => readFile(path.join(MODELS_DIR, name)));
    faceapi = createRequire(import.meta.url)('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    await faceapi.nets.tinyFaceDetector.loadFromDisk(MODELS_DIR);
  });

  it('finds the same faces on every bundled photo, box for box', async () => {
    let faces = 0;
    for (const file of IMAGES) {
      const img = await readImageFile(path.resolve(file));
      const before = tf.memory().numTensors;
      const ours = await detectTinyFaces(weights, img);
      expect(tf.memory().numTensors, `${file}: tensors left behind`).toBe(before);
      expectSame(ours, await theirDetection(faceapi, img), file);
      faces += ours.length;
    }
    // 1 + 5 + 3 + 1 + 3 + 3 + 5 + 5 + 1: a comparison of something, not of two empty lists.
    expect(faces).toBeGreaterThanOrEqual(25);
  });

  it('pads a portrait photo on the right as the library does', async () => {
    // The left half of the group photo: 480×769, two faces.
    const { data, info } = await sharp(GROUP).extract({ left: 0, top: 0, width: 480, height: 769 }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const img: RgbaImage = { width: info.width, height: info.height, data: new Uint8Array(data) };
    const ours = await detectTinyFaces(weights, img);
    expect(ours.length).toBeGreaterThanOrEqual(2);
    expectSame(ours, await theirDetection(faceapi, img), 'group, left half');
  });
});
