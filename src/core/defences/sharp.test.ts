import { beforeAll, describe, expect, it } from 'vitest';
import sharp, { type Sharp } from 'sharp';
import { readImageFile } from '../../node/imageFile';
import { ASTRONAUT, GROUP } from '../../node/testing';
import type { RgbaImage } from '../image';
import { gaussianBlur } from './blur';
import { jpegRoundTrip } from './jpeg';
import { enlargeBilinear, shrinkArea } from './rescale';

/*
 * Each defence against sharp (libvips, libjpeg-turbo) on the bundled samples. sharp's float
 * convolution and bilinear affine store x as floor(x) where ours rounds, so there "ours − sharp"
 * is 0 or +1 on every value. JPEG encoders differ in their DCT and colour arithmetic, so there the
 * two decoded images are compared by PSNR and mean absolute difference.
 */

const raw = (img: RgbaImage) => sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), { raw: { width: img.width, height: img.height, channels: 4 } });

async function pixels(s: Sharp): Promise<RgbaImage> {
  const { data, info } = await s.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

interface Diff {
  /** Mean |a − b| over RGB values (8-bit levels). */
  mad: number;
  min: number;
  max: number;
  psnr: number;
}

/** a − b over the RGB values, `border` pixels on each side left out. */
function diff(a: RgbaImage, b: RgbaImage, border = 0): Diff {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (let y = border; y < a.height - border; y++) {
    for (let x = border; x < a.width - border; x++) {
      for (let c = 0; c < 3; c++) {
        const p = (y * a.width + x) * 4 + c;
        const d = a.data[p]! - b.data[p]!;
        sum += Math.abs(d);
        sq += d * d;
        min = Math.min(min, d);
        max = Math.max(max, d);
        n++;
      }
    }
  }
  return { mad: sum / n, min, max, psnr: 10 * Math.log10((255 * 255) / (sq / n)) };
}

let astronaut: RgbaImage;
let group: RgbaImage;
/** The group photo cropped to even sides (960×768), so that ×0.5 is exact on both axes. */
let groupEven: RgbaImage;

beforeAll(async () => {
  astronaut = await readImageFile(ASTRONAUT);
  group = await readImageFile(GROUP);
  groupEven = await pixels(raw(group).extract({ left: 0, top: 0, width: 960, height: 768 }));
});

describe('JPEG re-encoding against sharp (libjpeg-turbo, 4:4:4)', () => {
  it.each([95, 75, 50])('quality %i: the two decoded images agree within 45 dB PSNR and 1 level mean, and lose the same to the original within 1.5 dB', async (quality) => {
    for (const img of [astronaut, group]) {
      const ours = jpegRoundTrip(img, quality);
      const theirs = await pixels(sharp(await raw(img).removeAlpha().jpeg({ quality, chromaSubsampling: '4:4:4' }).toBuffer()));
      const between = diff(ours, theirs);
      expect(between.psnr).toBeGreaterThan(45);
      expect(between.mad).toBeLessThan(1);
      expect(Math.abs(diff(ours, img).psnr - diff(theirs, img).psnr)).toBeLessThan(1.5);
      // And it really is lossy: further from the original at lower quality.
      expect(diff(ours, img).psnr).toBeLessThan(quality === 95 ? 50 : 40);
    }
  });
});

describe('Gaussian blur against sharp.blur (float precision, kernel to amplitude 0.001)', () => {
  it.each([0.5, 1])('σ %s: ours − sharp is 0 or +1 on every value (sharp truncates, we round)', async (sigma) => {
    for (const img of [astronaut, group]) {
      const d = diff(gaussianBlur(img, sigma), await pixels(raw(img).blur({ sigma, precision: 'float', minAmplitude: 0.001 })));
      expect(d.min).toBe(0);
      expect(d.max).toBe(1);
      expect(d.mad).toBeGreaterThan(0.3);
      expect(d.mad).toBeLessThan(0.6);
    }
  });
});

describe('downscale ×0.5 then upscale against sharp.affine with its bilinear interpolator', () => {
  /*
   * sharp.resize's kernels are other filters (its 'linear' reduce is a triangle over 4 taps, MAD 3
   * levels from ours); an affine map sampled bilinearly at half-pixel centres is the same
   * arithmetic as ours: ×0.5 at offset −¼ averages each 2×2 block (pixel-area averaging at an exact
   * factor 2), ×2 at offset +½ is bilinear with half-pixel centres. sharp's affine fills past the
   * border with its background where we replicate the edge, so the enlargement leaves out 1 pixel
   * on each side.
   */
  it('shrinking: ours − sharp is 0 or +1 on every value', async () => {
    for (const img of [astronaut, groupEven]) {
      const w = img.width / 2;
      const h = img.height / 2;
      const theirs = await pixels(raw(img).removeAlpha().affine([[0.5, 0], [0, 0.5]], { interpolator: sharp.interpolators.bilinear, odx: -0.25, ody: -0.25 }));
      const d = diff(shrinkArea(img, w, h), theirs);
      expect([d.min, d.max]).toEqual([0, 1]);
    }
  });

  it('enlarging: ours − sharp is 0 or +1 on every value inside a 1-pixel border', async () => {
    for (const img of [astronaut, groupEven]) {
      const small = shrinkArea(img, img.width / 2, img.height / 2);
      const theirs = await pixels(raw(small).removeAlpha().affine([[2, 0], [0, 2]], { interpolator: sharp.interpolators.bilinear, odx: 0.5, ody: 0.5 }));
      const d = diff(enlargeBilinear(small, img.width, img.height), theirs, 1);
      expect([d.min, d.max]).toEqual([0, 1]);
    }
  });
});
