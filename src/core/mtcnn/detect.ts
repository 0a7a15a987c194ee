import * as tf from '@tensorflow/tfjs';
import { fixBox, nms, type CandidateBox, type Offsets } from './boxes';
import { onet, pnet, rnet } from './nets';
import { channelOrderOf, DEFAULT_DETECT_OPTIONS, type ChannelOrder, type DetectOptions } from './options';
import { pyramidLevels, type PyramidLevel } from './pyramid';
import { resampleArray } from './resample';
import {
  cropPatches,
  faceProbability,
  pnetCells,
  pyramidMaps,
  refineBox,
  type PNetCell,
} from './stages';
import type { MtcnnWeights } from './weights';

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DetectedFace {
  box: Rect;
  score: number;
  /** Left eye, right eye, nose, left mouth corner, right mouth corner (as O-Net orders them). */
  landmarks: Point[];
  /** The same box as [x1, y1, x2, y2] corners. */
  corners: CandidateBox;
}

export interface ScaleMap {
  level: PyramidLevel;
  mapWidth: number;
  mapHeight: number;
  /** P-Net face probability per cell, row-major [mapHeight, mapWidth]. */
  prob: Float32Array;
  /** Cells at or above the stage-1 threshold. */
  candidates: PNetCell[];
}

export interface Detection {
  width: number;
  height: number;
  faces: DetectedFace[];
  scales: ScaleMap[];
  /** Candidate boxes after each stage (stage 1 after cross-scale NMS, regression and squaring). */
  stages: { pnet: CandidateBox[]; rnet: CandidateBox[]; onet: CandidateBox[] };
  options: DetectOptions;
}

/** Boxes per batch through R-Net / O-Net, to bound the memory of the crop gathers. */
const CROP_BATCH = 64;

function boxToRect(b: CandidateBox): Rect {
  return { x: b.x1, y: b.y1, width: b.x2 - b.x1, height: b.y2 - b.y1 };
}

interface Pixels {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * [N, h, w, 3] patches on [0, 1] → the nets' input: normalised, in channel order, and transposed to
 * [N, w, h, 3] as the nets compute (layout 'transposed'), here on the CPU where the patches already
 * are. Each value rounds exactly as netInput's float32 tensor ops would ((v·255 − 127.5) / 128), so
 * the results are the same, without three elementwise ops and two transposes per net run on the GPU.
 */
function netInputData(patches: Float32Array, n: number, h: number, w: number, order: ChannelOrder): tf.Tensor4D {
  const out = new Float32Array(patches.length);
  const bgr = order === 'bgr';
  for (let k = 0; k < n; k++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const from = ((k * h + y) * w + x) * 3;
        const to = ((k * w + x) * h + y) * 3;
        for (let c = 0; c < 3; c++) out[to + (bgr ? 2 - c : c)] = Math.fround(Math.fround(patches[from + c]! * 255) - 127.5) / 128;
      }
    }
  }
  return tf.tensor4d(out, [n, w, h, 3]);
}

/** A transposed P-Net map [w, h, k] (row-major) back to image orientation [h, w, k]. */
function untranspose(t: Float32Array, h: number, w: number, k: number): Float32Array {
  const out = new Float32Array(t.length);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) for (let j = 0; j < k; j++) out[(r * w + c) * k + j] = t[(c * h + r) * k + j]!;
  }
  return out;
}

async function readAndDispose(tensors: tf.Tensor[]): Promise<Float32Array[]> {
  try {
    return (await Promise.all(tensors.map((t) => t.data()))) as Float32Array[];
  } finally {
    tensors.forEach((t) => t.dispose());
  }
}

async function runStage1(
  weights: MtcnnWeights,
  px: Pixels,
  options: DetectOptions,
): Promise<{ scales: ScaleMap[]; boxes: CandidateBox[] }> {
  const { width, height } = px;
  const order = channelOrderOf(options);
  const scales: ScaleMap[] = [];
  const all: PNetCell[] = [];
  // Every level is submitted before any is read: one wait for the device instead of one per level.
  const runs = pyramidLevels(width, height, options.minFaceSize, options.scaleFactor, options.conventions).map((level) => {
    const resized = resampleArray(px.data, width, 3, pyramidMaps(level, width, height, options.conventions));
    const input = netInputData(resized, 1, level.height, level.width, order);
    const [prob, box] = tf.tidy(() => {
      const out = pnet(weights, input, 'transposed');
      return [faceProbability(out.logits), out.box];
    });
    input.dispose();
    return { level, prob: prob!, box: box! };
  });
  const data = await readAndDispose(runs.flatMap((r) => [r.prob, r.box]));
  runs.forEach(({ level, prob }, i) => {
    const [, mapWidth, mapHeight] = prob.shape as number[];
    const probData = untranspose(data[2 * i]!, mapHeight!, mapWidth!, 1);
    const boxData = untranspose(data[2 * i + 1]!, mapHeight!, mapWidth!, 4);
    const cells = pnetCells(probData, boxData, mapWidth!, mapHeight!, level.scale, options.thresholds[0], options.conventions);
    scales.push({ level, mapWidth: mapWidth!, mapHeight: mapHeight!, prob: probData, candidates: cells });
    for (const j of nms(cells, 0.5, 'union')) all.push(cells[j]!);
  });
  const boxes = nms(all, 0.7, 'union').map((i) => {
    const c = all[i]!;
    return refineBox({ x1: c.x1, y1: c.y1, x2: c.x2, y2: c.y2, score: c.score }, c.offsets, 1, options.conventions);
  });
  return { scales, boxes };
}

