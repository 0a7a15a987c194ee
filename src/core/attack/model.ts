import * as tf from '@tensorflow/tfjs';
import type { Rect } from '../mtcnn/detect';
import { fixBox, square, type CandidateBox } from '../mtcnn/boxes';
import { onet, rnet } from '../mtcnn/nets';
import { channelOrderOf, type DetectOptions } from '../mtcnn/options';
import type { PyramidLevel } from '../mtcnn/pyramid';
import {
  bilinearMap,
  composeMaps,
  inputSpan,
  nearestMap,
  Resampler,
  restrictInputs,
  sliceOutputs,
  type AxisMap,
  type Maps2D,
} from '../mtcnn/resample';
import { cellBox, cropMaps, pnetMapSize, pyramidMaps } from '../mtcnn/stages';
import type { MtcnnWeights } from '../mtcnn/weights';
import { HEAD_INFO, type Head } from './heads';
import type { AttackParams } from './params';
import { totalVariation } from './tv';
import { cleanCanvas, makeSampler, planBuckets, samplerKindFor, type CanvasBucket, type CanvasSampler, type SamplerKind } from './canvas';
import { disposePnetCanvasWeights, pnetCanvasWeights, pnetOnCanvas, weightedSoftplus, type PNetCanvasWeights, type PnetMargin } from './pnetCanvas';
import { drawViews, throughView, withNoise, type EotView } from './eot';

/*
 * The differentiable forward model of an attack.
 *
 * Linearity: pyramid resizing and crops are linear, and the attack keeps x + δ inside [0, 1] by
 * projection, so every targeted input is level(x + δ) = level(x) + R·δ, with level(x) computed
 * once. For the scaled domains R also contains δ's upsampling (maps composed once).
 *
 * Support: the loss reads only the P-Net cells on the attacked face(s) (cells elsewhere would only
 * dilute the mean and move pixels that cannot matter for evasion). P-Net then runs on the window of
 * each level that those cells read (rows [2·i0, 2·i1 + 12) — even-aligned, so valid convolutions and
 * the 2/2 max-pool give exactly the full map's cells), and δ lives only on the image region those
 * windows and the R/O-Net crops read: elsewhere its gradient is exactly zero. A step then costs in
 * proportion to the faces, not the photo.
 *
 * Batching (canvas.ts, pnetCanvas.ts): the windows of all targeted levels sit on one padded batch
 * (or a few, when their sizes differ a lot) and P-Net runs once per batch; the crops of all attacked
 * faces are one batch per net. Every shape is fixed when the model is made, so a GPU backend
 * compiles its programs in the first step and reuses them after; a seed-default step is ~45 WebGPU
 * dispatches (src/webgpu/dispatches.webgpu.test.ts).
 */

/** Cells of a level counted as "on the face": their window covers ≥ half of the face or vice versa. */
const ON_FACE_OVERLAP = 0.5;

