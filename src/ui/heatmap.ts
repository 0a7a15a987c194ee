import type { RgbaImage } from '../core/image';

/** Hot colours for high probabilities, fading to transparent for low ones: [r, g, b, opacity]. */
function colour(t: number): [number, number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  return [255, Math.round(40 + 215 * x), Math.round(60 * (1 - x)), 0.9 * Math.pow(x, 1.5)];
}

const photoCanvases = new WeakMap<RgbaImage, OffscreenCanvas>();

/** The photo as a canvas, made once per photo (every level is drawn from it). */
function photoCanvas(photo: RgbaImage): OffscreenCanvas {
  let c = photoCanvases.get(photo);
  if (!c) {
    c = new OffscreenCanvas(photo.width, photo.height);
    c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(photo.data), photo.width, photo.height), 0, 0);
    photoCanvases.set(photo, c);
  }
  return c;
}

/**
 * Draws a level: the photo shrunk to the level's size with P-Net's face-probability map on top. Cell
 * (r, c) reads level pixels [2c, 2c + 12) × [2r, 2r + 12); its colour fills the 2×2 block at its
 * window's centre. lo..hi is 0..1 for the shared scale or the map's own min..max.
 */
export function drawLevel(
  canvas: HTMLCanvasElement,
  photo: RgbaImage,
  levelWidth: number,
  levelHeight: number,
  prob: Float32Array,
  mapWidth: number,
  mapHeight: number,
  lo: number,
  hi: number,
): void {
  canvas.width = levelWidth;
  canvas.height = levelHeight;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.drawImage(photoCanvas(photo), 0, 0, levelWidth, levelHeight);
  // Dim the photo so the map stands out.
  ctx.fillStyle = 'rgba(0, 0, 0, 0.45)';
  ctx.fillRect(0, 0, levelWidth, levelHeight);
  const shade = ctx.getImageData(0, 0, levelWidth, levelHeight);
  const span = hi - lo || 1;
  for (let r = 0; r < mapHeight; r++) {
    for (let c = 0; c < mapWidth; c++) {
      const [R, G, B, a] = colour((prob[r * mapWidth + c]! - lo) / span);
      for (let dy = 5; dy < 7; dy++) {
        for (let dx = 5; dx < 7; dx++) {
          const y = 2 * r + dy;
          const x = 2 * c + dx;
          if (x >= levelWidth || y >= levelHeight) continue;
          const i = 4 * (y * levelWidth + x);
          shade.data[i] = (1 - a) * shade.data[i]! + a * R;
          shade.data[i + 1] = (1 - a) * shade.data[i + 1]! + a * G;
          shade.data[i + 2] = (1 - a) * shade.data[i + 2]! + a * B;
        }
      }
    }
  }
  ctx.putImageData(shade, 0, 0);
}
