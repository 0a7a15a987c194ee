import * as tf from '@tensorflow/tfjs';

/*
 * One differentiable primitive for every resize in the project: the pyramid, the zero-padded crops
 * for R-Net and O-Net, and the upsampling of low-resolution perturbations.
 *
 * A separable linear resampling is described per axis by an AxisMap: for each output sample, a few
 * (input index, weight) taps; out[i] = Σ_k w[i,k] · x[idx[i,k]]. The kernels (area, bilinear,
 * nearest, padded crop windows) are defined once, here, as maps.
 *
 * Two executors run the maps:
 * - `Resampler`: tensors, differentiable (dense matrix products with an explicit gradient; tfjs
 *   has no gradient for cropAndResize and its resizeBilinear gradient is wrong on some backends).
 *   Used by attacks.
 * - `resampleArray`: plain loops over a Float32Array, no gradient. Used by detection, whose pixels
 *   are on the CPU anyway: on WASM it resizes the pyramid ~10× faster than gathers or matmuls, and
 *   it crops a hundred boxes without a hundred tensor ops.
 */

export interface AxisMap {
  /** Pixels along the source axis. */
  readonly inSize: number;
  readonly outSize: number;
  /** Taps per output sample (supports shorter than this are padded with zero weights). */
  readonly taps: number;
  /** outSize × taps source indices; -1 marks a tap outside the image (zero padding). */
  readonly index: Int32Array;
  readonly weight: Float32Array;
}

type Tap = readonly [index: number, weight: number];

function axisMap(inSize: number, outSize: number, support: (i: number) => Tap[]): AxisMap {
  const supports = Array.from({ length: outSize }, (_, i) => support(i).filter(([, w]) => w !== 0));
  const taps = Math.max(1, ...supports.map((s) => s.length));
  const index = new Int32Array(outSize * taps).fill(-1);
  const weight = new Float32Array(outSize * taps);
  supports.forEach((s, i) =>
    s.forEach(([p, w], k) => {
      const inside = p >= 0 && p < inSize;
      index[i * taps + k] = inside ? p : -1;
      weight[i * taps + k] = inside ? w : 0;
    }),
  );
  return { inSize, outSize, taps, index, weight };
}

/** A window [start, start + length) along an axis of the image; outside the image reads as zero. */
export interface AxisWindow {
  start: number;
  length: number;
}

/** Averages the pixels each output covers, weighted by overlap (OpenCV INTER_AREA when shrinking). */
function areaShrinkMap(inSize: number, outSize: number, { start, length }: AxisWindow): AxisMap {
  const scale = length / outSize;
  return axisMap(inSize, outSize, (i) => {
    const lo = i * scale;
    const hi = lo + scale;
    const taps: Tap[] = [];
    for (let p = Math.floor(lo); p < Math.ceil(hi - 1e-9); p++) {
      const overlap = Math.min(hi, p + 1) - Math.max(lo, p);
      if (overlap > 1e-9) taps.push([start + p, overlap / scale]);
    }
    return taps;
  });
}

/** OpenCV INTER_AREA's rule when not shrinking: a linear blend at block seams, edges replicated inside the window. */
function areaEnlargeMap(inSize: number, outSize: number, { start, length }: AxisWindow): AxisMap {
  const scale = length / outSize;
  const invScale = outSize / length;
  return axisMap(inSize, outSize, (i) => {
    let sx = Math.floor(i * scale);
    let fx = i + 1 - (sx + 1) * invScale;
    fx = fx <= 0 ? 0 : fx - Math.floor(fx);
    if (sx >= length - 1) {
      sx = length - 1;
      fx = 0;
    }
    return [
      [start + sx, 1 - fx],
      [start + Math.min(sx + 1, length - 1), fx],
    ];
  });
}

/**
 * OpenCV INTER_AREA (cv2.resize) of the window rows × cols of an H×W image to outH×outW. As in
 * OpenCV, pixel-area averaging applies only when neither axis grows; otherwise both axes use the
 * enlargement rule. Checked against cv2 4.6 in resample.test.ts.
 */
export function areaMaps(
  height: number,
  width: number,
  outHeight: number,
  outWidth: number,
  rows: AxisWindow = { start: 0, length: height },
  cols: AxisWindow = { start: 0, length: width },
): Maps2D {
  const shrink = rows.length >= outHeight && cols.length >= outWidth;
  const map = shrink ? areaShrinkMap : areaEnlargeMap;
  return { rows: map(height, outHeight, rows), cols: map(width, outWidth, cols) };
}