/** Where δ lives: image rows [y0, y1) and columns [x0, x1) (full domain), or a low-resolution grid. */
export interface DeltaRegion {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

export interface TargetLevel {
  level: PyramidLevel;
  /** First P-Net cell (row, col) of the window, and the window's size in cells. */
  cellRow: number;
  cellCol: number;
  rows: number;
  cols: number;
  /** Attacked cells of the window, row-major. */
  mask: Uint8Array;
}

/** Loss weights of a level's attacked cells (1 / count each), and what P-Net said on the clean image. */
interface PnetCanvas {
  bucket: CanvasBucket;
  /** The clean windows, normalised, in the nets' channel order. */
  clean: tf.Tensor4D;
  edges: tf.Tensor4D | null;
  /** [n, w', h', 1]: 1 / count on each window's attacked cells, 0 elsewhere (padding included). */
  weights: tf.Tensor4D;
  weightsColumn: tf.Tensor2D;
  cleanBox: tf.Tensor4D | null;
  /** Cells per canvas row (w') and column (h'), and where this canvas starts in the flat probabilities. */
  cellsW: number;
  cellsH: number;
  offset: number;
}

interface CropCanvas {
  size: 24 | 48;
  clean: tf.Tensor4D;
  sampler: CanvasSampler;
  cleanBox: tf.Tensor2D;
  cleanLandmarks: tf.Tensor2D | null;
}

export interface LossParts {
  total: tf.Scalar;
  parts: Record<string, tf.Scalar>;
  /** P-Net face probabilities of every canvas, flat (AttackModel.windowProbs splits them per level). */
  probs: tf.Tensor1D;
}

export interface AttackModelOptions {
  /** The executor of the resampling maps (default: the one that suits the active backend). */
  sampler?: SamplerKind;
}

/** Fixed cost of one more P-Net canvas, in pixels, per executor (see planBuckets). */
const CANVAS_OVERHEAD_PX: Record<SamplerKind, number> = { dense: 100_000, sparse: 1_500 };
/** Added after P-Net's first layer where a window ends at an odd level edge (see pnetOnCanvas). */
const ODD_EDGE = -1e4;

function overlapOverSmaller(a: Omit<CandidateBox, 'score'>, b: Rect): number {
  const w = Math.max(0, Math.min(a.x2, b.x + b.width) - Math.max(a.x1, b.x));
  const h = Math.max(0, Math.min(a.y2, b.y + b.height) - Math.max(a.y1, b.y));
  const smaller = Math.min((a.x2 - a.x1) * (a.y2 - a.y1), b.width * b.height);
  return smaller > 0 ? (w * h) / smaller : 0;
}

/** The square crop R-Net and O-Net would read for a detected face. */
function faceCropBox(face: Rect): CandidateBox {
  return fixBox(square({ x1: face.x, y1: face.y, x2: face.x + face.width, y2: face.y + face.height, score: 1 }));
}

/** The window of a level holding the cells on the attacked faces. */
function levelWindow(level: PyramidLevel, faces: readonly Rect[], conventions: AttackParams['conventions']): TargetLevel {
  const [mh, mw] = [pnetMapSize(level.height), pnetMapSize(level.width)];
  const on: [number, number][] = [];
  for (let r = 0; r < mh; r++) {
    for (let c = 0; c < mw; c++) {
      if (faces.some((f) => overlapOverSmaller(cellBox(r, c, level.scale, conventions), f) >= ON_FACE_OVERLAP)) on.push([r, c]);
    }
  }
  if (on.length === 0) return { level, cellRow: 0, cellCol: 0, rows: 0, cols: 0, mask: new Uint8Array(0) };
  const r0 = Math.min(...on.map(([r]) => r));
  const r1 = Math.max(...on.map(([r]) => r));
  const c0 = Math.min(...on.map(([, c]) => c));
  const c1 = Math.max(...on.map(([, c]) => c));
  const rows = r1 - r0 + 1;
  const cols = c1 - c0 + 1;
  const mask = new Uint8Array(rows * cols);
  for (const [r, c] of on) mask[(r - r0) * cols + (c - c0)] = 1;
  return { level, cellRow: r0, cellCol: c0, rows, cols, mask };
}

/** Level pixels [2·first, 2·(first + n − 1) + 12) read by n cells, clipped to the level. */
function pixelWindow(first: number, n: number, size: number): [number, number] {
  return [2 * first, Math.min(size, 2 * (first + n - 1) + 12)];
}

function unionSpan(spans: [number, number][]): [number, number] {
  const real = spans.filter(([a, b]) => b > a);
  return real.length ? [Math.min(...real.map((s) => s[0])), Math.max(...real.map((s) => s[1]))] : [0, 0];
}

/** What the attack model runs on one view of the image (the image itself, or an EOT copy). */
interface ViewNets {
  sampler: CanvasSampler | null;
  canvases: PnetCanvas[];
  crops: CropCanvas[];
  /** The view's share of every loss (1 / number of views). */
  share: number;
}

export class AttackModel {
  readonly targets: TargetLevel[];
  /** δ's shape: the region of the image (full domain) or of the low-resolution grid (scaled). */
  readonly deltaShape: [number, number, number];
  /** The image region δ can change (for the full domain, where δ lives). */
  readonly region: DeltaRegion;
  /** True for the scaled domains: δ is low-resolution and upsampled. */
  readonly scaled: boolean;
  /** The executor of the resampling maps (see canvas.ts). */
  readonly samplerKind: SamplerKind;
  /** The EOT copies (params.eot of them; eot.ts), besides the image itself. */
  readonly eotViews: readonly EotView[];
  private readonly toImage: Maps2D;
  /** Targets that have a window (at least one cell on the attacked faces), in canvas order. */
  private readonly windowed: number[];
  /** views[0] is the image itself (what the step's probabilities and candidates report); then the EOT copies. */
  private readonly views: ViewNets[];
  private readonly head: PNetCanvasWeights;
  private readonly bgr: boolean;
  /** Several heads combined by gradient balance (params.headNorm 'gradient'). */
  private readonly balanced: boolean;

