import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { areaMaps, bilinearMap, legacyBilinearMap, mapMatrix, nearestMap, resample, resampleArray, type AxisMap } from './resample';
import { directionalDerivatives, onBackend, seededRandom } from '../../node/testing';
import opencvArea from './fixtures/opencv-area.json';

function randomImage(h: number, w: number, seed: number): tf.Tensor3D {
  const r = seededRandom(seed);
  return tf.tensor3d(Array.from({ length: h * w * 3 }, r), [h, w, 3]);
}

function rowSums(m: AxisMap): number[] {
  const dense = mapMatrix(m);
  return Array.from({ length: m.outSize }, (_, i) => dense.slice(i * m.inSize, (i + 1) * m.inSize).reduce((a, b) => a + b, 0));
}

describe('axis maps', () => {
  it('area shrinking by an integer factor averages blocks', () => {
    const m = areaMaps(6, 6, 3, 3).rows;
    expect(Array.from(mapMatrix(m))).toEqual([0.5, 0.5, 0, 0, 0, 0, 0, 0, 0.5, 0.5, 0, 0, 0, 0, 0, 0, 0.5, 0.5]);
  });

  it('area shrinking by a fractional factor weights by overlap and preserves constants', () => {
    const m = areaMaps(5, 5, 3, 3).rows; // each output covers 5/3 pixels
    const d = mapMatrix(m);
    expect(d[0]).toBeCloseTo(0.6, 6); // pixel 0 fully, pixel 1 by 2/3
    expect(d[1]).toBeCloseTo(0.4, 6);
    for (const s of rowSums(m)) expect(s).toBeCloseTo(1, 6);
  });

  it('a crop window reaching outside the image reads zeros there', () => {
    const m = areaMaps(10, 10, 2, 2, { start: -2, length: 4 }).rows; // window [-2, 2): half outside
    expect(rowSums(m)[0]).toBeCloseTo(0, 6);
    expect(rowSums(m)[1]).toBeCloseTo(1, 6);
    expect(m.index.every((p) => p < 10)).toBe(true);
  });

  it('area enlarging follows OpenCV INTER_AREA (blocks with linear seams)', () => {
    // 2 → 4: OpenCV gives [a, (a+b)/2 ... ] pattern: outputs 0 and 3 copy, 1 and 2 copy neighbours.
    const d = mapMatrix(areaMaps(2, 2, 4, 4).rows);
    expect(Array.from(d)).toEqual([1, 0, 1, 0, 0, 1, 0, 1]);
    const d3 = mapMatrix(areaMaps(2, 2, 3, 3).rows); // 2 → 3: middle output blends
    expect(d3[2]).toBeCloseTo(0.5, 6);
    expect(d3[3]).toBeCloseTo(0.5, 6);
  });

  it('bilinear and nearest upsampling use convex weights (|out| ≤ max |in|)', () => {
    for (const m of [bilinearMap(7, 23), nearestMap(7, 23)]) {
      for (const s of rowSums(m)) expect(s).toBeCloseTo(1, 6);
      expect(Array.from(m.weight).every((w) => w >= 0 && w <= 1)).toBe(true);
    }
  });
});

describe('resampling executors', () => {
  beforeAll(() => onBackend('cpu'));

  it('the tensor and array executors agree on a non-square image (area, enlarge, padded crop)', () => {
    const x = randomImage(13, 21, 3);
    const data = x.dataSync();
    const cases = [
      areaMaps(13, 21, 5, 8),
      areaMaps(13, 21, 24, 24, { start: 2, length: 9 }, { start: -3, length: 9 }),
      { rows: bilinearMap(13, 30), cols: nearestMap(21, 40) },
    ];
    for (const maps of cases) {
      const t = tf.tidy(() => resample(x, maps));
      const a = resampleArray(data, 21, 3, maps);
      expect(t.shape).toEqual([maps.rows.outSize, maps.cols.outSize, 3]);
      const td = t.dataSync();
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(td[i]! - a[i]!));
      expect(worst).toBeLessThan(1e-5);
      t.dispose();
    }
    x.dispose();
  });

  it("legacy bilinear reproduces tf.image.resizeBilinear's default sampling (face-api.js pyramid)", () => {
    const x = randomImage(17, 11, 5);
    const ours = tf.tidy(() => resample(x, { rows: legacyBilinearMap(17, 7), cols: legacyBilinearMap(11, 6) }));
    const theirs = tf.image.resizeBilinear(x, [7, 6]);
    expect(tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, ours, theirs]);
  });
});

describe.each(['cpu', 'wasm'] as const)('resampling gradients on %s', (backend) => {
  beforeAll(() => onBackend(backend));

  it('match central finite differences on a non-square image', async () => {
    const x = randomImage(9, 14, 7);
    const r = seededRandom(11);
    const mapsList = [
      areaMaps(9, 14, 4, 6),
      areaMaps(9, 14, 24, 24, { start: -2, length: 8 }, { start: 3, length: 13 }),
      { rows: legacyBilinearMap(9, 5), cols: legacyBilinearMap(14, 4) },
    ];
    for (const maps of mapsList) {
      const weights = tf.tensor3d(Array.from({ length: maps.rows.outSize * maps.cols.outSize * 3 }, () => r() - 0.5), [
        maps.rows.outSize,
        maps.cols.outSize,
        3,
      ]);
      // A non-linear scalar of the output, so the check exercises the chain rule through the resize.
      const f = (t: tf.Tensor) => tf.tidy(() => tf.sum(tf.mul(tf.square(resample(t as tf.Tensor3D, maps)), weights)) as tf.Scalar);
      for (const { analytic, numeric } of await directionalDerivatives(f, x, 3, [1e-2])) {
        expect(Math.abs(analytic - numeric[0]!)).toBeLessThan(1e-3 * Math.max(1, Math.abs(analytic)));
      }
      weights.dispose();
    }
    x.dispose();
  });
});

describe('why the project resamples with its own maps', () => {
  beforeAll(() => onBackend('cpu'));

  it("tfjs 4.22's CPU resizeBilinear gradient is wrong on non-square images (we route around it)", () => {
    const x = randomImage(6, 10, 2);
    let failed = false;
    try {
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.image.resizeBilinear(t as tf.Tensor3D, [3, 4])))(x);
      // If it does not throw, compare with our map-based resize, which is checked against finite differences above.
      const ours = tf.grad((t: tf.Tensor) => tf.sum(resample(t as tf.Tensor3D, { rows: legacyBilinearMap(6, 3), cols: legacyBilinearMap(10, 4) })))(x);
      failed = tf.max(tf.abs(tf.sub(g, ours))).dataSync()[0]! > 1e-4;
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
    x.dispose();
  });
});

describe('area kernel against OpenCV', () => {
  it('matches cv2.resize(INTER_AREA) when shrinking, enlarging and mixing (fixture from tools/make_opencv_area_fixture.py)', () => {
    for (const c of opencvArea.cases) {
      const ours = resampleArray(opencvArea.image, opencvArea.width, 3, areaMaps(opencvArea.height, opencvArea.width, c.height, c.width));
      let worst = 0;
      for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - c.data[i]!));
      expect(worst, `${opencvArea.height}x${opencvArea.width} → ${c.height}x${c.width}`).toBeLessThan(1e-4);
    }
  });
});
