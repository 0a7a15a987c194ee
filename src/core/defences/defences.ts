import type { RgbaImage } from '../image';
import { reduceBitDepth } from './bitDepth';
import { gaussianBlur } from './blur';
import { jpegRoundTrip } from './jpeg';
import { medianFilter3x3 } from './median';
import { downUpScale } from './rescale';

/** An input transformation a defender may apply before detection: 8-bit RGBA in, 8-bit RGBA of the same size out. */
export interface Defence {
  /** Short stable name, used in JSON and on the command line. */
  id: string;
  label: string;
  apply(image: RgbaImage): RgbaImage;
}

/** The defences of issue 12, in the order the table lists them. */
export const DEFENCES: readonly Defence[] = [
  { id: 'jpeg95', label: 'JPEG quality 95', apply: (i) => jpegRoundTrip(i, 95) },
  { id: 'jpeg75', label: 'JPEG quality 75', apply: (i) => jpegRoundTrip(i, 75) },
  { id: 'jpeg50', label: 'JPEG quality 50', apply: (i) => jpegRoundTrip(i, 50) },
  { id: 'blur0.5', label: 'Gaussian blur σ 0.5', apply: (i) => gaussianBlur(i, 0.5) },
  { id: 'blur1', label: 'Gaussian blur σ 1', apply: (i) => gaussianBlur(i, 1) },
  { id: 'rescale0.5', label: 'Downscale ×0.5, upscale back', apply: (i) => downUpScale(i, 0.5) },
  { id: 'bits5', label: 'Bit depth 5', apply: (i) => reduceBitDepth(i, 5) },
  { id: 'median3', label: 'Median filter 3×3', apply: medianFilter3x3 },
];
