import { detectFaces } from '../src/core/mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../src/core/mtcnn/options';
import { SEED_PAPER_PARAMS } from '../src/core/attack/params';
import { DEFAULT_SPARSE_PARAMS } from '../src/core/attack/sparse';
import { runSparseAttack } from '../src/core/attack/sparseRun';
import { readImageFile } from '../src/node/imageFile';
import { rgbaToTensor } from '../src/core/image';
import { ASTRONAUT, onBackend, testWeights } from '../src/node/testing';
import { median } from './stats';

/** ms per mask iteration and time from a finished dense attack to a finished sparse result (WASM, astronaut). */
export async function sparseBench() {
  await onBackend('wasm');
  const weights = await testWeights();
  const rgba = await readImageFile(ASTRONAUT);
  const image = rgbaToTensor(rgba);
  const clean = await detectFaces(weights, image);
  const rows = [];
  for (const encoder of ['conv', 'free'] as const) {
    let denseDoneAt = 0;
    const iterationMs: number[] = [];
    const t0 = performance.now();
    const run = await runSparseAttack(weights, image, rgba, clean, { ...SEED_PAPER_PARAMS, eps: 0.05, alpha: 0.004 }, { ...DEFAULT_SPARSE_PARAMS, encoder }, DEFAULT_DETECT_OPTIONS, {
      onDenseStep: () => (denseDoneAt = performance.now()),
      onIteration: (s) => iterationMs.push(s.ms),
    });
    const end = performance.now();
    rows.push({
      encoder,
      msPerIterationMedian: median(iterationMs),
      denseToSparseMs: end - denseDoneAt,
      totalMs: end - t0,
      dense: { evaded: run.dense.verdict.successRate === 1, l0Pixels: run.dense.verdict.norms.l0Pixels },
      sparse: { evaded: run.sparse.verdict.successRate === 1, l0Pixels: run.sparse.verdict.norms.l0Pixels },
    });
  }
  image.dispose();
  return rows;
}
