import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { detectFaces, type Detection } from '../mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../mtcnn/options';
import { iou } from '../mtcnn/boxes';
import type { MtcnnWeights } from '../mtcnn/weights';
import type { RgbaImage } from '../image';
import { readImageFile } from '../../node/imageFile';
import { rgbaToTensor } from '../image';
import { ASTRONAUT, GROUP, onBackend, testWeights } from '../../node/testing';
import { AttackSetupError, DenseAttack } from './dense';
import { SEED_PAPER_PARAMS, type AttackParams } from './params';
import { runAttack } from './run';
import { totalVariation } from './tv';

interface Sample {
  rgba: RgbaImage;
  image: tf.Tensor3D;
  clean: Detection;
}

const HALF_LEVEL = 0.5 / 255;
let weights: MtcnnWeights;
const samples: Record<string, Sample> = {};

async function sample(file: string): Promise<Sample> {
  if (!samples[file]) {
    const rgba = await readImageFile(file);
    const image = rgbaToTensor(rgba);
    samples[file] = { rgba, image, clean: await detectFaces(weights, image) };
  }
  return samples[file]!;
}

function attack(s: Sample, params: Partial<AttackParams>) {
  return runAttack(weights, s.image, s.rgba, s.clean, { ...SEED_PAPER_PARAMS, ...params }, DEFAULT_DETECT_OPTIONS);
}

beforeAll(async () => {
  await onBackend('wasm');
  weights = await testWeights();
});

