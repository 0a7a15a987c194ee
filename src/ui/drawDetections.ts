import type { RgbaImage } from '../core/image';
import type { Point, Rect } from '../core/mtcnn/detect';

/*
 * Drawing the photo with its boxes. Shared by the stage canvas, the replay export (in a worker) and
 * the small pictures; works on a canvas or an OffscreenCanvas context.
 */

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export function putImage(canvas: HTMLCanvasElement, image: RgbaImage): CanvasRenderingContext2D | null {
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d');
  ctx?.putImageData(new ImageData(clampedView(image), image.width, image.height), 0, 0);
  return ctx;
}

/** The pixels as the Uint8ClampedArray ImageData wants, copied only when they are another type (putImageData makes its own copy). */
function clampedView(image: RgbaImage): Uint8ClampedArray<ArrayBuffer> {
  return (image.data instanceof Uint8ClampedArray ? image.data : new Uint8ClampedArray(image.data)) as Uint8ClampedArray<ArrayBuffer>;
}

const sources = new WeakMap<RgbaImage, OffscreenCanvas>();

/** An image as a drawable canvas, made once per image (drawing it scaled is then cheap). */
export function imageSource(image: RgbaImage): OffscreenCanvas {
  let c = sources.get(image);
  if (!c) {
    c = new OffscreenCanvas(image.width, image.height);
    c.getContext('2d')!.putImageData(new ImageData(clampedView(image), image.width, image.height), 0, 0);
    sources.set(image, c);
  }
  return c;
}

export const FACE_COLOUR = '#39ff14';
export const CANDIDATE_COLOUR = 'rgba(255, 60, 60, 0.9)';
const LANDMARK_COLOUR = '#00e5ff';

export interface DrawnFace {
  box: Rect;
  /** "1", "2"… by position; null for a detection that is none of the clean faces. */
  number: number | null;
  score?: number;
  landmarks?: readonly Point[];
}

export interface StagePicture {
  /** The photo's size: boxes are in these pixels, and the canvas has this size. */
  width: number;
  height: number;
  /** Drawn scaled to width × height (a preview may be smaller than the photo). */
  image: RgbaImage;
  /** P-Net candidate windows (thin red). */
  candidates?: readonly Rect[];
  /** Faces (green) with their numbers. */
  faces?: readonly DrawnFace[];
}

/** Line and label sizes in photo pixels, so they read the same on any photo size. */
export function strokeSizes(width: number, height: number) {
  const short = Math.min(width, height);
  return { line: Math.max(2, Math.round(short / 200)), font: Math.max(14, Math.round(short / 19)) };
}

/** Paints a stage picture on a context of size width × height. */
export function paintStage(ctx: Ctx, p: StagePicture, source: CanvasImageSource): void {
  const { width, height } = p;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(source, 0, 0, width, height);
  const { line, font } = strokeSizes(width, height);
  if (p.candidates?.length) {
    // One path for all the windows: one stroke, however many there are.
    ctx.lineWidth = Math.max(1, line / 2);
    ctx.strokeStyle = CANDIDATE_COLOUR;
    ctx.beginPath();
    for (const b of p.candidates) ctx.rect(b.x, b.y, b.width, b.height);
    ctx.stroke();
  }
  for (const f of p.faces ?? []) {
    const { x, y, width: w, height: h } = f.box;
    ctx.lineWidth = line;
    ctx.strokeStyle = FACE_COLOUR;
    ctx.strokeRect(x, y, w, h);
    ctx.fillStyle = LANDMARK_COLOUR;
    for (const m of f.landmarks ?? []) {
      ctx.beginPath();
      ctx.arc(m.x, m.y, line * 1.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    // The face's number in a tag on the box's top-left corner (inside when the box touches the top).
    const number = f.number === null ? '?' : String(f.number);
    ctx.font = `bold ${font}px system-ui, sans-serif`;
    const big = ctx.measureText(number).width;
    const small = f.score === undefined ? '' : ` ${f.score.toFixed(2)}`;
    ctx.font = `${Math.round(font * 0.6)}px system-ui, sans-serif`;
    const smallWidth = small ? ctx.measureText(small).width : 0;
    const th = Math.round(font * 1.15);
    const tw = big + smallWidth + line * 3;
    const ty = y - th >= 0 ? y - th : y;
    ctx.fillStyle = 'rgba(0, 0, 0, 0.75)';
    ctx.fillRect(x, ty, tw, th);
    ctx.fillStyle = FACE_COLOUR;
    ctx.textBaseline = 'alphabetic';
    ctx.font = `bold ${font}px system-ui, sans-serif`;
    ctx.fillText(number, x + line * 1.5, ty + th - Math.round(font * 0.22));
    if (small) {
      ctx.font = `${Math.round(font * 0.6)}px system-ui, sans-serif`;
      ctx.fillText(small, x + line * 1.5 + big, ty + th - Math.round(font * 0.22));
    }
  }
}

/** Draws a stage picture on a canvas (resized to the photo only when needed). */
export function drawStage(canvas: HTMLCanvasElement, p: StagePicture): void {
  if (canvas.width !== p.width || canvas.height !== p.height) {
    canvas.width = p.width;
    canvas.height = p.height;
  }
  const ctx = canvas.getContext('2d');
  if (ctx) paintStage(ctx, p, imageSource(p.image));
}
