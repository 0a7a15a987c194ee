import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { activateNodeBackend } from '../node/backend';
import { loadWeightsFromDir } from '../node/models';
import { readImageFile } from '../node/imageFile';
import { webgpuTestGate, gateLabel } from '../node/webgpuTesting';
import { webgpuErrors } from '../node/webgpu';
import { ASTRONAUT } from '../node/testing';
import { disposeWeights, type MtcnnWeights } from '../core/mtcnn/weights';
import { detectFaces } from '../core/mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../core/mtcnn/options';
import { rgbaToTensor } from '../core/image';
import { SEED_PAPER_PARAMS } from '../core/attack/params';
import { DenseAttack } from '../core/attack/dense';
import { countDispatches } from '../../bench/webgpu';

/*
 * How much GPU work an attack step issues, counted (not timed): every program run is one compute
 * dispatch (bench/webgpu.ts wraps the backend's runWebGPUProgram). A seed-default step runs P-Net
 * once on one batch of all targeted windows, so it stays within a fixed budget, and every shape is
 * fixed for the whole attack, so no step after the first compiles a shader. Without an adapter the
 * suite is skipped (backend.webgpu.test.ts fails under CI=true for that).
 */

const gate = await webgpuTestGate();

/** Issue 9: at most this many dispatches per seed-default step (371 before batching). */
const MAX_DISPATCHES_PER_STEP = 100;

interface BackendLike {
  pipelineCache: Record<string, unknown>;
}

describe.skipIf(!gate.adapter)(`WebGPU dispatches per attack step (${gateLabel(gate)})`, () => {
  let weights: MtcnnWeights;
  const perStep: { dispatches: number; programs: Set<string>; compiled: number }[] = [];

  beforeAll(async () => {
    const choice = await activateNodeBackend('webgpu');
    if (choice.name !== 'webgpu') throw new Error(`webgpu did not activate: ${choice.skipped.map((s) => s.why).join('; ')}`);
    weights = await loadWeightsFromDir();
    const image = rgbaToTensor(await readImageFile(ASTRONAUT));
    const clean = await detectFaces(weights, image);
    const cache = (tf.backend() as unknown as BackendLike).pipelineCache;
    const counter = countDispatches();
    const attack = await DenseAttack.create(weights, image, clean, { ...SEED_PAPER_PARAMS, steps: 3 }, DEFAULT_DETECT_OPTIONS);
    counter.reset();
    let pipelines = Object.keys(cache).length;
    for await (const step of attack.steps()) {
      void step;
      perStep.push({ dispatches: counter.dispatches, programs: counter.programs, compiled: Object.keys(cache).length - pipelines });
      pipelines = Object.keys(cache).length;
      counter.reset();
    }
    counter.restore();
    attack.dispose();
    image.dispose();
  }, 300_000);

  afterAll(() => {
    if (weights) disposeWeights(weights);
  });

  it(`a seed-default step (PGD, 5 levels, P-Net cls) issues at most ${MAX_DISPATCHES_PER_STEP} dispatches`, () => {
    expect(perStep).toHaveLength(4);
    for (const s of perStep.slice(0, 3)) expect(s.dispatches).toBeLessThanOrEqual(MAX_DISPATCHES_PER_STEP);
    expect(perStep[1]!.dispatches).toBe(perStep[2]!.dispatches);
  });

  it('compiles its shaders in the first step only: later steps reuse every program', () => {
    expect(perStep[0]!.compiled).toBeGreaterThan(0);
    for (const s of perStep.slice(1)) expect(s.compiled).toBe(0);
    for (const p of perStep[2]!.programs) expect(perStep[0]!.programs.has(p)).toBe(true);
  });

  it('raised no WebGPU error', () => {
    expect(webgpuErrors()).toEqual([]);
  });
});