describe('dense attacks on the astronaut (WASM)', () => {
  it('seed defaults: targeted P-Net candidates fall to zero; the verdict comes from the full cascade on 8 bits', async () => {
    const s = await sample(ASTRONAUT);
    const before = tf.memory().numTensors;
    const run = await attack(s, {});
    expect(tf.memory().numTensors).toBe(before);
    expect(run.plan.levels).toHaveLength(5);
    expect(run.steps).toHaveLength(51);
    expect(run.steps[0]!.candidates.reduce((a, c) => a + c.count, 0)).toBeGreaterThan(10);
    expect(run.steps.at(-1)!.candidates.every((c) => c.count === 0)).toBe(true);
    expect(run.steps.at(-1)!.loss).toBeLessThan(run.steps[0]!.loss / 5);
    // The verdict is whatever the cascade says on the rounded image, and agrees with its detections.
    const f = run.verdict.faces[0]!;
    expect(f.evaded).toBe(run.verdict.detection.faces.every((d) => iou(d.corners, { x1: f.box.x, y1: f.box.y, x2: f.box.x + f.box.width, y2: f.box.y + f.box.height, score: 1 }) < 0.5));
    expect(run.verdict.norms.linf).toBeLessThanOrEqual(0.03 + HALF_LEVEL);
    expect(run.verdict.norms.l0Pixels).toBeGreaterThan(0);
  });

  it('I-FGSM starts from the clean image: step 0 sees exactly the clean P-Net cells on the face', async () => {
    const s = await sample(ASTRONAUT);
    const a = await DenseAttack.create(weights, s.image, s.clean, { ...SEED_PAPER_PARAMS, method: 'ifgsm', steps: 1 }, DEFAULT_DETECT_OPTIONS);
    const first = (await a.steps().next()).value!;
    a.targets.forEach((t, i) => {
      const clean = s.clean.scales[t.level.index]!.candidates;
      const onFace = first.candidates[i]!.boxes;
      // Every reported box is a clean candidate (the window reproduces the full map exactly)...
      for (const b of onFace) expect(clean.some((c) => c.x1 === b.x && c.y1 === b.y && c.x2 === b.x + b.width)).toBe(true);
    });
    expect(first.candidates.reduce((n, c) => n + c.count, 0)).toBeGreaterThan(0);
    a.dispose();
  });

  it('keeps ‖δ‖∞ ≤ ε and x + δ in [0, 1] after every step, for every method', async () => {
    const s = await sample(ASTRONAUT);
    for (const method of ['fgsm', 'ifgsm', 'pgd', 'mifgsm'] as const) {
      const a = await DenseAttack.create(weights, s.image, s.clean, { ...SEED_PAPER_PARAMS, method, steps: 4, eps: 0.02, alpha: 0.01 }, DEFAULT_DETECT_OPTIONS);
      for await (const step of a.steps()) {
        expect(step.loss).toBeGreaterThanOrEqual(0);
        const adv = a.adversarial();
        const [dmax, lo, hi] = tf.tidy(() => [tf.max(tf.abs(tf.sub(adv, s.image))), tf.min(adv), tf.max(adv)].map((t) => t.dataSync()[0]!));
        expect(dmax, method).toBeLessThanOrEqual(0.02 + 1e-6);
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        adv.dispose();
      }
      a.dispose();
    }
  });

  it('the same seed gives byte-identical images; another seed a different one', async () => {
    const s = await sample(ASTRONAUT);
    const [a, b, c] = [await attack(s, { steps: 3 }), await attack(s, { steps: 3 }), await attack(s, { steps: 3, seed: 1 })];
    expect(Buffer.from(a.verdict.image.data).equals(Buffer.from(b.verdict.image.data))).toBe(true);
    expect(Buffer.from(a.verdict.image.data).equals(Buffer.from(c.verdict.image.data))).toBe(false);
  });

  it('a tiny ε (0.002) does not evade', async () => {
    const run = await attack(await sample(ASTRONAUT), { eps: 0.002 });
    expect(run.verdict.faces[0]!.evaded).toBe(false);
    expect(run.verdict.successRate).toBe(0);
  });

  it('nearest and bilinear upsampled domains both respect ε; bilinear has the lower total variation', async () => {
    const s = await sample(ASTRONAUT);
    const tv: Record<string, number> = {};
    for (const domain of ['scaled-nearest', 'scaled-bilinear'] as const) {
      const run = await attack(s, { domain, steps: 20 });
      expect(run.verdict.norms.linf).toBeLessThanOrEqual(0.03 + HALF_LEVEL);
      const d = tf.tensor3d(run.perturbation, [s.rgba.height, s.rgba.width, 3]);
      tv[domain] = tf.tidy(() => totalVariation(d, 'aniso').dataSync()[0]!);
      d.dispose();
    }
    expect(tv['scaled-bilinear']!).toBeLessThan(tv['scaled-nearest']!);
  });

  it('can be cancelled between steps without leaking tensors', async () => {
    const s = await sample(ASTRONAUT);
    const before = tf.memory().numTensors;
    const a = await DenseAttack.create(weights, s.image, s.clean, { ...SEED_PAPER_PARAMS, method: 'mifgsm' }, DEFAULT_DETECT_OPTIONS);
    let seen = 0;
    for await (const step of a.steps()) {
      seen = step.step;
      if (step.step === 2) break;
    }
    a.dispose();
    expect(seen).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses bad setups with a message', async () => {
    const s = await sample(ASTRONAUT);
    await expect(attack(s, { face: 3 })).rejects.toThrow(/face 3 does not exist: 1 face/);
    await expect(attack(s, { scales: [0, 42] })).rejects.toThrow(/scale index 42 is out of range: the pyramid has levels 0–9/);
    await expect(attack(s, { eps: 0 })).rejects.toThrow(AttackSetupError);
    const blank = { ...s, clean: { ...s.clean, faces: [] } };
    await expect(attack(blank, {})).rejects.toThrow(/no face was detected/);
  });
});

describe('strong attacks evade on both samples (WASM)', () => {
  it('every scale, ε 0.05, 100 steps, α 0.002: the astronaut and all four group faces are evaded', async () => {
    for (const file of [ASTRONAUT, GROUP]) {
      const s = await sample(file);
      const run = await attack(s, { scales: 'all', eps: 0.05, steps: 100, alpha: 0.002, face: 'all' });
      expect(run.verdict.faces).toHaveLength(s.clean.faces.length);
      expect(run.verdict.faces.every((f) => f.evaded), file).toBe(true);
      expect(run.verdict.successRate).toBe(1);
      expect(run.verdict.norms.linf).toBeLessThanOrEqual(0.05 + HALF_LEVEL);
    }
  }, 300_000);
});
