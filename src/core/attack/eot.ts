import * as tf from '@tensorflow/tfjs';
import type { Rect } from '../mtcnn/detect';
import { composeMaps, resample, resampleArray, type AxisMap, type Maps2D } from '../mtcnn/resample';
import { seededRandom } from '../random';

/*
 * Expectation over transformation (seed 003's gradient augmentation, in MTCNN's setting): the attack
 * loss is averaged over the image and a few augmented copies of it, so that the step direction does
 * not hinge on one exact placement of the face on P-Net's cell grid, one scale, or one set of 8-bit
 * values. Each copy ("view") is
 *
 *   T(x) = B(A(x + n))
 *
 * with n a JPEG-like quantisation noise (fixed per view), A a small rescale about the attacked faces'
 * centre plus a shift (up to half a P-Net cell at the face's own pyramid level, so the face moves
 * across cells), and B a mild Gaussian blur. A and B are separable linear resamplings, written as
 * per-axis maps like every resize here (mtcnn/resample.ts): composed with a pyramid level's or a
 * crop's maps they give that level of T(x + δ) as level(T(x + n)) + level(T(δ)), so the attack
 * model keeps its precomputed clean windows (model.ts). Every part is a differentiable tf op
 * (`augment`): matrix products and an addition.
 */

/** Largest relative rescale of a view (uniform in [1 − r, 1 + r]). */
export const EOT_RESCALE = 0.1;
/** Largest shift, as a share of the face size (half a P-Net cell at the face's 12-pixel level: 12 px = the face, a cell is 2 px). */
export const EOT_SHIFT = 1 / 12;
/** Blur σ in image pixels, uniform in [0, this]; below EOT_MIN_BLUR no blur. */
export const EOT_BLUR = 1;
const EOT_MIN_BLUR = 0.25;
/** JPEG quality whose quantisation the noise imitates, uniform in this range. */
export const EOT_QUALITY: readonly [number, number] = [75, 95];

export interface EotView {
  /** The view's geometry: image rows → rows, image columns → columns (same size). */
  maps: Maps2D;
  /** Additive noise on [0, 1], [H, W, 3] row-major. */
  noise: Float32Array;
  /** What was drawn, for reports. */
  scale: number;
  shiftX: number;
  shiftY: number;
  blur: number;
  quality: number;
}

type Tap = [index: number, weight: number];

function mapOf(size: number, support: (i: number) => Tap[]): AxisMap {
  const supports = Array.from({ length: size }, (_, i) => {
    const merged = new Map<number, number>();
    for (const [p, w] of support(i)) if (w !== 0) merged.set(p, (merged.get(p) ?? 0) + w);
    return [...merged.entries()];
  });
  const taps = Math.max(1, ...supports.map((s) => s.length));
  const index = new Int32Array(size * taps).fill(-1);
  const weight = new Float32Array(size * taps);
  supports.forEach((s, i) =>
    s.forEach(([p, w], k) => {
      index[i * taps + k] = p;
      weight[i * taps + k] = w;
    }),
  );
  return { inSize: size, outSize: size, taps, index, weight };
}

const clampIndex = (p: number, size: number) => Math.min(size - 1, Math.max(0, p));

/**
 * Output pixel i shows the content at c + (i − c − shift) / scale (pixel centres at i + ½),
 * bilinearly, edges replicated: the image rescaled by `scale` about c, then moved by `shift`.
 */
export function affineMap(size: number, scale: number, shift: number, centre: number): AxisMap {
  return mapOf(size, (i) => {
    const p = centre + (i + 0.5 - centre - shift) / scale - 0.5;
    const p0 = Math.floor(p);
    const f = p - p0;
    return [
      [clampIndex(p0, size), 1 - f],
      [clampIndex(p0 + 1, size), f],
    ];
  });
}

