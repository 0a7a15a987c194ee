import * as tf from '@tensorflow/tfjs';
import { mapMatrix, resampleArray, type AxisMap, type Maps2D } from '../mtcnn/resample';

/*
 * Canvases: the windows an attack runs a net on (P-Net's windows of the targeted pyramid levels, or
 * the R-Net/O-Net crops), packed into a few padded batches so that the net runs once per batch,
 * not once per window, with every shape fixed for the whole attack.
 *
 * A canvas is [n, width, height, 3]: image rows and columns swapped, as the MATLAB-converted nets
 * read them (nets.ts transposes its input; here the samplers write the transposed layout directly).
 * Window k sits at [k, 0:W_k, 0:H_k]; the rest is zero padding whose outputs the losses ignore.
 *
 * Two executors of the same linear maps (δ → every window of a canvas), each differentiable with an
 * explicit gradient:
 * - dense: stacked map matrices, a gather and two matrix products each way per canvas, the fewest
 *   GPU dispatches (WebGPU, WebGL).
 * - sparse: the maps' taps as segment sums (one pass per axis for all windows at once), then one
 *   gather into each canvas. On WASM and the CPU a dense product costs (outputs × inputs) while
 *   the taps are a few per output: for the seed defaults it is ~15× less work.
 */

/** Normalised net input per unit of δ (the nets read (255·v − 127.5) / 128). */
export const NET_SCALE = 255 / 128;

export interface CanvasBucket {
  /** Indices of the windows on this canvas, one batch entry each. */
  items: number[];
  /** Canvas rows (the windows' image height, padded) and columns (image width, padded). */
  height: number;
  width: number;
}

export type SamplerKind = 'dense' | 'sparse';

/** Which executor suits the active backend: GPUs want few dispatches, CPUs few multiply-adds. */
export function samplerKindFor(backend: string): SamplerKind {
  return backend === 'webgpu' || backend === 'webgl' ? 'dense' : 'sparse';
}

/**
 * Groups windows into padded batches: cost(batch) = n · maxH · maxW pixels + `overhead` (the fixed
 * cost of one more net run, in pixels); greedily merges the two batches whose union saves most.
 */
export function planBuckets(sizes: readonly { height: number; width: number }[], overhead: number): CanvasBucket[] {
  let buckets: CanvasBucket[] = sizes.map((s, i) => ({ items: [i], height: s.height, width: s.width }));
  const cost = (b: CanvasBucket) => b.items.length * b.height * b.width + overhead;
  const union = (a: CanvasBucket, b: CanvasBucket): CanvasBucket => ({
    items: [...a.items, ...b.items].sort((x, y) => x - y),
    height: Math.max(a.height, b.height),
    width: Math.max(a.width, b.width),
  });
  for (;;) {
    let best: [number, number, number] | null = null;
    for (let i = 0; i < buckets.length; i++) {
      for (let j = i + 1; j < buckets.length; j++) {
        const saving = cost(buckets[i]!) + cost(buckets[j]!) - cost(union(buckets[i]!, buckets[j]!));
        if (saving > 0 && (!best || saving > best[2])) best = [i, j, saving];
      }
    }
    if (!best) break;
    const merged = union(buckets[best[0]]!, buckets[best[1]]!);
    buckets = [...buckets.filter((_, k) => k !== best![0] && k !== best![1]), merged];
  }
  return buckets.sort((a, b) => a.items[0]! - b.items[0]!);
}

/** The clean windows of an image ([H, W, 3] interleaved on [0, 1]), normalised, on a canvas. */
export function cleanCanvas(pixels: Float32Array, imageWidth: number, windows: readonly Maps2D[], bucket: CanvasBucket, bgr: boolean): tf.Tensor4D {
  const { height: hp, width: wp, items } = bucket;
  const out = new Float32Array(items.length * wp * hp * 3);
  items.forEach((w, k) => {
    const maps = windows[w]!;
    const win = resampleArray(pixels, imageWidth, 3, maps);
    const [h, wd] = [maps.rows.outSize, maps.cols.outSize];
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < wd; c++) {
        for (let ch = 0; ch < 3; ch++) {
          const v = win[(r * wd + c) * 3 + ch]!;
          out[((k * wp + c) * hp + r) * 3 + (bgr ? 2 - ch : ch)] = (v * 255 - 127.5) / 128;
        }
      }
    }
  });
  return tf.tensor4d(out, [items.length, wp, hp, 3]);
}

/** δ [dh, dw, 3] → NET_SCALE · (the windows of R·δ) on each canvas, differentiably. */
export interface CanvasSampler {
  apply(delta: tf.Tensor3D): tf.Tensor4D[];
  dispose(): void;
}

type Save = (ts: tf.Tensor[]) => void;