  constructor(
    private readonly weights: MtcnnWeights,
    image: tf.Tensor3D,
    pixels: Float32Array,
    levels: readonly PyramidLevel[],
    faces: readonly Rect[],
    private readonly heads: readonly Head[],
    private readonly params: AttackParams,
    detectOptions: DetectOptions,
    options: AttackModelOptions = {},
  ) {
    const [height, width] = image.shape;
    this.bgr = channelOrderOf(detectOptions) === 'bgr';
    this.targets = levels.map((l) => levelWindow(l, faces, params.conventions));
    this.samplerKind = options.sampler ?? samplerKindFor(tf.getBackend());
    this.balanced = params.headNorm === 'gradient' && heads.length > 1;
    this.eotViews = params.eot > 0 ? drawViews(params.eot, params.seed, width, height, faces) : [];

    // Level windows and face crops as maps from the full image.
    const levelMaps = this.targets.map((t) => {
      const full = pyramidMaps(t.level, width, height, params.conventions);
      const [ry0, ry1] = pixelWindow(t.cellRow, t.rows, t.level.height);
      const [rx0, rx1] = pixelWindow(t.cellCol, t.cols, t.level.width);
      return t.rows > 0 ? { rows: sliceOutputs(full.rows, ry0, ry1), cols: sliceOutputs(full.cols, rx0, rx1) } : null;
    });
    const cropSizes = ([24, 48] as const).filter((size) => heads.some((h) => HEAD_INFO[h].net === (size === 24 ? 'rnet' : 'onet')));
    const cropMapsBySize = cropSizes.map((size) => faces.map((f) => cropMaps(faceCropBox(f), width, height, size, params.conventions)));
    // The same maps read from each EOT copy: maps ∘ T.
    const perView = [null, ...this.eotViews].map((view) => ({
      view,
      levelMaps: view ? levelMaps.map((m) => (m ? throughView(m, view) : null)) : levelMaps,
      cropMapsBySize: view ? cropMapsBySize.map((list) => list.map((m) => throughView(m, view))) : cropMapsBySize,
    }));
    const allMaps = perView.flatMap((v) => [...v.levelMaps.filter((m): m is Maps2D => m !== null), ...v.cropMapsBySize.flat()]);

    // The region of the image the loss reads, and δ's domain on it.
    const [y0, y1] = unionSpan(allMaps.map((m) => inputSpan(m.rows)));
    const [x0, x1] = unionSpan(allMaps.map((m) => inputSpan(m.cols)));
    this.region = { y0, y1, x0, x1 };
    this.scaled = params.domain !== 'full';
    const { toImage, fromRegion } = this.deltaMaps(params, levels, width, height);
    this.toImage = toImage;
    const fromDelta = (m: Maps2D): Maps2D => ({
      rows: fromRegion(m.rows, y0, y1, 'rows'),
      cols: fromRegion(m.cols, x0, x1, 'cols'),
    });
    this.deltaShape = [toImage.rows.inSize, toImage.cols.inSize, 3];
    const [dh, dw] = this.deltaShape;

    // P-Net's windows on a few canvases (the same plan for every view: the windows have the same sizes).
    this.windowed = this.targets.flatMap((t, i) => (t.rows > 0 ? [i] : []));
    const buckets = planBuckets(
      this.windowed.map((i) => ({ height: levelMaps[i]!.rows.outSize, width: levelMaps[i]!.cols.outSize })),
      CANVAS_OVERHEAD_PX[this.samplerKind],
    );
    this.head = pnetCanvasWeights(weights);
    const share = 1 / perView.length;
    this.views = perView.map((v) => {
      const viewPixels = v.view ? withNoise(pixels, v.view) : pixels;
      const windowMaps = this.windowed.map((i) => v.levelMaps[i]!);
      return {
        sampler: buckets.length ? makeSampler(this.samplerKind, windowMaps.map(fromDelta), buckets, dh, dw) : null,
        canvases: this.pnetCanvases(viewPixels, width, windowMaps, buckets, share, heads.includes('pnet-box')),
        crops: cropSizes.map((size, s) => this.cropCanvas(viewPixels, width, size, v.cropMapsBySize[s]!, fromDelta, dh, dw)),
        share,
      };
    });
  }

