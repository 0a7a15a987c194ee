import type { RgbaImage } from '../core/image';
import type { DetectedFace } from '../core/mtcnn/detect';

/** Paints the photo with face boxes, scores and the five landmarks onto a canvas. */
export function drawPhotoWithFaces(canvas: HTMLCanvasElement, photo: RgbaImage, faces: readonly DetectedFace[]): void {
  canvas.width = photo.width;
  canvas.height = photo.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.putImageData(new ImageData(new Uint8ClampedArray(photo.data), photo.width, photo.height), 0, 0);
  const line = Math.max(2, Math.round(Math.min(photo.width, photo.height) / 200));
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
