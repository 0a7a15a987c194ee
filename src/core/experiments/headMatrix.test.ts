import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { detectFaces } from '../mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../mtcnn/options';
import type { MtcnnWeights } from '../mtcnn/weights';
import { rgbaToTensor } from '../image';
import { readImageFile } from '../../node/imageFile';
import { ASTRONAUT, onBackend, testWeights } from '../../node/testing';
import { SEED_PAPER_PARAMS, type AttackParams } from '../attack/params';
import { HEADS } from '../attack/heads';
import { judge } from '../attack/verdict';
import type { Photo } from '../run/orchestrate';
import { RunGate } from '../run/gate';
import { headMatrix } from './headMatrix';
import { HEAD_SETS } from './headSets';
import { diagnoseFace, lostStage } from './cascadeDiagnosis';

/* The head matrix on the astronaut (WASM), with the reliable demo's budget (ε 0.05, α 0.004) and fewer steps. */

const BUDGET: AttackParams = { ...SEED_PAPER_PARAMS, eps: 0.05, alpha: 0.004, steps: 20, face: 0 };
const sets = (...ids: string[]) => HEAD_SETS.filter((s) => ids.includes(s.id));

let weights: MtcnnWeights;
let photo: Photo;

beforeAll(async () => {
  await onBackend('wasm');
  weights = await testWeights();
  const rgba = await readImageFile(ASTRONAUT);
  const tensor = rgbaToTensor(rgba);
  photo = { rgba, tensor, detection: await detectFaces(weights, tensor, DEFAULT_DETECT_OPTIONS) };
});

describe('head sets', () => {
  it('are the 7 heads alone, each net’s heads together, and all 7', () => {
    expect(HEAD_SETS.map((s) => s.id)).toEqual([...HEADS, 'pnet', 'rnet', 'onet', 'all']);
    expect(HEAD_SETS.find((s) => s.id === 'onet')!.heads).toEqual(['onet-cls', 'onet-box', 'onet-landmarks']);
    expect(HEAD_SETS.find((s) => s.id === 'all')!.heads).toEqual([...HEADS]);
  });

  it('name the first empty stage of the funnel as where the face was lost', () => {
    expect(lostStage({ pnet: 3, nms: 2, rnet: 1, onet: 1, final: 1 })).toBeNull();
    expect(lostStage({ pnet: 0, nms: 0, rnet: 0, onet: 0, final: 0 })).toBe('pnet');
    expect(lostStage({ pnet: 4, nms: 2, rnet: 0, onet: 0, final: 0 })).toBe('rnet');
    expect(lostStage({ pnet: 4, nms: 2, rnet: 1, onet: 0, final: 0 })).toBe('onet');
    expect(lostStage({ pnet: 4, nms: 2, rnet: 1, onet: 1, final: 0 })).toBe('moved');
  });
});

describe('the head matrix on the astronaut (WASM)', () => {
  it('each row’s verdict, stage and scores are those of its saved 8-bit image; an evaded face has a lost step', async () => {
    const before = tf.memory().numTensors;
    const m = await headMatrix(weights, photo, BUDGET, DEFAULT_DETECT_OPTIONS, { sets: sets('pnet-cls', 'onet-cls', 'rnet') });
    expect(tf.memory().numTensors).toBe(before);
    expect(m.rows.map((r) => r.set)).toEqual(['pnet-cls', 'onet-cls', 'rnet']);
    expect(m.faces[0]!.clean.scores.onet).toBeGreaterThan(0.9);
    expect(m.rows.some((r) => r.evaded)).toBe(true);
    const face = photo.detection.faces[0]!.box;
    for (const r of m.rows) {
      const saved = rgbaToTensor(r.image);
      const again = await judge(weights, photo.rgba, photo.detection, [0], saved, DEFAULT_DETECT_OPTIONS);
      saved.dispose();
      expect(again.faces[0]!.evaded, r.set).toBe(r.evaded);
      const where = await diagnoseFace(weights, r.image, again.detection, face, DEFAULT_DETECT_OPTIONS);
      expect(where.lost, r.set).toBe(r.lostStage);
      expect(where.scores, r.set).toEqual(r.scores);
      expect(r.lostStage === null, r.set).toBe(!r.evaded);
      if (r.evaded) {
        expect(r.lostAt, r.set).not.toBeNull();
        expect(r.lostAt!, r.set).toBeLessThanOrEqual(BUDGET.steps);
      }
      // Judged every 5 updates, then bisected: at most 4 + 3 detections for 20 steps.
      expect(r.judgements, r.set).toBeLessThanOrEqual(7);
    }
  });

  it('finds the same lost step judging every 5th update and bisecting as judging every update', async () => {
    const every = await headMatrix(weights, photo, BUDGET, DEFAULT_DETECT_OPTIONS, { sets: sets('pnet-cls'), lostEvery: 1 });
    const strided = await headMatrix(weights, photo, BUDGET, DEFAULT_DETECT_OPTIONS, { sets: sets('pnet-cls'), lostEvery: 5 });
    const [a, b] = [every.rows[0]!, strided.rows[0]!];
    expect(a.evaded).toBe(true);
    expect(a.lostAt).not.toBeNull();
    expect(b.lostAt).toBe(a.lostAt);
    expect(b.judgements).toBeLessThan(a.judgements);
    // Judging every update stops at the first one that lost the face.
    expect(a.judgements).toBe(a.lostAt);
  });

  it('attacking only O-Net’s landmarks leaves P-Net’s candidates nearly unchanged (P-Net classification removes them)', async () => {
    const m = await headMatrix(weights, photo, BUDGET, DEFAULT_DETECT_OPTIONS, { sets: sets('onet-landmarks', 'pnet-cls') });
    const landmarks = m.rows.find((r) => r.set === 'onet-landmarks');
    const pnet = m.rows.find((r) => r.set === 'pnet-cls');
    // Candidates as the app counts them: P-Net cells ≥ 0.6 on the face, on the attacked levels (measured 47 → 43).
    expect(Math.abs(landmarks!.candidates.end - landmarks!.candidates.start)).toBeLessThanOrEqual(0.25 * landmarks!.candidates.start);
    expect(landmarks!.evaded).toBe(false);
    expect(landmarks!.scores.pnet).toBeGreaterThan(0.99);
    expect(pnet!.candidates.end).toBeLessThanOrEqual(0.1 * pnet!.candidates.start);
  });

  it('stops between rows when the gate stops a run, keeping the finished rows', async () => {
    const gate = new RunGate();
    const m = await headMatrix(weights, photo, { ...BUDGET, steps: 3 }, DEFAULT_DETECT_OPTIONS, {
      gate,
      sets: sets('pnet-cls', 'rnet-cls', 'onet-cls'),
      onRow: (_row, done) => {
        if (done === 1) gate.act('stop');
      },
    });
    expect(m.stopped).toBe(true);
    expect(m.rows.map((r) => r.set)).toEqual(['pnet-cls']);
  });
});
