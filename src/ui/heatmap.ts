import type { RgbaImage } from '../core/image';
import { imageSource } from './drawDetections';

/** Hot colours for high probabilities, fading to transparent for low ones: [r, g, b, opacity]. */
export function heatColour(t: number): [number, number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  return [255, Math.round(40 + 215 * x), Math.round(60 * (1 - x)), 0.9 * Math.pow(x, 1.5)];
}

/** The colour scale as a CSS gradient over the dimmed photo (for the legend). */
export function heatGradient(): string {
  const stops = [0, 0.2, 0.4, 0.6, 0.8, 1].map((t) => {
    const [r, g, b, a] = heatColour(t);
    // Blend over the dimmed background the tiles use, as the tiles do.
    const bg = 30;
    const mix = (c: number) => Math.round((1 - a) * bg + a * c);
    return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)}) ${t * 100}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** min and max of a map, without spreading it onto the stack. */
export function extent(values: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

/** The level's photo, shrunk and dimmed: drawn once per photo and level, under the map. */
export function drawLevelPhoto(canvas: HTMLCanvasElement, photo: RgbaImage, levelWidth: number, levelHeight: number): void {
  canvas.width = levelWidth;
  canvas.height = levelHeight;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(imageSource(photo), 0, 0, levelWidth, levelHeight);
  ctx.fillStyle = 'rgba(0, 0, 0, 0.45)';
  ctx.fillRect(0, 0, levelWidth, levelHeight);
}

/**
 * P-Net's face-probability map as its own small picture, one pixel per cell, on a canvas laid over
 * the level's photo: cell (r, c) reads level pixels [2c, 2c + 12) × [2r, 2r + 12) and its colour
 * fills the 2×2 block at its window's centre, so the map sits at (5, 5) at twice its size (see
 * mapPlacement). lo..hi is 0..1 for the shared scale or the map's own min..max. A live update is one
 * putImageData of the map, nothing more.
 */
export function drawLevelMap(canvas: HTMLCanvasElement, prob: Float32Array, mapWidth: number, mapHeight: number, lo: number, hi: number): void {
  if (canvas.width !== mapWidth || canvas.height !== mapHeight) {
    canvas.width = Math.max(1, mapWidth);
    canvas.height = Math.max(1, mapHeight);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx || mapWidth === 0 || mapHeight === 0) return;
  const cells = ctx.createImageData(mapWidth, mapHeight);
  const span = hi - lo || 1;
  for (let i = 0; i < mapWidth * mapHeight; i++) {
    const [R, G, B, a] = heatColour((prob[i]! - lo) / span);
    cells.data[4 * i] = R;
    cells.data[4 * i + 1] = G;
    cells.data[4 * i + 2] = B;
    cells.data[4 * i + 3] = Math.round(255 * a);
  }
  ctx.putImageData(cells, 0, 0);
}

/** Where the map canvas sits over its level, as CSS percentages of the level's size. */
export function mapPlacement(levelWidth: number, levelHeight: number, mapWidth: number, mapHeight: number) {
  const pct = (v: number, of: number) => `${(100 * v) / of}%`;
  return { left: pct(5, levelWidth), top: pct(5, levelHeight), width: pct(2 * mapWidth, levelWidth), height: pct(2 * mapHeight, levelHeight) };
}
