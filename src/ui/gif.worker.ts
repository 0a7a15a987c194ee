/// <reference lib="webworker" />
import { GIFEncoder, applyPalette, quantize } from 'gifenc';
import type { RgbaImage } from '../core/image';
import { paintStage, type StagePicture } from './drawDetections';

/*
 * Encodes the replay as an animated GIF off the main thread: each recorded step is painted (its
 * preview frame, boxes and a caption line) on an OffscreenCanvas, quantised to its own 256-colour
 * palette and written with gifenc.
 */

declare const self: DedicatedWorkerGlobalScope;

export interface GifFrame {
  /** Index into the images sent before. */
  image: number;
  picture: Omit<StagePicture, 'image'>;
  caption: string;
}

export type GifRequest = { type: 'image'; index: number; image: RgbaImage } | { type: 'encode'; frames: GifFrame[]; delayMs: number };
export type GifReply = { type: 'progress'; done: number } | { type: 'done'; bytes: Uint8Array } | { type: 'error'; message: string };

const images: RgbaImage[] = [];

function encode(frames: GifFrame[], delayMs: number): Uint8Array {
  const first = images[frames[0]!.image]!;
  const width = first.width;
  const imageHeight = first.height;
  const font = Math.max(12, Math.round(width / 32));
  const strip = Math.round(font * 1.8);
  const height = imageHeight + strip;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const sources = new Map<number, OffscreenCanvas>();
  const source = (i: number) => {
    let c = sources.get(i);
    if (!c) {
      const img = images[i]!;
      c = new OffscreenCanvas(img.width, img.height);
      c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
      sources.set(i, c);
    }
    return c;
  };
  const gif = GIFEncoder();
  frames.forEach((f, n) => {
    ctx.save();
    ctx.fillStyle = '#12141a';
    ctx.fillRect(0, 0, width, height);
    ctx.scale(width / f.picture.width, imageHeight / f.picture.height);
    paintStage(ctx, { ...f.picture, image: images[f.image]! }, source(f.image));
    ctx.restore();
    ctx.fillStyle = '#e8eaf0';
    ctx.font = `${font}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    ctx.fillText(f.caption, Math.round(font * 0.5), imageHeight + strip / 2);
    const { data } = ctx.getImageData(0, 0, width, height);
    const palette = quantize(data, 256);
    gif.writeFrame(applyPalette(data, palette), width, height, { palette, delay: delayMs, repeat: 0 });
    self.postMessage({ type: 'progress', done: (n + 1) / frames.length } satisfies GifReply);
  });
  gif.finish();
  return gif.bytes();
}

self.onmessage = (e: MessageEvent<GifRequest>) => {
  const m = e.data;
  if (m.type === 'image') {
    images[m.index] = m.image;
    return;
  }
  try {
    const bytes = encode(m.frames, m.delayMs);
    self.postMessage({ type: 'done', bytes } satisfies GifReply, [bytes.buffer as ArrayBuffer]);
  } catch (err) {
    self.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies GifReply);
  }
};
