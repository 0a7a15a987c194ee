import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { detectFaces } from '../src/core/mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../src/core/mtcnn/options';
import type { MtcnnWeights } from '../src/core/mtcnn/weights';
import type { AttackParams } from '../src/core/attack/params';
import { DEFAULT_SPARSE_PARAMS, defaultObjective, randomMask, SparseAttack, trainableConv, type MaskObjective } from '../src/core/attack/sparse';
import { judgeAdversarial } from '../src/core/attack/verdict';
import { patchArea, resolvePatch } from '../src/core/attack/patch';
import { searchSmallestPatch } from '../src/core/attack/patchSearch';
import { attackAndJudge, pruneAndJudge, type Photo, type PrunedAttack } from '../src/core/run/orchestrate';
import { readImageFile } from '../src/node/imageFile';
import { rgbaToTensor } from '../src/core/image';
import { ASTRONAUT, GROUP, onBackend, testWeights } from '../src/node/testing';
import { PRESETS } from '../src/ui/presets';
import { median } from './stats';

/*
 * The sparse-mask benchmark (WASM). Rows, in order:
 *  1. kind 'timing': the conv and free encoders on the astronaut with the demo preset and the default
 *     mask settings (ms per iteration, time from the finished dense attack to the sparse result), each
 *     with its default objective (conv: 'threshold', free: 'attack'), and the conv encoder with the
 *     objective before ('attack': the dense attack's loss unchanged; see MaskObjective in
 *     src/core/attack/sparse.ts);
 *  2. kind 'face': every face of the bundled samples × every dense preset of the app: the dense attack,
 *     the default pruning (conv encoder, automatic λ, judged every 5 iterations), the random-mask
 *     ablation of the same size (drawn where δ is non-zero), the joint δ refinement (refine on), and
 *     the default pruning with the objective before ('before'; run right after the default one, so
 *     their ms per iteration compare under the same load);
 *  3. kind 'patch': per sample face, the smallest evading cheek patch (bisection on the preset's scale;
 *     PGD with ε 1 inside the patch, α 0.02, 50 steps, the 5 scales around the face);
 *  4. kind 'encoder': the conv encoder's network forward + backward alone on the astronaut's δ: the
 *     shifted-matmul convolutions at half resolution (before), the convolutions used now at half
 *     resolution, and at the quarter resolution the encoder runs at now;
 *  5. kind 'summary': the targets (medians and maxima over the face rows), the same for the objective
 *     before, the ms-per-iteration ratio now / before, and the load average at the start and the end.
 * Every row has encoder, msPerIterationMedian, denseToSparseMs, dense and sparse (bench/run.ts prints
 * them); what they mean for the patch, encoder and summary rows is said in the row's `about`.
 */

interface Judged {
  evaded: boolean;
  l0Pixels: number;
}

export interface SparseBenchRow {
  kind: 'timing' | 'face' | 'patch' | 'encoder' | 'summary';
  encoder: string;
  msPerIterationMedian: number;
  denseToSparseMs: number;
  dense: Judged;
  sparse: Judged;
  [more: string]: unknown;
}

const FACES = [
  { sample: 'astronaut', file: ASTRONAUT, face: 0 },
  ...[0, 1, 2, 3].map((face) => ({ sample: 'group', file: GROUP, face })),
];
const PATCH_ATTACK: Partial<AttackParams> = { eps: 0.05, alpha: 0.02, patchEps: 1 };

const judged = (v: { faces: { evaded: boolean }[]; norms: { l0Pixels: number } }): Judged => ({ evaded: v.faces.every((f) => f.evaded), l0Pixels: v.norms.l0Pixels });
const share = (a: number, b: number) => (b > 0 ? Math.round((1e4 * a) / b) / 1e4 : null);

async function runDense(weights: MtcnnWeights, photo: Photo, params: AttackParams) {
  const dense = await attackAndJudge(weights, photo, params, DEFAULT_DETECT_OPTIONS, { keep: true });
  return { dense, attack: dense.attack! };
}

