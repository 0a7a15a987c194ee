import type { RgbaImage } from '../core/image';
import type { DetectedFace, Rect } from '../core/mtcnn/detect';

export function putImage(canvas: HTMLCanvasElement, image: RgbaImage): CanvasRenderingContext2D | null {
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d');
  ctx?.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  return ctx;
}

function lineWidth(image: RgbaImage): number {
  return Math.max(2, Math.round(Math.min(image.width, image.height) / 200));
}

/** Paints the photo with face boxes, scores and the five landmarks. */
export function drawPhotoWithFaces(canvas: HTMLCanvasElement, photo: RgbaImage, faces: readonly DetectedFace[]): void {
  const ctx = putImage(canvas, photo);
  if (!ctx) return;
  const line = lineWidth(photo);
  ctx.lineWidth = line;
  ctx.font = `bold ${Math.max(12, line * 6)}px system-ui, sans-serif`;
  for (const f of faces) {
    const { x, y, width, height } = f.box;
    ctx.strokeStyle = '#39ff14';
    ctx.strokeRect(x, y, width, height);
    const label = f.score.toFixed(3);
    const tw = ctx.measureText(label).width;
    const th = line * 7;
    ctx.fillStyle = 'rgba(0,0,0,0.7)';
    ctx.fillRect(x, Math.max(0, y - th), tw + 2 * line, th);
    ctx.fillStyle = '#39ff14';
    ctx.fillText(label, x + line, Math.max(th - line, y - line));
    ctx.fillStyle = '#00e5ff';
    for (const p of f.landmarks) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, line * 1.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
}

/** Paints the adversarial preview with the P-Net candidate boxes that still fire (thin red). */
export function drawCandidates(canvas: HTMLCanvasElement, image: RgbaImage, boxes: readonly Rect[]): void {
  const ctx = putImage(canvas, image);
  if (!ctx) return;
  ctx.lineWidth = Math.max(1, lineWidth(image) / 2);
  ctx.strokeStyle = 'rgba(255, 60, 60, 0.85)';
  for (const b of boxes) ctx.strokeRect(b.x, b.y, b.width, b.height);
}