/** tfjs `resizeBilinear` with its defaults (no align corners, no half-pixel centres): face-api.js's pyramid. */
export function legacyBilinearMap(inSize: number, outSize: number): AxisMap {
  const scale = inSize / outSize;
  return axisMap(inSize, outSize, (i) => {
    const src = i * scale;
    const p0 = Math.floor(src);
    const f = src - p0;
    return [
      [p0, 1 - f],
      [Math.min(p0 + 1, inSize - 1), f],
    ];
  });
}

/** Bilinear with half-pixel centres, edges replicated: convex weights, so |out| ≤ max |in|. */
export function bilinearMap(inSize: number, outSize: number): AxisMap {
  const scale = inSize / outSize;
  return axisMap(inSize, outSize, (i) => {
    const src = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), inSize - 1);
    const p0 = Math.floor(src);
    const f = src - p0;
    return [
      [p0, 1 - f],
      [Math.min(p0 + 1, inSize - 1), f],
    ];
  });
}

/** Nearest neighbour with half-pixel centres. */
export function nearestMap(inSize: number, outSize: number): AxisMap {
  const scale = inSize / outSize;
  return axisMap(inSize, outSize, (i) => [[Math.min(Math.floor((i + 0.5) * scale), inSize - 1), 1]]);
}

/** The outputs [from, to) of a map (e.g. a window of a pyramid level). */
export function sliceOutputs(m: AxisMap, from: number, to: number): AxisMap {
  return axisMap(m.inSize, to - from, (i) => {
    const taps: Tap[] = [];
    for (let k = 0; k < m.taps; k++) taps.push([m.index[(from + i) * m.taps + k]!, m.weight[(from + i) * m.taps + k]!]);
    return taps.filter(([p]) => p >= 0);
  });
}

/** The map read only from inputs [lo, hi), re-indexed from 0 (inputs outside contribute nothing). */
export function restrictInputs(m: AxisMap, lo: number, hi: number): AxisMap {
  return axisMap(hi - lo, m.outSize, (i) => {
    const taps: Tap[] = [];
    for (let k = 0; k < m.taps; k++) {
      const p = m.index[i * m.taps + k]!;
      if (p >= lo && p < hi) taps.push([p - lo, m.weight[i * m.taps + k]!]);
    }
    return taps;
  });
}

/** [first, last + 1) of the inputs a map reads with non-zero weight; [0, 0) when it reads none. */
export function inputSpan(m: AxisMap): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < m.index.length; t++) {
    if (m.index[t]! >= 0 && m.weight[t] !== 0) {
      lo = Math.min(lo, m.index[t]!);
      hi = Math.max(hi, m.index[t]! + 1);
    }
  }
  return lo === Infinity ? [0, 0] : [lo, hi];
}

/** outer ∘ inner: apply `inner` first (e.g. upsample a small δ), then `outer` (e.g. a pyramid level). */
export function composeMaps(outer: AxisMap, inner: AxisMap): AxisMap {
  if (outer.inSize !== inner.outSize) throw new Error(`cannot compose maps: ${outer.inSize} ≠ ${inner.outSize}`);
  return axisMap(inner.inSize, outer.outSize, (i) => {
    const acc = new Map<number, number>();
    for (let k = 0; k < outer.taps; k++) {
      const p = outer.index[i * outer.taps + k]!;
      const w = outer.weight[i * outer.taps + k]!;
      if (p < 0 || w === 0) continue;
      for (let l = 0; l < inner.taps; l++) {
        const q = inner.index[p * inner.taps + l]!;
        const v = inner.weight[p * inner.taps + l]!;
        if (q >= 0 && v !== 0) acc.set(q, (acc.get(q) ?? 0) + w * v);
      }
    }
    return [...acc.entries()];
  });
}

/** The maps of one 2-D resampling: rows map the image height, cols its width. */
export interface Maps2D {
  rows: AxisMap;
  cols: AxisMap;
}

/** The map as a dense [outSize, inSize] matrix (zero-padding taps dropped). */
export function mapMatrix(m: AxisMap): Float32Array {
  const dense = new Float32Array(m.outSize * m.inSize);
  for (let i = 0; i < m.outSize; i++) {
    for (let k = 0; k < m.taps; k++) {
      const p = m.index[i * m.taps + k]!;
      if (p >= 0) dense[i * m.inSize + p]! += m.weight[i * m.taps + k]!;
    }
  }
  return dense;
}

