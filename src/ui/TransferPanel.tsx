import type { TransferFace } from '../core/transfer/verdict';
import { app, useCan } from './app';
import { downloadBlob } from './download';
import { selectDetection, selectRun, useAppStore } from './store';
import { faceNumbers } from './faceOrder';

/*
 * "Does it fool another detector?": the Tiny Face Detector (face-api's, our own implementation,
 * core/transfer) judges the saved 8-bit adversarial image. Each detector is judged against its own
 * clean box (core/transfer/verdict.ts says why).
 */

const said = (f: TransferFace) => (f.found ? `Found (${f.score!.toFixed(2)})` : 'Not found');

export function TransferPanel() {
  const run = useAppStore(selectRun);
  const canCheck = useCan('check');
  const result = run?.result;
  const numbers = faceNumbers(useAppStore(selectDetection)?.faces ?? []);
  if (!run || !result || run.outcome !== 'done') return null;
  const transfer = run.transfer;
  const verdict = transfer?.verdict;
  return (
    <div className="transfer">
      <h3>Does it fool another detector?</h3>
      <p className="hint">
        A second, independent face detector (the Tiny Face Detector of face-api, MIT) looks at the same saved 8-bit image. An attack made against MTCNN’s
        gradients often transfers only in part.
      </p>
      <button type="button" disabled={!canCheck || transfer?.status === 'running' || transfer?.status === 'done'} onClick={() => void app.checkTransfer()}>
        Ask the Tiny Face Detector
      </button>
      {transfer?.status === 'running' && <p role="status" aria-label="Second detector">Asking the Tiny Face Detector…</p>}
      {verdict && (
        <table className="norms transfer-table" aria-label="Second detector">
          <caption>MTCNN and the Tiny Face Detector on the attacked face(s)</caption>
          <thead>
            <tr>
              <th scope="col">Face</th>
              <th scope="col">MTCNN</th>
              <th scope="col">Tiny Face Detector, clean photo</th>
              <th scope="col">Tiny Face Detector, attacked image</th>
            </tr>
          </thead>
          <tbody>
            {verdict.faces.map((f) => {
              const mtcnn = result.faces.find((m) => m.face === f.face);
              return (
                <tr key={f.face}>
                  <th scope="row">{numbers[f.face] ?? f.face + 1}</th>
                  <td>{mtcnn?.evaded ? 'Evaded' : 'Still detected'}</td>
                  <td>{said(f.clean)}</td>
                  <td>{said(f.adversarial)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {verdict && (
        <div className="buttons">
          <button type="button" onClick={() => downloadBlob(new Blob([JSON.stringify({ params: run.params, mtcnn: result.faces.map(({ face, evaded }) => ({ face: numbers[face], index: face, evaded })), secondDetector: { detector: verdict.detector, options: verdict.options, faces: verdict.faces.map((f) => ({ ...f, face: numbers[f.face], index: f.face })) } }, null, 2)], { type: 'application/json' }), 'second-detector.json')}>
            Download second detector JSON
          </button>
        </div>
      )}
    </div>
  );
}
