import type { Conventions } from './options';

export interface PyramidLevel {
  index: number;
  scale: number;
  width: number;
  height: number;
}

/** P-Net's window: 12×12 pixels at the level's scale, moved with stride 2. */
export const PNET_CELL = 12;
export const PNET_STRIDE = 2;
/** face-api.js keeps at most this many scales; the facenet conventions keep all. */
export const FACEAPI_MAX_SCALES = 10;

/**
 * The image pyramid: scales m·f^k with m = 12 / minFace, while the shorter side stays ≥ 12 px.
 * facenet sizes levels with ceil(); face-api.js with floor(), keeps levels whose shorter side is
 * > 12 px and at most 10 of them.
 */
export function pyramidLevels(
  width: number,
  height: number,
  minFaceSize: number,
  scaleFactor: number,
  conventions: Conventions,
): PyramidLevel[] {
  const m = PNET_CELL / minFaceSize;
  const levels: PyramidLevel[] = [];
  let minLayer = Math.min(width, height) * m;
  for (let k = 0; minLayer >= PNET_CELL; k++, minLayer *= scaleFactor) {
    const scale = m * Math.pow(scaleFactor, k);
    const round = conventions === 'facenet' ? Math.ceil : Math.floor;
    levels.push({ index: levels.length, scale, width: round(width * scale), height: round(height * scale) });
  }
  if (conventions === 'facenet') return levels;
  return levels
    .filter((l) => Math.min(l.width, l.height) > PNET_CELL)
    .slice(0, FACEAPI_MAX_SCALES)
    .map((l, index) => ({ ...l, index }));
}