/** M · X for X = [rows, ...] flattened to 2-D: a plain matrix product on the leading axis. */
function alongRows(m: tf.Tensor2D, x: tf.Tensor3D, outRows: number): tf.Tensor3D {
  const [h, w, c] = x.shape;
  return tf.reshape(tf.matMul(m, tf.reshape(x, [h, w * c])), [outRows, w, c]);
}

const swapHW = (x: tf.Tensor3D) => tf.transpose(x, [1, 0, 2]) as tf.Tensor3D;

/**
 * A differentiable separable resampling of an [H, W, C] image to [outH, outW, C], as two matrix
 * products (R_rows · X · R_colsᵀ per channel). The gradient is written out with the transposed
 * matrices kept as tensors, so both directions are plain products: tfjs's default matMul gradient
 * multiplies with transposed operands, which tfjs-wasm runs about 10× slower. Holds four small
 * matrices: dispose() when done.
 */
export class Resampler {
  readonly outHeight: number;
  readonly outWidth: number;
  private readonly rows: tf.Tensor2D;
  private readonly cols: tf.Tensor2D;
  private readonly rowsT: tf.Tensor2D;
  private readonly colsT: tf.Tensor2D;

  constructor(readonly maps: Maps2D) {
    this.outHeight = maps.rows.outSize;
    this.outWidth = maps.cols.outSize;
    this.rows = tf.tensor2d(mapMatrix(maps.rows), [maps.rows.outSize, maps.rows.inSize]);
    this.cols = tf.tensor2d(mapMatrix(maps.cols), [maps.cols.outSize, maps.cols.inSize]);
    this.rowsT = tf.transpose(this.rows);
    this.colsT = tf.transpose(this.cols);
  }

  apply(image: tf.Tensor3D): tf.Tensor3D {
    const { rows, cols, rowsT, colsT, outHeight: oh, outWidth: ow } = this;
    const [h, w] = image.shape;
    // save() keeps the transposed matrices alive until backprop, even when this Resampler was made
    // inside the function being differentiated (tfjs frees that scope before the backward pass).
    const op = tf.customGrad((x, save) => {
      (save as (ts: tf.Tensor[]) => void)([rowsT, colsT]);
      return {
        value: tf.tidy(() => swapHW(alongRows(cols, swapHW(alongRows(rows, x as tf.Tensor3D, oh)), ow))),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
          tf.tidy(() => alongRows(saved[0] as tf.Tensor2D, swapHW(alongRows(saved[1] as tf.Tensor2D, swapHW(dy as tf.Tensor3D), w)), h)),
      };
    });
    return op(image) as tf.Tensor3D;
  }

  dispose(): void {
    tf.dispose([this.rows, this.cols, this.rowsT, this.colsT]);
  }
}

/**
 * One-shot differentiable resampling. Its matrices belong to the caller's scope (call it inside
 * tf.tidy or a function passed to tf.grad): the gradient needs them after the forward pass.
 */
export function resample(image: tf.Tensor3D, maps: Maps2D): tf.Tensor3D {
  return new Resampler(maps).apply(image);
}

/** The same resampling on plain interleaved [H, W, C] data (no gradient), written into `out`. */
export function resampleArray(
  src: ArrayLike<number>,
  width: number,
  channels: number,
  { rows, cols }: Maps2D,
  out: Float32Array = new Float32Array(rows.outSize * cols.outSize * channels),
  outOffset = 0,
): Float32Array {
  const tmp = new Float32Array(cols.outSize * channels);
  for (let i = 0; i < rows.outSize; i++) {
    tmp.fill(0);
    for (let k = 0; k < rows.taps; k++) {
      const r = rows.index[i * rows.taps + k]!;
      const rw = rows.weight[i * rows.taps + k]!;
      if (r < 0 || rw === 0) continue;
      const rowBase = r * width * channels;
      for (let j = 0; j < cols.outSize; j++) {
        for (let l = 0; l < cols.taps; l++) {
          const c = cols.index[j * cols.taps + l]!;
          const w = rw * cols.weight[j * cols.taps + l]!;
          if (c < 0 || w === 0) continue;
          const s = rowBase + c * channels;
          for (let ch = 0; ch < channels; ch++) tmp[j * channels + ch]! += w * src[s + ch]!;
        }
      }
    }
    out.set(tmp, outOffset + i * cols.outSize * channels);
  }
  return out;
}