  /** P-Net's clean windows of one view on the planned canvases, with each attacked cell's loss weight (share / count). */
  private pnetCanvases(pixels: Float32Array, width: number, windowMaps: Maps2D[], buckets: CanvasBucket[], share: number, wantsPnetBox: boolean): PnetCanvas[] {
    let offset = 0;
    return buckets.map((bucket) => {
      const n = bucket.items.length;
      const [hp, wp] = [bucket.height, bucket.width];
      const [cellsH, cellsW] = [pnetMapSize(hp), pnetMapSize(wp)];
      const cellWeights = new Float32Array(n * cellsW * cellsH);
      const edges = new Float32Array(n * (wp - 2) * (hp - 2));
      let hasEdges = false;
      bucket.items.forEach((w, k) => {
        const t = this.targets[this.windowed[w]!]!;
        const count = Math.max(1, t.mask.reduce((a, b) => a + b, 0));
        for (let r = 0; r < t.rows; r++) {
          for (let c = 0; c < t.cols; c++) if (t.mask[r * t.cols + c]) cellWeights[(k * cellsW + c) * cellsH + r] = share / count;
        }
        // A window that ends at an odd level edge, short of the canvas edge: its last 2×2 pool must
        // not see the padding (the level's own 'same' pooling sees nothing there).
        const [wh, ww] = [windowMaps[w]!.rows.outSize, windowMaps[w]!.cols.outSize];
        if (wh % 2 === 1 && wh < hp) {
          hasEdges = true;
          for (let c = 0; c < wp - 2; c++) edges[(k * (wp - 2) + c) * (hp - 2) + wh - 2] = ODD_EDGE;
        }
        if (ww % 2 === 1 && ww < wp) {
          hasEdges = true;
          for (let r = 0; r < hp - 2; r++) edges[(k * (wp - 2) + ww - 2) * (hp - 2) + r] = ODD_EDGE;
        }
      });
      const clean = cleanCanvas(pixels, width, windowMaps, bucket, this.bgr);
      const edgeTensor = hasEdges ? tf.tensor4d(edges, [n, wp - 2, hp - 2, 1]) : null;
      const canvas: PnetCanvas = {
        bucket,
        clean,
        edges: edgeTensor,
        weights: tf.tensor4d(cellWeights, [n, cellsW, cellsH, 1]),
        weightsColumn: tf.tensor2d(cellWeights, [cellWeights.length, 1]),
        cleanBox: wantsPnetBox ? tf.tidy(() => pnetOnCanvas(this.weights, this.head, clean, edgeTensor, true).box!) : null,
        cellsW,
        cellsH,
        offset,
      };
      offset += cellWeights.length;
      return canvas;
    });
  }

  /** R-Net / O-Net crops of the attacked faces in one view: one canvas per size, with the nets' clean outputs. */
  private cropCanvas(pixels: Float32Array, width: number, size: 24 | 48, mapsList: Maps2D[], fromDelta: (m: Maps2D) => Maps2D, dh: number, dw: number): CropCanvas {
    const bucket: CanvasBucket = { items: mapsList.map((_, i) => i), height: size, width: size };
    const clean = cleanCanvas(pixels, width, mapsList, bucket, this.bgr);
    const out = size === 24 ? { ...rnet(this.weights, clean, 'transposed'), landmarks: null } : onet(this.weights, clean, 'transposed');
    tf.dispose(out.logits);
    return { size, clean, sampler: makeSampler(this.samplerKind, mapsList.map(fromDelta), [bucket], dh, dw), cleanBox: out.box, cleanLandmarks: out.landmarks };
  }