/** The random-mask ablation without retraining: as many locations as the learned mask, where δ is non-zero. */
async function randomAblation(weights: MtcnnWeights, photo: Photo, dense: NonNullable<Awaited<ReturnType<typeof attackAndJudge>>['attack']>, pruned: PrunedAttack, seed: number) {
  const s = new SparseAttack(dense, { ...DEFAULT_SPARSE_PARAMS, encoder: 'free' });
  try {
    const [h, w] = s.shape;
    const mask = randomMask(h, w, pruned.maskPixels, seed + 1, await s.support());
    s.setMask(mask);
    const opts = { ...dense.options, conventions: dense.params.conventions };
    const r = await judgeAdversarial(weights, photo.rgba, photo.detection, dense.plan.faces, s.adversarial(), opts);
    return judged(r.verdict);
  } finally {
    s.dispose();
  }
}

/** The conv encoder's network (sparse.ts) forward + backward, with a given convolution. */
async function encoderMs(conv: (x: tf.Tensor4D, k: tf.Tensor4D, first: boolean) => tf.Tensor4D, h: number, w: number, pool: number): Promise<number> {
  const C = 8;
  const hh = Math.ceil(h / pool);
  const hw = Math.ceil(w / pool);
  const input = tf.randomUniform([1, hh, hw, 6], -1, 1, 'float32', 1) as tf.Tensor4D;
  const ks = [[3, 3, 6, C], [3, 3, C, C], [3, 3, C, C], [3, 3, 2 * C, C], [1, 1, C, 1]].map((shape, i) => tf.variable(tf.randomUniform(shape, -0.3, 0.3, 'float32', i + 2)));
  const f = () => {
    const c = (x: tf.Tensor4D, k: tf.Tensor, first = false) => tf.relu(conv(x, k as tf.Tensor4D, first));
    const skip = c(c(input, ks[0]!, true), ks[1]!);
    const down = c(tf.avgPool(skip, 2, 2, 'same'), ks[2]!);
    const up = tf.image.resizeNearestNeighbor(down, [hh, hw]);
    const z = conv(c(tf.concat([skip, up], 3), ks[3]!), ks[4] as tf.Tensor4D, false);
    return tf.mean(tf.square(z)) as tf.Scalar;
  };
  const times: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    const { value, grads } = tf.variableGrads(f, ks);
    await grads[ks[0]!.name]!.data();
    tf.dispose([value, ...Object.values(grads)]);
    if (r > 0) times.push(performance.now() - t0);
  }
  tf.dispose([input, ...ks]);
  return median(times);
}

/** The convolution the encoder used before: a sum of shifted matrix products (kept here as the reference). */
function shiftedMatmulConv(x: tf.Tensor4D, k: tf.Tensor4D): tf.Tensor4D {
  const [, h, w, cin] = x.shape;
  const [kh, kw, , cout] = k.shape;
  const py = (kh - 1) / 2;
  const px = (kw - 1) / 2;
  const padded = tf.pad(x, [[0, 0], [py, py], [px, px], [0, 0]]);
  const terms: tf.Tensor[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const patch = tf.reshape(tf.slice(padded, [0, i, j, 0], [1, h, w, cin]), [h * w, cin]);
      terms.push(tf.matMul(patch, tf.reshape(tf.slice(k, [i, j, 0, 0], [1, 1, cin, cout]), [cin, cout])));
    }
  }
  return tf.reshape(terms.length === 1 ? terms[0]! : tf.addN(terms), [1, h, w, cout]) as tf.Tensor4D;
}

async function loadPhoto(weights: MtcnnWeights, file: string): Promise<Photo> {
  const rgba = await readImageFile(file);
  const tensor = rgbaToTensor(rgba);
  return { rgba, tensor, detection: await detectFaces(weights, tensor) };
}

