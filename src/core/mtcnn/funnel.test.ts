import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { detectFaces } from './detect';
import { DEFAULT_DETECT_OPTIONS } from './options';
import { candidatesOnFaces, faceFunnel, ON_FACE_OVERLAP, SAME_FACE_IOU } from './funnel';
import { faceCrops } from './crops';
import { DenseAttack } from '../attack/dense';
import { SEED_PAPER_PARAMS } from '../attack/params';
import { EVADED_IOU } from '../attack/verdict';
import type { MtcnnWeights } from './weights';
import { ASTRONAUT, loadSample, onBackend, testWeights } from '../../node/testing';

describe('the cascade seen from one face (WASM)', () => {
  let weights: MtcnnWeights;
  beforeAll(async () => {
    await onBackend('wasm');
    weights = await testWeights();
  });

  it('uses the verdict’s rule for final faces', () => {
    expect(SAME_FACE_IOU).toBe(EVADED_IOU);
    expect(ON_FACE_OVERLAP).toBe(0.5);
  });

  it('counts candidates as the attack does, narrows stage by stage, and crops what R-Net and O-Net see', async () => {
    const image = await loadSample(ASTRONAUT);
    const d = await detectFaces(weights, image);
    const face = d.faces[0]!.box;
    const f = faceFunnel(d, [face]);
    expect(f.final).toBe(1);
    expect(f.pnet).toBeGreaterThanOrEqual(f.nms);
    expect(f.nms).toBeGreaterThanOrEqual(f.rnet);
    expect(f.rnet).toBeGreaterThanOrEqual(f.onet);
    expect(f.onet).toBeGreaterThanOrEqual(1);

    // Step 0 of I-FGSM (no random start) reports the same per-level candidate counts.
    const attack = await DenseAttack.create(weights, image, d, { ...SEED_PAPER_PARAMS, method: 'ifgsm', steps: 1 }, DEFAULT_DETECT_OPTIONS);
    try {
      const it = attack.steps();
      const first = (await it.next()).value!;
      await it.return(undefined);
      for (const c of first.candidates) {
        const level = d.scales.find((s) => s.level.index === c.level)!;
        expect(Math.abs(candidatesOnFaces(level, [face]) - c.count), `level ${c.level}`).toBeLessThanOrEqual(1);
      }
    } finally {
      attack.dispose();
    }

    const before = tf.memory().numTensors;
    const pixels = (await image.data()) as Float32Array;
    const [crops] = await faceCrops(weights, pixels, d.width, d.height, [face], DEFAULT_DETECT_OPTIONS);
    expect(tf.memory().numTensors).toBe(before);
    expect(crops!.rnet.rgba).toHaveLength(24 * 24 * 4);
    expect(crops!.onet.rgba).toHaveLength(48 * 48 * 4);
    expect(crops!.rnet.score).toBeGreaterThan(0.7);
    expect(crops!.onet.score).toBeGreaterThan(0.9);
    image.dispose();
  });
});