  /**
   * δ's maps. Full domain: δ is the region itself (identity), and a map from the image restricted to
   * the region. Scaled domains: δ lives on the finest level's grid, cut to the part whose upsampled
   * footprint meets the region; maps from the image are composed with the upsampling.
   */
  private deltaMaps(params: AttackParams, levels: readonly PyramidLevel[], width: number, height: number) {
    const { y0, y1, x0, x1 } = this.region;
    if (params.domain === 'full') {
      const place = (size: number, lo: number, hi: number): AxisMap => restrictInputs(identityMap(size), lo, hi);
      return {
        toImage: { rows: place(height, y0, y1), cols: place(width, x0, x1) },
        fromRegion: (m: AxisMap, lo: number, hi: number) => restrictInputs(m, lo, hi),
      };
    }
    const finest = levels.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    const up = params.domain === 'scaled-bilinear' ? bilinearMap : nearestMap;
    const upRows = up(finest.height, height);
    const upCols = up(finest.width, width);
    // Low-resolution samples whose footprint meets the region.
    const [ly0, ly1] = inputSpan(sliceOutputs(upRows, y0, y1));
    const [lx0, lx1] = inputSpan(sliceOutputs(upCols, x0, x1));
    const rowsUp = restrictInputs(upRows, ly0, ly1);
    const colsUp = restrictInputs(upCols, lx0, lx1);
    return {
      toImage: { rows: rowsUp, cols: colsUp },
      fromRegion: (m: AxisMap, _lo: number, _hi: number, axis: 'rows' | 'cols') => composeMaps(m, axis === 'rows' ? rowsUp : colsUp),
    };
  }

  /** Image-space boxes of a level's attacked cells at or above `threshold`. */
  candidates(target: TargetLevel, prob: Float32Array, threshold: number): Rect[] {
    const boxes: Rect[] = [];
    for (let i = 0; i < prob.length; i++) {
      if (prob[i]! < threshold || !target.mask[i]) continue;
      const row = target.cellRow + Math.floor(i / target.cols);
      const col = target.cellCol + (i % target.cols);
      const b = cellBox(row, col, target.level.scale, this.params.conventions);
      boxes.push({ x: b.x1, y: b.y1, width: b.x2 - b.x1, height: b.y2 - b.y1 });
    }
    return boxes;
  }

  /** The flat probabilities of LossParts.probs, per target: its window's cells, row-major (empty without a window). */
  windowProbs(flat: Float32Array): Float32Array[] {
    const out = this.targets.map((t) => new Float32Array(t.rows * t.cols));
    for (const c of this.views[0]!.canvases) {
      c.bucket.items.forEach((w, k) => {
        const t = this.targets[this.windowed[w]!]!;
        const probs = out[this.windowed[w]!]!;
        for (let r = 0; r < t.rows; r++) {
          for (let col = 0; col < t.cols; col++) probs[r * t.cols + col] = flat[c.offset + (k * c.cellsW + col) * c.cellsH + r]!;
        }
      });
    }
    return out;
  }

