import { useEffect, useRef } from 'react';
import { useAppStore, selectDetection, selectPhoto, selectRun } from './store';
import { drawCandidates, drawPhotoWithFaces } from './drawDetections';

/** The main view: the photo with MTCNN's detections, or the attack as it runs and its outcome. */
export function ImagePanel() {
  const photo = useAppStore(selectPhoto);
  const detection = useAppStore(selectDetection);
  const run = useAppStore(selectRun);
  const canvas = useRef<HTMLCanvasElement>(null);

  const result = run?.result ?? null;
  const live = run && !result && run.preview ? run : null;
  useEffect(() => {
    const c = canvas.current;
    if (!c || !photo) return;
    if (result) drawPhotoWithFaces(c, result.image, result.detection.faces);
    else if (live?.preview) drawCandidates(c, live.preview, live.boxes);
    else drawPhotoWithFaces(c, photo.rgba, detection?.faces ?? []);
  }, [photo, detection, result, live]);

  if (!photo) return <p className="placeholder">Load a photo to see MTCNN's detections.</p>;
  const faces = detection?.faces ?? [];
  let label = `${photo.name} with ${faces.length} detected face(s) outlined`;
  let summary = detection ? `${faces.length} face${faces.length === 1 ? '' : 's'} found in ${photo.name} (${detection.ms.toFixed(0)} ms on ${detection.backend})` : 'Detecting…';
  if (result) {
    label = `Adversarial image (8-bit) with ${result.detection.faces.length} face(s) MTCNN still finds`;
    summary = `After the attack MTCNN finds ${result.detection.faces.length} face${result.detection.faces.length === 1 ? '' : 's'} on the saved 8-bit image`;
  } else if (live) {
    label = `Adversarial image during the attack with ${live.boxes.length} surviving P-Net candidate box(es) in red`;
    summary = `Attacking: red boxes are P-Net windows on the targeted scales that still say “face”`;
  }
  return (
    <section aria-labelledby="detections-title" className="panel stage">
      <h2 id="detections-title">{run ? 'Attack view' : 'Detections'}</h2>
      <p className="hint">
        MTCNN runs three small nets in a cascade: P-Net proposes face windows at many scales, R-Net filters them, O-Net
        places the final box and five landmarks (eyes, nose, mouth corners).
      </p>
      <canvas ref={canvas} className="photo" role="img" aria-label={label} />
      <div role="status" aria-label="Detection summary" aria-live="polite" className="summary">
        {summary}
      </div>
      {!run && faces.length > 0 && (
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
