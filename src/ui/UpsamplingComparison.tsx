import { useEffect, useMemo, useRef } from 'react';
import { perturbationBlockiness } from '../core/attack/metrics';
import { perturbationPicture } from '../core/attack/perturbationPicture';
import type { AttackParams } from '../core/attack/params';
import type { AttackResult } from '../worker/protocol';
import { putImage } from './drawDetections';
import { app, useCan } from './app';
import { selectRun, useAppStore } from './store';
import { ZoomCrop } from './ZoomCrop';
import type { Rect } from '../core/mtcnn/detect';

const ZOOM_SIDE = 48;

function Column({ params, result, amplify, face }: { params: AttackParams; result: AttackResult; amplify: number; face: Rect | null }) {
  const adv = useRef<HTMLCanvasElement>(null);
  const pert = useRef<HTMLCanvasElement>(null);
  const { width, height } = result.image;
  const picture = useMemo(() => perturbationPicture(result.perturbation, width, height, 1 / amplify / 2), [result, width, height, amplify]);
  useEffect(() => {
    if (adv.current) putImage(adv.current, result.image);
    if (pert.current) putImage(pert.current, picture);
  }, [result, picture]);
  const name = params.domain === 'scaled-nearest' ? 'Nearest' : 'Bilinear';
  const evaded = result.faces.filter((f) => f.evaded).length;
  return (
    <figure className="compare-column">
      <canvas ref={adv} className="thumb" role="img" aria-label={`${name} upsampling: adversarial image`} />
      <canvas ref={pert} className="thumb" role="img" aria-label={`${name} upsampling: perturbation ×${amplify}`} />
      {face && <ZoomCrop image={picture} cx={face.x + face.width / 2} cy={face.y + face.height / 2} size={ZOOM_SIDE} caption={false} label={`${name}: ${ZOOM_SIDE}×${ZOOM_SIDE} pixels of δ at the face, enlarged`} />}
      <figcaption>
        <strong>{name}</strong>: {evaded}/{result.faces.length} evaded · PSNR {result.norms.psnr.toFixed(2)} dB · blockiness{' '}
        {(255 * perturbationBlockiness(result.perturbation, width, height)).toFixed(2)} grey levels
      </figcaption>
    </figure>
  );
}

/** The seed's comparison: the same low-resolution attack enlarged with nearest vs bilinear. */
export function UpsamplingComparison({ amplify, face }: { amplify: number; face: Rect | null }) {
  const run = useAppStore(selectRun);
  const canCompare = useCan('compare');
  if (!run?.result || run.params.domain === 'full') return null;
  const c = run.comparison;
  return (
    <section aria-labelledby="compare-title" className="compare">
      <h3 id="compare-title">Nearest vs bilinear upsampling</h3>
      <p className="hint">The same attack, its low-resolution δ enlarged two ways. Nearest copies each value into a block (visible squares); bilinear blends neighbours.</p>
      {!c && (
        <button type="button" disabled={!canCompare} onClick={() => void app.compareUpsampling()}>
          Compare with {run.params.domain === 'scaled-nearest' ? 'bilinear' : 'nearest'} upsampling
        </button>
      )}
      {c && !c.result && <p role="status">{c.failed ? `The comparison failed: ${c.failed}` : 'Running the comparison…'}</p>}
      {c?.result && c.params && (
        <div className="pictures">
          <Column params={run.params} result={run.result} amplify={amplify} face={face} />
          <Column params={c.params} result={c.result} amplify={amplify} face={face} />
        </div>
      )}
    </section>
  );
}