  /**
   * The attack loss at δ (to minimise) and its parts. Classification heads: −log(1 − p_face) from
   * logits, softplus(z1 − z0), averaged over the attacked cells or crops; box and landmark heads:
   * minus the mean squared distance from their clean outputs. P-Net parts are summed over levels.
   * With EOT copies every part is the mean over the image and its copies (each copy against its own
   * clean outputs). With several heads and headNorm 'gradient', each head reads δ through its own
   * copy whose gradient is rescaled (balancedCopies): the value is still the sum of the parts.
   * `pnetMargin`: P-Net's classification part stops pulling below that logit (see PnetMargin; the
   * AutoAdversary pruning uses it, the dense attacks do not).
   */
  loss(delta: tf.Tensor3D, pnetMargin?: PnetMargin): LossParts {
    const parts: Record<string, tf.Scalar> = {};
    let probs: tf.Tensor1D | null = null;
    if (this.balanced) {
      const copies = balancedCopies(delta, this.heads.length);
      this.heads.forEach((h, k) => {
        const out = this.headLosses(copies[k]!, [h], probs === null && HEAD_INFO[h].net === 'pnet', pnetMargin);
        parts[h] = out.parts[h]!;
        probs ??= out.probs;
      });
    } else {
      const out = this.headLosses(delta, this.heads, true, pnetMargin);
      Object.assign(parts, out.parts);
      probs = out.probs;
    }
    // No P-Net head attacked: P-Net still runs on the image for the step's probabilities (not in the loss).
    probs ??= this.headLosses(delta, [], true).probs!;
    if (this.params.tv > 0) parts.tv = tf.mul(totalVariation(delta, this.params.tvKind), this.params.tv) as tf.Scalar;
    const values = Object.values(parts);
    const total = values.length === 0 ? tf.scalar(0) : values.length === 1 ? values[0]! : (tf.addN(values) as tf.Scalar);
    return { total, parts, probs };
  }

  /**
   * The parts of `heads` at δ over every view, and (withProbs) P-Net's probabilities on the image
   * itself (view 0), flat over its canvases.
   */
  private headLosses(delta: tf.Tensor3D, heads: readonly Head[], withProbs: boolean, pnetMargin?: PnetMargin): { parts: Record<string, tf.Scalar>; probs: tf.Tensor1D | null } {
    const parts: Record<string, tf.Scalar> = {};
    const add = (name: string, value: tf.Scalar) => {
      parts[name] = parts[name] ? (tf.add(parts[name]!, value) as tf.Scalar) : value;
    };
    const netInput = (clean: tf.Tensor4D, moved: tf.Tensor4D) => tf.add(clean, this.bgr ? tf.reverse(moved, 3) : moved) as tf.Tensor4D;
    const pnetCls = heads.includes('pnet-cls');
    const pnetBox = heads.includes('pnet-box');
    const probs: tf.Tensor[] = [];
    this.views.forEach((view, v) => {
      const keepProbs = withProbs && v === 0;
      if (pnetCls || pnetBox || keepProbs) {
        const moved = view.sampler ? view.sampler.apply(delta) : [];
        view.canvases.forEach((c, b) => {
          const out = pnetOnCanvas(this.weights, this.head, netInput(c.clean, moved[b]!), c.edges, pnetBox);
          const p = tf.sigmoid(out.diff);
          if (keepProbs) probs.push(tf.reshape(p, [-1]));
          if (pnetCls) add('pnet-cls', weightedSoftplus(out.diff, p, c.weights, c.weightsColumn, pnetMargin));
          if (pnetBox) add('pnet-box', tf.neg(tf.sum(tf.mul(tf.mean(tf.square(tf.sub(out.box!, c.cleanBox!)), 3, true), c.weights))) as tf.Scalar);
        });
      }
      for (const c of view.crops) {
        const net = c.size === 24 ? 'rnet' : 'onet';
        const wanted = heads.filter((h) => HEAD_INFO[h].net === net);
        if (wanted.length === 0) continue;
        const x = netInput(c.clean, c.sampler.apply(delta)[0]!);
        const out = c.size === 24 ? { ...rnet(this.weights, x, 'transposed'), landmarks: null } : onet(this.weights, x, 'transposed');
        const shared = (t: tf.Tensor) => (view.share === 1 ? (t as tf.Scalar) : (tf.mul(t, view.share) as tf.Scalar));
        if (wanted.includes(`${net}-cls` as Head)) add(`${net}-cls`, shared(tf.mean(towardNoFace(out.logits))));
        if (wanted.includes(`${net}-box` as Head)) add(`${net}-box`, shared(tf.neg(tf.mean(tf.square(tf.sub(out.box, c.cleanBox))))));
        if (out.landmarks && wanted.includes('onet-landmarks')) add('onet-landmarks', shared(tf.neg(tf.mean(tf.square(tf.sub(out.landmarks, c.cleanLandmarks!))))));
      }
    });
    const flat = !withProbs ? null : probs.length === 0 ? tf.zeros([0]) : probs.length === 1 ? probs[0]! : tf.concat(probs);
    return { parts, probs: flat as tf.Tensor1D | null };
  }