export async function sparseBench(log: (line: string) => void = console.log): Promise<SparseBenchRow[]> {
  await onBackend('wasm');
  const weights = await testWeights();
  const photos = { astronaut: await loadPhoto(weights, ASTRONAUT), group: await loadPhoto(weights, GROUP) };
  const rows: SparseBenchRow[] = [];
  const demo = PRESETS.find((p) => p.id === 'demo')!.params;

  // 1. Timing rows (the configuration of the previous benchmark: astronaut, demo preset, default mask settings).
  const loadAtStart = os.loadavg();
  let regionShape: [number, number] = [0, 0];
  const timings: { encoder: 'conv' | 'free'; objective: MaskObjective; label: string }[] = [
    { encoder: 'conv', objective: 'threshold', label: 'conv' },
    { encoder: 'free', objective: defaultObjective('free'), label: 'free' },
    { encoder: 'conv', objective: 'attack', label: 'conv-objective-before' },
  ];
  for (const { encoder, objective, label } of timings) {
    const { dense, attack } = await runDense(weights, photos.astronaut, demo);
    try {
      regionShape = [attack.region.y1 - attack.region.y0, attack.region.x1 - attack.region.x0];
      const t0 = performance.now();
      const pruned = await pruneAndJudge(weights, photos.astronaut, attack, { ...DEFAULT_SPARSE_PARAMS, encoder }, { objective });
      const ms = performance.now() - t0;
      rows.push({
        kind: 'timing',
        encoder: label,
        objective,
        sample: 'astronaut',
        face: 0,
        preset: 'demo',
        msPerIterationMedian: median(pruned.iterations.map((s) => s.ms)),
        denseToSparseMs: ms,
        judgements: pruned.judgements.length,
        dense: judged(dense.verdict),
        sparse: judged(pruned.verdict),
        keptShare: share(pruned.verdict.norms.l0Pixels, dense.verdict.norms.l0Pixels),
      });
      log(`sparse timing ${label}: ${rows.at(-1)!.msPerIterationMedian.toFixed(0)} ms/iteration, dense→sparse ${ms.toFixed(0)} ms`);
    } finally {
      attack.dispose();
    }
  }

  // 2. Every face × every dense preset.
  const faceRows: SparseBenchRow[] = [];
  for (const f of FACES) {
    const photo = photos[f.sample as 'astronaut' | 'group'];
    for (const preset of PRESETS) {
      const params = { ...preset.params, face: f.face };
      const { dense, attack } = await runDense(weights, photo, params);
      try {
        const t0 = performance.now();
        const pruned = await pruneAndJudge(weights, photo, attack, DEFAULT_SPARSE_PARAMS);
        const ms = performance.now() - t0;
        const random = await randomAblation(weights, photo, attack, pruned, DEFAULT_SPARSE_PARAMS.seed);
        const t1 = performance.now();
        const old = await pruneAndJudge(weights, photo, attack, DEFAULT_SPARSE_PARAMS, { objective: 'attack' });
        const oldMs = performance.now() - t1;
        const refined = await pruneAndJudge(weights, photo, attack, { ...DEFAULT_SPARSE_PARAMS, refine: true });
        const d = judged(dense.verdict);
        const s = judged(pruned.verdict);
        const o = judged(old.verdict);
        const row: SparseBenchRow = {
          kind: 'face',
          encoder: 'conv',
          sample: f.sample,
          face: f.face,
          preset: preset.id,
          msPerIterationMedian: median(pruned.iterations.map((i) => i.ms)),
          denseToSparseMs: ms,
          dense: d,
          sparse: s,
          keptShare: share(s.l0Pixels, d.l0Pixels),
          kept: { iteration: pruned.mask.iteration, lambda: pruned.mask.lambda, maskPixels: pruned.maskPixels },
          judgements: pruned.judgements.map((j) => `${j.iteration}:${j.evaded ? 'E' : 'x'}${j.l0Pixels}@${j.lambda.toPrecision(3)}`).join(' '),
          random,
          refine: { ...judged(refined.verdict), keptShare: share(refined.verdict.norms.l0Pixels, d.l0Pixels), iteration: refined.mask.iteration },
          before: {
            about: "the same pruning with the mask objective before (objective 'attack')",
            ...o,
            keptShare: share(o.l0Pixels, d.l0Pixels),
            kept: { iteration: old.mask.iteration, lambda: old.mask.lambda, maskPixels: old.maskPixels },
            msPerIterationMedian: median(old.iterations.map((i) => i.ms)),
            denseToSparseMs: oldMs,
          },
        };
        faceRows.push(row);
        rows.push(row);
        const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
        log(
          `sparse ${f.sample}#${f.face} ${preset.id.padEnd(6)} dense ${d.evaded ? 'E' : 'x'} ${d.l0Pixels} | sparse ${s.evaded ? 'E' : 'x'} ${s.l0Pixels} (${pct(row.keptShare as number | null)}) | before ${o.evaded ? 'E' : 'x'} ${pct(share(o.l0Pixels, d.l0Pixels))} | random ${random.evaded ? 'E' : 'x'} | refine ${refined.verdict.faces.every((x) => x.evaded) ? 'E' : 'x'} ${pct((row.refine as { keptShare: number | null }).keptShare)}`,
        );
      } finally {
        attack.dispose();
      }
    }
  }

  // 3. The smallest evading cheek patch per face.
  for (const f of FACES) {
    const photo = photos[f.sample as 'astronaut' | 'group'];
    const base: AttackParams = { ...demo, ...PATCH_ATTACK, face: f.face };
    const t0 = performance.now();
    const search = await searchSmallestPatch('cheeks', async (patch) => {
      const p = { ...base, patch };
      const run = await attackAndJudge(weights, photo, p, DEFAULT_DETECT_OPTIONS);
      return { evaded: judged(run.verdict).evaded, area: patchArea(resolvePatch(patch, photo.detection, [f.face]), photo.rgba.width, photo.rgba.height) };
    });
    const box = photo.detection.faces[f.face]!.box;
    const full = search.tries.find((t) => t.scale === 1)!;
    rows.push({
      kind: 'patch',
      encoder: 'patch-cheeks',
      about: 'dense = the cheeks preset at scale 1, sparse = the smallest evading scale tried (l0Pixels = patch area); ms: the whole search',
      sample: f.sample,
      face: f.face,
      attack: { method: base.method, eps: base.eps, patchEps: base.patchEps, alpha: base.alpha, steps: base.steps, scales: base.scales },
      faceBoxArea: Math.round(box.width * box.height),
      msPerIterationMedian: 0,
      denseToSparseMs: performance.now() - t0,
      dense: { evaded: full.evaded, l0Pixels: full.area },
      sparse: { evaded: search.smallest !== null, l0Pixels: search.smallest?.area ?? 0 },
      smallest: search.smallest,
      tries: search.tries,
    });
    log(`patch ${f.sample}#${f.face}: ${search.tries.map((t) => `${t.scale}× ${t.area}px ${t.evaded ? 'E' : 'x'}`).join(', ')} → ${search.smallest ? `${search.smallest.area} px (${search.smallest.scale}×)` : 'none evaded'}`);
  }

  // 4. The encoder alone, before and after (same machine, same moment).
  const [h, w] = regionShape;
  const before = await encoderMs((x, k) => shiftedMatmulConv(x, k), h, w, 2);
  const sameSize = await encoderMs((x, k, first) => trainableConv(x, k, first), h, w, 2);
  const now = await encoderMs((x, k, first) => trainableConv(x, k, first), h, w, 4);
  rows.push({
    kind: 'encoder',
    encoder: 'conv-network-only',
    about:
      `forward + backward of the conv encoder's network alone on the astronaut's δ region (${h}×${w}): before = shifted-matmul convolutions at half resolution (the previous encoder); ` +
      'conv2dHalfMs = the convolutions used now at that same half resolution; msPerIterationMedian = now (those convolutions, at a quarter of the resolution). ' +
      'previousBenchMsPerIteration: a whole conv-encoder iteration in the previous bench/results/sparse.json (2026-11-21), against the timing row above.',
    msPerIterationMedian: now,
    shiftedMatmulHalfMs: before,
    conv2dHalfMs: sameSize,
    previousBenchMsPerIteration: 263.2,
    denseToSparseMs: 0,
    dense: { evaded: false, l0Pixels: 0 },
    sparse: { evaded: false, l0Pixels: 0 },
  });
  log(`encoder network fwd+bwd: shifted matmuls at 1/2 resolution ${before.toFixed(0)} ms → conv2d with a kernel-gradient convolution ${sameSize.toFixed(0)} ms at 1/2, ${now.toFixed(0)} ms at 1/4 (used now)`);

  // 5. Summary over the face rows.
  const dense = faceRows.filter((r) => r.dense.evaded);
  const shares = dense.filter((r) => r.sparse.evaded).map((r) => r.keptShare as number);
  const learnedEvaded = faceRows.filter((r) => r.sparse.evaded && (r.kept as { iteration: number }).iteration > 0);
  type Before = Judged & { keptShare: number; msPerIterationMedian: number };
  const beforeOf = (r: SparseBenchRow) => r.before as Before;
  const beforeShares = dense.filter((r) => beforeOf(r).evaded).map((r) => beforeOf(r).keptShare);
  const timingMs = (label: string) => rows.find((r) => r.kind === 'timing' && r.encoder === label)!.msPerIterationMedian;
  const summary = {
    denseEvaded: dense.length,
    cases: faceRows.length,
    sparseEvadedWhereDenseDid: dense.filter((r) => r.sparse.evaded).length,
    medianKeptShare: shares.length ? median(shares) : null,
    maxKeptShare: shares.length ? Math.max(...shares) : null,
    within10Percent: shares.filter((x) => x <= 0.1).length,
    randomFailedWhereLearnedEvaded: learnedEvaded.filter((r) => !(r.random as Judged).evaded).length,
    learnedEvadedCases: learnedEvaded.length,
    refine: {
      evadedWhereDenseDid: dense.filter((r) => (r.refine as Judged).evaded).length,
      medianKeptShare: median(dense.filter((r) => (r.refine as Judged).evaded).map((r) => (r.refine as { keptShare: number }).keptShare)),
    },
    msPerIterationConvMedian: median(faceRows.map((r) => r.msPerIterationMedian)),
    objectiveBefore: {
      sparseEvadedWhereDenseDid: beforeShares.length,
      medianKeptShare: beforeShares.length ? median(beforeShares) : null,
      maxKeptShare: beforeShares.length ? Math.max(...beforeShares) : null,
      within10Percent: beforeShares.filter((x) => x <= 0.1).length,
      msPerIterationConvMedian: median(faceRows.map((r) => beforeOf(r).msPerIterationMedian)),
    },
    /** ms per iteration, objective now / before: the median of the face rows' ratios, and the astronaut timing rows' ratio. */
    msPerIterationRatioNowOverBefore: {
      faceRowsMedian: median(faceRows.map((r) => r.msPerIterationMedian / beforeOf(r).msPerIterationMedian)),
      timingRows: timingMs('conv') / timingMs('conv-objective-before'),
    },
    loadAverage: { start: loadAtStart, end: os.loadavg(), cpus: os.cpus().length },
  };
  rows.push({
    kind: 'summary',
    encoder: 'summary',
    about: 'over the face rows: dense/sparse = how many evaded (l0Pixels = median L0); targets: sparse evades whenever dense does, kept share ≤ 10% each, median ≤ 5%',
    msPerIterationMedian: summary.msPerIterationConvMedian,
    denseToSparseMs: median(faceRows.map((r) => r.denseToSparseMs)),
    dense: { evaded: summary.denseEvaded === summary.cases, l0Pixels: median(faceRows.map((r) => r.dense.l0Pixels)) },
    sparse: { evaded: summary.sparseEvadedWhereDenseDid === summary.denseEvaded, l0Pixels: median(faceRows.map((r) => r.sparse.l0Pixels)) },
    ...summary,
    targets: { sparseEvadesWheneverDenseDoes: true, maxKeptShare: 0.1, medianKeptShare: 0.05, msPerIteration: 100 },
  });
  log(`summary: ${JSON.stringify(summary)}`);
  for (const p of Object.values(photos)) p.tensor.dispose();
  return rows;
}
