import { useEffect, useRef } from 'react';
import type { RgbaImage } from '../core/image';
import { putImage } from './drawDetections';

/** An RGBA image on a canvas with a caption that is also its accessible name. */
export function Picture({ image, label, pixelated = false }: { image: RgbaImage; label: string; pixelated?: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) putImage(ref.current, image);
  }, [image]);
  return (
    <figure>
      <canvas ref={ref} className={pixelated ? 'thumb pixelated' : 'thumb'} role="img" aria-label={label} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