/** Runs `net` over crops of `boxes` in batches; returns, per output, its data batch by batch. */
async function cropsThroughNet(
  pixels: Float32Array,
  width: number,
  height: number,
  boxes: CandidateBox[],
  size: number,
  options: DetectOptions,
  net: (x: tf.Tensor4D) => tf.Tensor2D[],
): Promise<Float32Array[][]> {
  const order = channelOrderOf(options);
  const columns: Float32Array[][] = [];
  for (let start = 0; start < boxes.length; start += CROP_BATCH) {
    const batch = boxes.slice(start, start + CROP_BATCH);
    const patches = cropPatches(pixels, width, height, batch, size, options.conventions);
    const input = netInputData(patches, batch.length, size, size, order);
    const outs = tf.tidy(() => net(input));
    input.dispose();
    columns.push(await readAndDispose(outs));
  }
  const nOut = columns[0]?.length ?? 0;
  return Array.from({ length: nOut }, (_, k) => columns.map((c) => c[k]!));
}

function rowOf(chunks: Float32Array[], index: number, width: number): number[] {
  let i = index;
  for (const c of chunks) {
    const rows = c.length / width;
    if (i < rows) return Array.from(c.subarray(i * width, (i + 1) * width));
    i -= rows;
  }
  throw new Error('row out of range');
}

async function runStage2(weights: MtcnnWeights, px: Pixels, boxes: CandidateBox[], options: DetectOptions) {
  if (boxes.length === 0) return [];
  const [probs, regs] = await cropsThroughNet(px.data, px.width, px.height, boxes, 24, options, (x) => {
    const out = rnet(weights, x, 'transposed');
    return [faceProbability(out.logits), out.box];
  });
  const passed = boxes
    .map((b, i) => ({ box: { ...b, score: rowOf(probs!, i, 1)[0]! }, offsets: rowOf(regs!, i, 4) as unknown as Offsets }))
    .filter((c) => c.box.score > options.thresholds[1]);
  return nms(
    passed.map((c) => c.box),
    0.7,
    'union',
  ).map((i) => refineBox(passed[i]!.box, passed[i]!.offsets, 2, options.conventions));
}

async function runStage3(weights: MtcnnWeights, px: Pixels, stage2: CandidateBox[], options: DetectOptions) {
  if (stage2.length === 0) return { boxes: [], faces: [] };
  const boxes = stage2.map(fixBox);
  const [probs, regs, marks] = await cropsThroughNet(px.data, px.width, px.height, boxes, 48, options, (x) => {
    const out = onet(weights, x, 'transposed');
    return [faceProbability(out.logits), out.box, out.landmarks];
  });
  const passed = boxes
    .map((b, i) => {
      const box = { ...b, score: rowOf(probs!, i, 1)[0]! };
      const w = b.x2 - b.x1 + 1;
      const h = b.y2 - b.y1 + 1;
      const p = rowOf(marks!, i, 10);
      const landmarks = [0, 1, 2, 3, 4].map((k) => ({ x: b.x1 + p[k]! * w - 1, y: b.y1 + p[k + 5]! * h - 1 }));
      return { box: refineBox(box, rowOf(regs!, i, 4) as unknown as Offsets, 3, options.conventions), landmarks };
    })
    .filter((c) => c.box.score > options.thresholds[2]);
  const keep = nms(
    passed.map((c) => c.box),
    0.7,
    'min',
  );
  const faces: DetectedFace[] = keep.map((i) => {
    const { box, landmarks } = passed[i]!;
    return { box: boxToRect(box), score: box.score, landmarks, corners: box };
  });
  return { boxes: keep.map((i) => passed[i]!.box), faces };
}

/**
 * The full MTCNN cascade on an [H, W, 3] image with values on [0, 1]. Returns final faces in
 * image pixel coordinates plus what the UI draws: per-scale P-Net maps and each stage's boxes.
 * Leaves no tensors behind.
 */
export async function detectFaces(
  weights: MtcnnWeights,
  image: tf.Tensor3D,
  options: DetectOptions = DEFAULT_DETECT_OPTIONS,
): Promise<Detection> {
  const [height, width] = image.shape;
  const px = { data: (await image.data()) as Float32Array, width, height };
  const stage1 = await runStage1(weights, px, options);
  const stage2 = await runStage2(weights, px, stage1.boxes, options);
  const stage3 = await runStage3(weights, px, stage2, options);
  return {
    width,
    height,
    faces: stage3.faces,
    scales: stage1.scales,
    stages: { pnet: stage1.boxes, rnet: stage2, onet: stage3.boxes },
    options,
  };
}
