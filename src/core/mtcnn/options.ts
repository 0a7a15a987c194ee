/**
 * `facenet`: the reference conventions (RGB, area-resized pyramid with no scale cap, zero-padded
 * area-resized crops). `faceapi`: face-api.js's choices (BGR, legacy bilinear pyramid, 10 scales,
 * crops clipped to the image and stretched), only to compare with that library.
 */
export type Conventions = 'facenet' | 'faceapi';
export type ChannelOrder = 'rgb' | 'bgr';

export interface DetectOptions {
  minFaceSize: number;
  scaleFactor: number;
  /** Stage 1, 2 and 3 face-probability thresholds. */
  thresholds: readonly [number, number, number];
  conventions: Conventions;
  /** Defaults to RGB for facenet conventions and BGR for faceapi. */
  channelOrder?: ChannelOrder;
}

export const DEFAULT_DETECT_OPTIONS: DetectOptions = {
  minFaceSize: 20,
  scaleFactor: 0.709,
  thresholds: [0.6, 0.7, 0.7],
  conventions: 'facenet',
};

export function channelOrderOf(options: DetectOptions): ChannelOrder {
  return options.channelOrder ?? (options.conventions === 'faceapi' ? 'bgr' : 'rgb');
}

/** Returns a message for the first invalid option, or null when all are usable. */
export function validateDetectOptions(o: DetectOptions): string | null {
  if (!Number.isFinite(o.minFaceSize) || o.minFaceSize < 12) return 'min face size must be a number ≥ 12 (pixels)';
  if (!Number.isFinite(o.scaleFactor) || o.scaleFactor <= 0.1 || o.scaleFactor >= 1) return 'scale factor must be between 0.1 and 1 (exclusive)';
  if (o.thresholds.length !== 3 || o.thresholds.some((t) => !Number.isFinite(t) || t < 0 || t > 1)) {
    return 'thresholds must be three numbers between 0 and 1';
  }
  if (o.conventions !== 'facenet' && o.conventions !== 'faceapi') return 'conventions must be facenet or faceapi';
  return null;
}