/**
 * Three GPU dispatches per canvas and direction. Rows of every window at once (one product with
 * the stacked row maps, unpadded), one gather that both transposes each window's rows and pads them
 * into its canvas slot, then the columns (one batched product per canvas). The gradient runs the
 * same steps transposed (a product, a scatter, a product).
 */
class DenseSampler implements CanvasSampler {
  private readonly rows: tf.Tensor2D;
  private readonly rowsT: tf.Tensor2D;
  private readonly parts: { pick: tf.Tensor2D; cols: tf.Tensor3D; colsT: tf.Tensor3D; bucket: CanvasBucket }[];
  private readonly sumH: number;

  constructor(
    windows: readonly Maps2D[],
    buckets: readonly CanvasBucket[],
    private readonly dh: number,
    private readonly dw: number,
  ) {
    const rowOffset: number[] = [];
    let sumH = 0;
    for (const m of windows) {
      rowOffset.push(sumH);
      sumH += m.rows.outSize;
    }
    this.sumH = sumH;
    // One more output row that reads nothing: the canvases' padding gathers its zeros.
    const rows = new Float32Array((sumH + 1) * dh);
    windows.forEach((m, w) => {
      const my = mapMatrix(m.rows);
      for (let i = 0; i < my.length; i++) rows[rowOffset[w]! * dh + i] = my[i]! * NET_SCALE;
    });
    this.rows = tf.tensor2d(rows, [sumH + 1, dh]);
    this.rowsT = tf.transpose(this.rows);
    this.parts = buckets.map((bucket) => {
      const { items, height: hp, width: wp } = bucket;
      const n = items.length;
      const cols = new Float32Array(n * wp * dw);
      // Canvas-slot order [k, column of δ, canvas row]: rows of the product, as (row · dw + column).
      const pick = new Int32Array(n * dw * hp);
      items.forEach((w, k) => {
        cols.set(mapMatrix(windows[w]!.cols), k * wp * dw);
        const h = windows[w]!.rows.outSize;
        for (let c = 0; c < dw; c++) {
          for (let r = 0; r < hp; r++) pick[(k * dw + c) * hp + r] = (r < h ? rowOffset[w]! + r : sumH) * dw + c;
        }
      });
      const colsT = tf.tensor3d(cols, [n, wp, dw]);
      return { pick: tf.tensor2d(pick, [pick.length, 1], 'int32'), cols: colsT, colsT: tf.transpose(colsT, [0, 2, 1]), bucket };
    });
  }

  apply(delta: tf.Tensor3D): tf.Tensor4D[] {
    const { dh, dw, sumH, rows, rowsT } = this;
    const rowsOf = tf.customGrad((x, save) => {
      (save as Save)([rowsT]);
      return {
        value: tf.tidy(() => tf.reshape(tf.matMul(rows, tf.reshape(x as tf.Tensor, [dh, dw * 3])), [(sumH + 1) * dw, 3])),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.tidy(() => tf.reshape(tf.matMul(saved[0] as tf.Tensor2D, tf.reshape(dy, [sumH + 1, dw * 3])), [dh, dw, 3])),
      };
    });
    const all = rowsOf(delta);
    return this.parts.map(({ pick, cols, colsT, bucket }) => {
      const n = bucket.items.length;
      const [hp, wp] = [bucket.height, bucket.width];
      const op = tf.customGrad((a, save) => {
        (save as Save)([pick, colsT]);
        return {
          value: tf.tidy(() => tf.reshape(tf.matMul(cols, tf.reshape(tf.gatherND(a as tf.Tensor, pick), [n, dw, hp * 3])), [n, wp, hp, 3])),
          gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
            tf.tidy(() => {
              const dt = tf.matMul(saved[1] as tf.Tensor3D, tf.reshape(dy, [n, wp, hp * 3]));
              return tf.scatterND(saved[0]!, tf.reshape(dt, [n * dw * hp, 3]), [(sumH + 1) * dw, 3]);
            }),
        };
      });
      return op(all) as tf.Tensor4D;
    });
  }

  dispose(): void {
    tf.dispose([this.rows, this.rowsT]);
    for (const p of this.parts) tf.dispose([p.pick, p.cols, p.colsT]);
  }
}

/**
 * A linear map along the leading axis of [inSize, C] as segment sums: out[o] = b_o · (Σ x[i] over
 * the taps whose weight is b_o, the output's most common weight + Σ (w/b_o) · x[i] over the others).
 * For an area map b_o is the weight of the whole pixels, so only the two partial pixels at the
 * ends of each output's span are gathered and weighted. The gradient is the same construction
 * with the transposed taps.
 */
export class SegmentSumMap {
  readonly inSize: number;
  readonly outSize: number;
  private readonly fwd: SegmentSumPlan;
  private readonly bwd: SegmentSumPlan;
  private readonly base: tf.Tensor2D;

