import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { detectFaces, type Detection } from '../mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS, type DetectOptions } from '../mtcnn/options';
import { iou } from '../mtcnn/boxes';
import type { MtcnnWeights } from '../mtcnn/weights';
import { rgbaToTensor, type RgbaImage } from '../image';
import { photoFixture } from '../../node/testing';
import { SEED_PAPER_PARAMS } from '../attack/params';
import { runAttack } from '../attack/run';
import { EVADED_IOU } from '../attack/verdict';
import { DEFENCES } from './defences';
import { cleanFacesOf, mtcnnJudge } from './judges';
import { defenceTable } from './table';

let weights: MtcnnWeights;
let rgba: RgbaImage;
let image: tf.Tensor3D;
let clean: Detection;

beforeAll(async () => {
  ({ weights, rgba, image, clean } = await photoFixture());
});

/** Found or not, recomputed without the judge: MTCNN on the defended image, best IoU with the clean box. */
async function foundDirectly(img: RgbaImage, options: DetectOptions): Promise<boolean> {
  const t = rgbaToTensor(img);
  try {
    const d = await detectFaces(weights, t, options);
    return d.faces.some((f) => iou(f.corners, clean.faces[0]!.corners) >= EVADED_IOU);
  } finally {
    t.dispose();
  }
}

describe('defenceTable with MTCNN as the judge (WASM)', () => {
  it('on the clean astronaut every defence keeps the face, with a score, and a second judge adds its own column', async () => {
    const strict = { ...DEFAULT_DETECT_OPTIONS, thresholds: [0.6, 0.7, 0.9999] as const };
    const judges = [mtcnnJudge(weights, rgba, clean, DEFAULT_DETECT_OPTIONS), { ...mtcnnJudge(weights, rgba, clean, strict), name: 'mtcnn-strict' }];
    const before = tf.memory().numTensors;
    const rows = await defenceTable(rgba, cleanFacesOf(clean, [0]), judges);
    expect(tf.memory().numTensors).toBe(before);
    expect(rows.map((r) => r.defence)).toEqual(['none', ...DEFENCES.map((d) => d.id)]);
    expect(rows[0]!.psnr).toBe(Infinity);
    for (const row of rows) {
      expect(Object.keys(row.verdicts)).toEqual(['mtcnn', 'mtcnn-strict']);
      const [f] = row.verdicts.mtcnn!;
      expect(f, row.defence).toMatchObject({ face: 0, found: true });
      expect(f!.score).toBeGreaterThan(0.7);
      if (row.defence !== 'none') expect(row.psnr).toBeLessThan(60);
      // The second column is the same detector with a stricter O-Net threshold: what it finds scores above it.
      const [g] = row.verdicts['mtcnn-strict']!;
      expect(g!.face).toBe(0);
      if (g!.found) expect(g!.score).toBeGreaterThanOrEqual(0.9999);
      else expect(g!.score).toBeUndefined();
    }
    await expect(defenceTable(rgba, cleanFacesOf(clean, [0]), [judges[0]!, judges[0]!])).rejects.toThrow(/judge names must differ/);
  });

  it('after a reliable-preset attack: the "none" row is the attack verdict, and every row matches MTCNN run directly on the defended image', async () => {
    const run = await runAttack(weights, image, rgba, clean, { ...SEED_PAPER_PARAMS, eps: 0.05, alpha: 0.004, steps: 30 }, DEFAULT_DETECT_OPTIONS);
    const rows = await defenceTable(run.verdict.image, cleanFacesOf(clean, run.plan.faces), [mtcnnJudge(weights, rgba, clean, DEFAULT_DETECT_OPTIONS)]);
    expect(rows[0]!.verdicts.mtcnn![0]!.found).toBe(!run.verdict.faces[0]!.evaded);
    for (const [i, defence] of [null, ...DEFENCES].entries()) {
      const defended = defence ? defence.apply(run.verdict.image) : run.verdict.image;
      expect(rows[i]!.verdicts.mtcnn![0]!.found, rows[i]!.defence).toBe(await foundDirectly(defended, DEFAULT_DETECT_OPTIONS));
    }
  });
});
