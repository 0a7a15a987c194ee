import sharp from 'sharp';
import type { RgbaImage } from '../core/image';
import type { DetectedFace } from '../core/mtcnn/detect';

/** Writes a PNG of the image with face boxes, scores and landmarks drawn on it (SVG overlay). */
export async function drawDetections(file: string, img: RgbaImage, faces: readonly DetectedFace[]): Promise<void> {
  const stroke = Math.max(2, Math.round(Math.min(img.width, img.height) / 250));
  const shapes = faces.map((f) => {
    const { x, y, width, height } = f.box;
    const dots = f.landmarks.map((p) => `<circle cx="${p.x}" cy="${p.y}" r="${stroke * 1.5}" fill="#00e5ff"/>`).join('');
    return (
      `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="none" stroke="#39ff14" stroke-width="${stroke}"/>` +
      `<text x="${x}" y="${Math.max(12, y - 4)}" fill="#39ff14" font-family="sans-serif" font-size="${stroke * 7}">${f.score.toFixed(3)}</text>` +
      dots
    );
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${img.width}" height="${img.height}">${shapes.join('')}</svg>`;
  await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  })
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .png()
    .toFile(file);
}