  constructor(m: AxisMap, scale = 1) {
    this.inSize = m.inSize;
    this.outSize = m.outSize;
    const base = new Float32Array(m.outSize);
    const plain: [number, number][] = []; // (output, input)
    const weighted: [number, number, number][] = []; // (output, input, w / b)
    for (let o = 0; o < m.outSize; o++) {
      const taps = new Map<number, number>();
      for (let k = 0; k < m.taps; k++) {
        const i = m.index[o * m.taps + k]!;
        const w = m.weight[o * m.taps + k]!;
        if (i >= 0 && w !== 0) taps.set(i, (taps.get(i) ?? 0) + w);
      }
      const counts = new Map<number, number>();
      for (const w of taps.values()) counts.set(w, (counts.get(w) ?? 0) + 1);
      let b = 0;
      let most = 0;
      for (const [w, c] of counts) if (c > most) [b, most] = [w, c];
      base[o] = b * scale;
      for (const [i, w] of taps) {
        if (w === b) plain.push([o, i]);
        else weighted.push([o, i, w / b]);
      }
    }
    this.base = tf.tensor2d(base, [m.outSize, 1]);
    this.fwd = segmentSumPlan(plain, weighted, m.inSize, m.outSize, false);
    this.bwd = segmentSumPlan(plain, weighted, m.outSize, m.inSize, true);
  }

  /** [inSize, C] → [outSize, C]. */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.mul(runPlan(this.fwd, x), this.base) as tf.Tensor2D;
  }

  /** The transpose: [outSize, C] → [inSize, C]. */
  backward(dy: tf.Tensor2D): tf.Tensor2D {
    return runPlan(this.bwd, tf.mul(dy, this.base) as tf.Tensor2D);
  }

  dispose(): void {
    this.base.dispose();
    disposePlan(this.fwd);
    disposePlan(this.bwd);
  }
}

interface SegmentSumPlan {
  /** Rows of the source that are gathered and weighted (appended after the source's own rows). */
  gather: tf.Tensor2D | null;
  ratio: tf.Tensor2D | null;
  indices: tf.Tensor1D;
  segments: tf.Tensor1D;
}

/**
 * One segment sum over [source; weighted gathered rows]. Forward: segments are outputs and plain
 * entries read input rows; transposed: segments are inputs and plain entries read output rows.
 * The last segment always gets an entry (a zero-weight one if need be) so the result has all rows.
 */
function segmentSumPlan(plain: [number, number][], weighted: [number, number, number][], sourceSize: number, targetSize: number, transposed: boolean): SegmentSumPlan {
  const src = (e: [number, number] | [number, number, number]) => (transposed ? e[0] : e[1]);
  const dst = (e: [number, number] | [number, number, number]) => (transposed ? e[1] : e[0]);
  const extra: [number, number, number][] = [...weighted];
  const last = targetSize - 1;
  if (targetSize > 0 && !plain.some((e) => dst(e) === last) && !weighted.some((e) => dst(e) === last)) {
    extra.push(transposed ? [0, last, 0] : [last, 0, 0]);
  }
  const entries: { seg: number; index: number }[] = [
    ...plain.map((e) => ({ seg: dst(e), index: src(e) })),
    ...extra.map((e, k) => ({ seg: dst(e), index: sourceSize + k })),
  ].sort((a, b) => a.seg - b.seg || a.index - b.index);
  return {
    gather: extra.length ? tf.tensor2d(extra.map(src), [extra.length, 1], 'int32') : null,
    ratio: extra.length ? tf.tensor2d(extra.map((e) => e[2]), [extra.length, 1]) : null,
    indices: tf.tensor1d(entries.map((e) => e.index), 'int32'),
    segments: tf.tensor1d(entries.map((e) => e.seg), 'int32'),
  };
}

function runPlan(p: SegmentSumPlan, x: tf.Tensor2D): tf.Tensor2D {
  const data = p.gather ? tf.concat([x, tf.mul(tf.gatherND(x, p.gather), p.ratio!)], 0) : x;
  return tf.sparse.sparseSegmentSum(data, p.indices, p.segments) as tf.Tensor2D;
}

function disposePlan(p: SegmentSumPlan): void {
  tf.dispose([p.indices, p.segments, ...(p.gather ? [p.gather, p.ratio!] : [])]);
}

/** Maps stacked along their outputs (one after the other), plus `extraZeroRows` outputs that read nothing. */
function stackMaps(maps: readonly AxisMap[], extraZeroRows = 0): AxisMap {
  const inSize = maps[0]!.inSize;
  const taps = Math.max(1, ...maps.map((m) => m.taps));
  const outSize = maps.reduce((a, m) => a + m.outSize, 0) + extraZeroRows;
  const index = new Int32Array(outSize * taps).fill(-1);
  const weight = new Float32Array(outSize * taps);
  let o = 0;
  for (const m of maps) {
    for (let i = 0; i < m.outSize; i++, o++) {
      for (let k = 0; k < m.taps; k++) {
        index[o * taps + k] = m.index[i * m.taps + k]!;
        weight[o * taps + k] = m.weight[i * m.taps + k]!;
      }
    }
  }
  return { inSize, outSize, taps, index, weight };
}