  /** δ spread over the whole image ([H, W, 3], zero outside the region; upsampled if scaled). */
  fullResolution(delta: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => new Resampler(this.toImage).apply(delta));
  }

  dispose(): void {
    for (const view of this.views) {
      view.sampler?.dispose();
      for (const c of view.canvases) tf.dispose([c.clean, c.weights, c.weightsColumn, ...(c.edges ? [c.edges] : []), ...(c.cleanBox ? [c.cleanBox] : [])]);
      for (const c of view.crops) {
        c.sampler.dispose();
        tf.dispose([c.clean, c.cleanBox, ...(c.cleanLandmarks ? [c.cleanLandmarks] : [])]);
      }
    }
    disposePnetCanvasWeights(this.head);
  }
}

/**
 * `k` copies of δ for k heads, one per head, whose gradients are balanced on the way back: each
 * head's gradient g_h is scaled by S / s_h, with s_h its mean magnitude over the values it reaches
 * (non-zero entries: a crop head reaches only its crop) and S the mean of the s_h, then summed. Every
 * head then moves the values it reaches as strongly as any other, whatever its loss's scale, and
 * the sum keeps the raw gradients' overall size (with one head it would be the identity). A head
 * whose gradient is zero everywhere (a box head at the clean image) gets weight 0.
 *
 * Each copy is its own identity op; the gradient of each is collected, and the op whose gradient
 * arrives last returns the balanced sum (the others return zeros). So the balance holds for a
 * gradient of a loss that uses every copy (the total), not for one part on its own. (Stacking the
 * copies and slicing them apart would do the same in one op, but tfjs-wasm's slice, stack and
 * concat are 10–100× slower than this on a δ of this size.)
 */
export function balancedCopies(delta: tf.Tensor3D, k: number): tf.Tensor3D[] {
  const arrived: (tf.Tensor | null)[] = new Array<tf.Tensor | null>(k).fill(null);
  const copy = (i: number) =>
    tf.customGrad((x) => ({
      value: tf.clone(x as tf.Tensor),
      gradFunc: (dy: tf.Tensor) => {
        arrived[i]?.dispose();
        arrived[i] = tf.keep(tf.clone(dy));
        if (arrived.some((g) => g === null)) return tf.zerosLike(dy);
        const grads = arrived.map((g) => g!);
        arrived.fill(null);
        const sum = balanceGradients(grads);
        tf.dispose(grads);
        return sum;
      },
    }))(delta) as tf.Tensor3D;
  return Array.from({ length: k }, (_, i) => copy(i));
}

/** Σ_h (S / s_h) · g_h, s_h = mean |g_h| over its non-zero entries, S = mean of the non-zero s_h (see balancedCopies). */
export function balanceGradients(grads: readonly tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    const scales = grads.map((g) => {
      const abs = tf.abs(g);
      return tf.div(tf.sum(abs), tf.maximum(tf.sum(tf.cast(tf.greater(abs, 0), 'float32')), 1));
    });
    const s = tf.stack(scales);
    const active = tf.cast(tf.greater(s, 0), 'float32');
    const mean = tf.div(tf.sum(s), tf.maximum(tf.sum(active), 1));
    const weights = tf.unstack(tf.div(tf.mul(active, mean), tf.add(s, tf.sub(1, active))));
    return tf.addN(grads.map((g, i) => tf.mul(g, weights[i]!)));
  });
}

function identityMap(size: number): AxisMap {
  return { inSize: size, outSize: size, taps: 1, index: Int32Array.from({ length: size }, (_, i) => i), weight: new Float32Array(size).fill(1) };
}

/** −log(1 − p_face) = softplus(z1 − z0), computed from logits so it never reaches log 0. */
export function towardNoFace(logits: tf.Tensor): tf.Tensor {
  const [z0, z1] = tf.split(logits, 2, -1);
  return tf.softplus(tf.sub(z1!, z0!));
}
