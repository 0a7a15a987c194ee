import { useEffect, useRef } from 'react';
import { useAppStore, selectDetection, selectPhoto } from './store';
import { drawPhotoWithFaces } from './drawDetections';

export function ImagePanel() {
  const photo = useAppStore(selectPhoto);
  const detection = useAppStore(selectDetection);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (canvas.current && photo) drawPhotoWithFaces(canvas.current, photo.rgba, detection?.faces ?? []);
  }, [photo, detection]);

  if (!photo) return <p className="placeholder">Load a photo to see MTCNN's detections.</p>;
  const faces = detection?.faces ?? [];
  return (
    <section aria-labelledby="detections-title" className="panel">
      <h2 id="detections-title">Detections</h2>
      <p className="hint">
        MTCNN runs three small nets in a cascade: P-Net proposes face windows at many scales, R-Net filters them, O-Net
        places the final box and five landmarks (eyes, nose, mouth corners).
      </p>
      <canvas ref={canvas} className="photo" role="img" aria-label={`${photo.name} with ${faces.length} detected face(s) outlined`} />
      <div role="status" aria-live="polite" className="summary">
        {detection
          ? `${faces.length} face${faces.length === 1 ? '' : 's'} found in ${photo.name} (${detection.ms.toFixed(0)} ms on ${detection.backend})`
          : 'Detecting…'}
      </div>
      {faces.length > 0 && (
        <table className="faces">
          <caption>Detected faces (pixels of the working image)</caption>
          <thead>
            <tr>
              <th scope="col">Face</th>
              <th scope="col">Score</th>
              <th scope="col">x</th>
              <th scope="col">y</th>
              <th scope="col">Width</th>
              <th scope="col">Height</th>
            </tr>
          </thead>
          <tbody>
            {faces.map((f, i) => (
              <tr key={i}>
                <td>{i + 1}</td>
                <td>{f.score.toFixed(4)}</td>
                <td>{f.box.x.toFixed(0)}</td>
                <td>{f.box.y.toFixed(0)}</td>
                <td>{f.box.width.toFixed(0)}</td>
                <td>{f.box.height.toFixed(0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
