import { useEffect, useRef } from 'react';
import type { RgbaImage } from '../core/image';
import { imageSource } from './drawDetections';

/** A square of `size` image pixels around (cx, cy), shown enlarged with hard pixel edges. */
export function ZoomCrop({ image, cx, cy, size, label, caption = true }: { image: RgbaImage; cx: number; cy: number; size: number; label: string; caption?: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const s = Math.max(1, Math.min(size, image.width, image.height));
  const x0 = Math.round(Math.min(image.width - s, Math.max(0, cx - s / 2)));
  const y0 = Math.round(Math.min(image.height - s, Math.max(0, cy - s / 2)));
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = s;
    c.height = s;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(imageSource(image), x0, y0, s, s, 0, 0, s, s);
  }, [image, x0, y0, s]);
  const canvas = <canvas ref={ref} className="thumb pixelated" role="img" aria-label={label} />;
  if (!caption) return canvas;
  return (
    <figure>
      {canvas}
      <figcaption>{label}</figcaption>
    </figure>
  );
}
