import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { AttackModel } from './model';
import { HEADS, type Head } from './heads';
import { SEED_PAPER_PARAMS, type AttackParams } from './params';
import { pyramidLevels } from '../mtcnn/pyramid';
import { DEFAULT_DETECT_OPTIONS } from '../mtcnn/options';
import { lossGradientCheck } from './lossGradcheck';
import type { MtcnnWeights } from '../mtcnn/weights';
import { ASTRONAUT, loadSample, onBackend, seededRandom, testWeights } from '../../node/testing';
import { areaMaps, resampleArray } from '../mtcnn/resample';

/*
 * Every head's attack loss (and both TV kinds) against central finite differences, through the
 * whole attack model (windows, δ region, crops), on a small non-square image: the astronaut's face
 * shrunk to 52×44, so that the nets see a face (on noise O-Net saturates at p ≈ 0 and its loss
 * surface is a thicket of kinks).
 */

const H = 52;
const W = 44;
const FACE = { x: 8, y: 6, width: 28, height: 38 };
let facePixels: Float32Array;

function model(weights: MtcnnWeights, heads: Head[], extra: Partial<AttackParams> = {}): { m: AttackModel; image: tf.Tensor3D } {
  const pixels = facePixels;
  const image = tf.tensor3d(pixels, [H, W, 3]);
  const params = { ...SEED_PAPER_PARAMS, heads, ...extra };
  const levels = pyramidLevels(W, H, 12, 0.709, 'facenet').slice(0, 3);
  return { m: new AttackModel(weights, image, pixels, levels, [FACE], heads, params, DEFAULT_DETECT_OPTIONS), image };
}

describe.each(['cpu', 'wasm'] as const)('attack loss gradients on %s', (backend) => {
  let weights: MtcnnWeights;
  beforeAll(async () => {
    await onBackend(backend);
    weights = await testWeights();
    // Astronaut rows 40–196, columns 160–292 (the face with a margin), area-resized to 52×44.
    const astronaut = await loadSample(ASTRONAUT);
    const data = (await astronaut.data()) as Float32Array;
    facePixels = resampleArray(data, 512, 3, areaMaps(512, 512, H, W, { start: 40, length: 156 }, { start: 160, length: 132 }));
    astronaut.dispose();
  });

  const cases: [string, Head[], Partial<AttackParams>][] = [
    ...HEADS.map((h): [string, Head[], Partial<AttackParams>] => [h, [h], {}]),
    ['P-Net cls + isotropic TV', ['pnet-cls'], { tv: 5, tvKind: 'iso' }],
    ['P-Net cls + anisotropic TV', ['pnet-cls'], { tv: 5, tvKind: 'aniso' }],
    ['P-Net cls, scaled bilinear domain', ['pnet-cls'], { domain: 'scaled-bilinear' }],
  ];

  it.each(cases)('%s', async (_name, heads, extra) => {
    const { m, image } = model(weights, heads, extra);
    const r = seededRandom(8);
    const delta = tf.tensor3d(Array.from({ length: m.deltaShape.reduce((a, b) => a * b) }, () => (r() - 0.5) * 0.02), m.deltaShape);
    for (const { error, analytic } of await lossGradientCheck(m, delta)) {
      expect(error).toBeLessThan(0.02);
      expect(Math.abs(analytic)).toBeGreaterThan(1e-3);
    }
    tf.dispose([delta, image]);
    m.dispose();
  });
});
