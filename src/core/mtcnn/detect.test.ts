import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { detectFaces, type DetectedFace } from './detect';
import { DEFAULT_DETECT_OPTIONS } from './options';
import { iou } from './boxes';
import type { MtcnnWeights } from './weights';
import { ASTRONAUT, GROUP, loadSample, onBackend, testWeights } from '../../node/testing';

/** Landmarks in anatomical order and inside the box: eyes above nose above mouth. */
function expectPlausibleFace(f: DetectedFace): void {
  const [le, re, nose, lm, rm] = f.landmarks;
  const { x, y, width, height } = f.box;
  for (const p of f.landmarks) {
    expect(p.x).toBeGreaterThan(x);
    expect(p.x).toBeLessThan(x + width);
    expect(p.y).toBeGreaterThan(y);
    expect(p.y).toBeLessThan(y + height);
  }
  expect(le!.x).toBeLessThan(re!.x);
  expect(lm!.x).toBeLessThan(rm!.x);
  expect(Math.max(le!.y, re!.y)).toBeLessThan(nose!.y);
  expect(nose!.y).toBeLessThan(Math.min(lm!.y, rm!.y));
}

describe('MTCNN detection on the samples (WASM)', () => {
  let weights: MtcnnWeights;
  beforeAll(async () => {
    await onBackend('wasm');
    weights = await testWeights();
  });

  it("finds the astronaut's face with an O-Net score ≥ 0.99 and leaves no tensors behind", async () => {
    const image = await loadSample(ASTRONAUT);
    const before = tf.memory().numTensors;
    const d = await detectFaces(weights, image);
    expect(tf.memory().numTensors).toBe(before);
    expect(d.faces).toHaveLength(1);
    const face = d.faces[0]!;
    expect(face.score).toBeGreaterThanOrEqual(0.99);
    // Face of Eileen Collins: hairline to chin about y 60–175, cheek to cheek about x 180–268.
    expect(iou(face.corners, { x1: 180, y1: 60, x2: 268, y2: 175, score: 1 })).toBeGreaterThan(0.8);
    expectPlausibleFace(face);
    image.dispose();
  });

  it('reports the pyramid with no scale cap, per-scale P-Net maps, and each stage', async () => {
    const image = await loadSample(ASTRONAUT);
    const d = await detectFaces(weights, image);
    // 512 px, min face 20: 12/20 · 0.709^k while 512 · scale ≥ 12 → 10 levels, sizes by ceil.
    expect(d.scales.map((s) => s.level.width)).toEqual([308, 218, 155, 110, 78, 56, 40, 28, 20, 14]);
    for (const s of d.scales) {
      expect(s.prob).toHaveLength(s.mapWidth * s.mapHeight);
      expect(s.candidates.every((c) => c.score >= DEFAULT_DETECT_OPTIONS.thresholds[0])).toBe(true);
    }
    expect(d.stages.pnet.length).toBeGreaterThan(d.stages.rnet.length);
    expect(d.stages.rnet.length).toBeGreaterThanOrEqual(d.stages.onet.length);
    image.dispose();
  });

  it('finds all four faces of the group photo (JPEG) and nothing else', async () => {
    const image = await loadSample(GROUP);
    const d = await detectFaces(weights, image);
    expect(d.faces).toHaveLength(4);
    for (const f of d.faces) {
      expect(f.score).toBeGreaterThan(0.99);
      expectPlausibleFace(f);
    }
    // Four different people: no two boxes overlap.
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) expect(iou(d.faces[i]!.corners, d.faces[j]!.corners)).toBe(0);
    image.dispose();
  });

  it('feeds RGB: the same image fed as BGR scores the astronaut lower at O-Net', async () => {
    const image = await loadSample(ASTRONAUT);
    const rgb = await detectFaces(weights, image, { ...DEFAULT_DETECT_OPTIONS, thresholds: [0.6, 0.7, 0.0] });
    const bgr = await detectFaces(weights, image, { ...DEFAULT_DETECT_OPTIONS, thresholds: [0.6, 0.7, 0.0], channelOrder: 'bgr' });
    const best = (faces: DetectedFace[]) => Math.max(0, ...faces.map((f) => f.score));
    expect(best(rgb.faces)).toBeGreaterThan(best(bgr.faces));
    image.dispose();
  });

  it('finds no face in an image of noise and in a tiny image', async () => {
    const noise = tf.randomUniform([120, 160, 3], 0, 1, 'float32', 3) as tf.Tensor3D;
    expect((await detectFaces(weights, noise)).faces).toHaveLength(0);
    const tiny = tf.zeros([8, 8, 3]) as tf.Tensor3D;
    const d = await detectFaces(weights, tiny);
    expect(d.faces).toHaveLength(0);
    expect(d.scales).toHaveLength(0);
    tf.dispose([noise, tiny]);
  });

  it('gives the same faces on the CPU backend', async () => {
    const image = await loadSample(GROUP);
    const onWasm = await detectFaces(weights, image);
    await onBackend('cpu');
    const onCpu = await detectFaces(weights, image);
    await onBackend('wasm');
    expect(onCpu.faces).toHaveLength(onWasm.faces.length);
    onWasm.faces.forEach((f, i) => expect(iou(f.corners, onCpu.faces[i]!.corners)).toBeGreaterThan(0.99));
    image.dispose();
  });
});