/**
 * Rows of every window at once (segment sums over δ's rows), a transpose, columns of every window
 * at once (segment sums over δ's columns, so each window's columns meet every window's rows: a
 * little wasted work on a small intermediate), then one gather per canvas picks each window's own
 * block. The gradient runs the same steps transposed (segment sums, a scatter).
 */
class SparseSampler implements CanvasSampler {
  private readonly rowsMap: SegmentSumMap;
  private readonly colsMap: SegmentSumMap;
  private readonly picks: { indices: tf.Tensor2D; bucket: CanvasBucket }[];
  private readonly sumH: number;
  private readonly sumW: number;

  constructor(
    windows: readonly Maps2D[],
    buckets: readonly CanvasBucket[],
    private readonly dh: number,
    private readonly dw: number,
  ) {
    const rowOffset: number[] = [];
    const colOffset: number[] = [];
    let h = 0;
    let w = 0;
    for (const m of windows) {
      rowOffset.push(h);
      colOffset.push(w);
      h += m.rows.outSize;
      w += m.cols.outSize;
    }
    this.sumH = h;
    this.sumW = w;
    this.rowsMap = new SegmentSumMap(stackMaps(windows.map((m) => m.rows)), NET_SCALE);
    // One more output column that reads nothing: the canvases' padding gathers its zeros.
    this.colsMap = new SegmentSumMap(stackMaps(windows.map((m) => m.cols), 1));
    this.picks = buckets.map((bucket) => {
      const { items, height: hp, width: wp } = bucket;
      const idx = new Int32Array(items.length * wp * hp).fill(this.sumW * this.sumH);
      items.forEach((win, k) => {
        const [wh, ww] = [windows[win]!.rows.outSize, windows[win]!.cols.outSize];
        for (let c = 0; c < ww; c++) {
          for (let r = 0; r < wh; r++) idx[(k * wp + c) * hp + r] = (colOffset[win]! + c) * this.sumH + rowOffset[win]! + r;
        }
      });
      return { indices: tf.tensor2d(idx, [idx.length, 1], 'int32'), bucket };
    });
  }

  apply(delta: tf.Tensor3D): tf.Tensor4D[] {
    const { dh, dw, sumH, sumW, rowsMap, colsMap } = this;
    const pairs = tf.customGrad((x) => ({
      value: tf.tidy(() => {
        const rows = rowsMap.forward(tf.reshape(x as tf.Tensor, [dh, dw * 3]) as tf.Tensor2D);
        const t = tf.reshape(tf.transpose(tf.reshape(rows, [sumH, dw, 3]), [1, 0, 2]), [dw, sumH * 3]) as tf.Tensor2D;
        return tf.reshape(colsMap.forward(t), [(sumW + 1) * sumH, 3]);
      }),
      gradFunc: (dy: tf.Tensor) =>
        tf.tidy(() => {
          const dt = colsMap.backward(tf.reshape(dy, [sumW + 1, sumH * 3]) as tf.Tensor2D);
          const drows = tf.reshape(tf.transpose(tf.reshape(dt, [dw, sumH, 3]), [1, 0, 2]), [sumH, dw * 3]) as tf.Tensor2D;
          return tf.reshape(rowsMap.backward(drows), [dh, dw, 3]);
        }),
    }))(delta);
    return this.picks.map(({ indices, bucket }) => {
      const shape: [number, number, number, number] = [bucket.items.length, bucket.width, bucket.height, 3];
      const pick = tf.customGrad((p, save) => {
        (save as Save)([indices]);
        return {
          value: tf.tidy(() => tf.reshape(tf.gatherND(p as tf.Tensor, indices), shape)),
          gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.tidy(() => tf.scatterND(saved[0]!, tf.reshape(dy, [indices.shape[0], 3]), [(sumW + 1) * sumH, 3])),
        };
      });
      return pick(pairs) as tf.Tensor4D;
    });
  }

  dispose(): void {
    this.rowsMap.dispose();
    this.colsMap.dispose();
    tf.dispose(this.picks.map((p) => p.indices));
  }
}

export function makeSampler(kind: SamplerKind, windows: readonly Maps2D[], buckets: readonly CanvasBucket[], dh: number, dw: number): CanvasSampler {
  return kind === 'dense' ? new DenseSampler(windows, buckets, dh, dw) : new SparseSampler(windows, buckets, dh, dw);
}