/** A normalised Gaussian of σ pixels (radius ⌈2σ⌉), edges replicated; the identity for σ = 0. */
export function gaussianMap(size: number, sigma: number): AxisMap {
  if (sigma <= 0) return mapOf(size, (i) => [[i, 1]]);
  const radius = Math.ceil(2 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, k) => Math.exp(-((k - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  return mapOf(size, (i) => kernel.map((w, k): Tap => [clampIndex(i + k - radius, size), w / total]));
}

/** The JPEG standard's luminance quantisation table (ITU T.81, Annex K), row-major by frequency. */
const LUMA_TABLE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24,
  35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

/** The table at a quality (libjpeg's scaling), in grey levels. */
export function quantisationTable(quality: number): number[] {
  const s = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  return LUMA_TABLE.map((t) => Math.max(1, Math.floor((t * s + 50) / 100)));
}

/** cos((2x + 1)uπ/16) · C(u), C(0) = √½ · ½, else ½: the orthonormal 8-point DCT basis. */
const BASIS = Array.from({ length: 8 }, (_, u) => Array.from({ length: 8 }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / 16) * (u === 0 ? Math.SQRT1_2 : 1) * 0.5));

/**
 * Quantisation noise as JPEG makes it, under the usual model: in every 8×8 block each DCT
 * coefficient's rounding error is uniform on ±Q/2 (Q from the quality's table); back in pixels it
 * is the inverse DCT of those errors. Luminance only (the same on the three channels), on [0, 1].
 */
export function jpegLikeNoise(width: number, height: number, quality: number, random: () => number): Float32Array {
  const q = quantisationTable(quality);
  const out = new Float32Array(width * height * 3);
  const coef = new Float64Array(64);
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let k = 0; k < 64; k++) coef[k] = (random() - 0.5) * q[k]!;
      for (let y = 0; y < 8 && by + y < height; y++) {
        for (let x = 0; x < 8 && bx + x < width; x++) {
          let v = 0;
          for (let u = 0; u < 8; u++) for (let w = 0; w < 8; w++) v += BASIS[u]![y]! * BASIS[w]![x]! * coef[u * 8 + w]!;
          const o = ((by + y) * width + bx + x) * 3;
          out[o] = out[o + 1] = out[o + 2] = v / 255;
        }
      }
    }
  }
  return out;
}

/**
 * `count` views of a width × height image, drawn from `seed`: rescale about the centre of the
 * attacked faces, shift up to EOT_SHIFT of their mean size, blur, JPEG-like noise.
 */
export function drawViews(count: number, seed: number, width: number, height: number, faces: readonly Rect[]): EotView[] {
  const random = seededRandom(seed ^ 0x0e07);
  const cx = faces.reduce((a, f) => a + f.x + f.width / 2, 0) / Math.max(1, faces.length);
  const cy = faces.reduce((a, f) => a + f.y + f.height / 2, 0) / Math.max(1, faces.length);
  const size = faces.reduce((a, f) => a + Math.max(f.width, f.height), 0) / Math.max(1, faces.length);
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  return Array.from({ length: count }, () => {
    const scale = between(1 - EOT_RESCALE, 1 + EOT_RESCALE);
    const shiftX = between(-EOT_SHIFT, EOT_SHIFT) * size;
    const shiftY = between(-EOT_SHIFT, EOT_SHIFT) * size;
    const drawn = between(0, EOT_BLUR);
    const blur = drawn < EOT_MIN_BLUR ? 0 : drawn;
    const quality = Math.round(between(EOT_QUALITY[0], EOT_QUALITY[1]));
    const maps = {
      rows: composeMaps(gaussianMap(height, blur), affineMap(height, scale, shiftY, cy)),
      cols: composeMaps(gaussianMap(width, blur), affineMap(width, scale, shiftX, cx)),
    };
    return { maps, noise: jpegLikeNoise(width, height, quality, random), scale, shiftX, shiftY, blur, quality };
  });
}

/** `maps` (a pyramid level's, a crop's) read from the view of the image instead of the image: maps ∘ T. */
export function throughView(maps: Maps2D, view: EotView): Maps2D {
  return { rows: composeMaps(maps.rows, view.maps.rows), cols: composeMaps(maps.cols, view.maps.cols) };
}

/** The view's clean image T-ready pixels, x + n (what level(T(x + n)) resamples), [H, W, 3]. */
export function withNoise(pixels: Float32Array, view: EotView): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < out.length; i++) out[i] = pixels[i]! + view.noise[i]!;
  return out;
}

/** T(x) as tf ops, differentiable in x ([H, W, 3] on [0, 1]). Call inside tf.tidy or a gradient. */
export function augment(image: tf.Tensor3D, view: EotView): tf.Tensor3D {
  const [h, w] = image.shape;
  return resample(tf.add(image, tf.tensor3d(view.noise, [h, w, 3])) as tf.Tensor3D, view.maps);
}

/** T(x) on plain arrays (no gradient), for checks: the same maps through resampleArray. */
export function augmentArray(pixels: Float32Array, width: number, view: EotView): Float32Array {
  return resampleArray(withNoise(pixels, view), width, 3, view.maps);
}
