import { useEffect, useMemo, useRef, type DragEvent } from 'react';
import { app } from './app';
import { useAppStore, selectDetection, selectPhoto, selectReplay, selectRun, type AppState, type AttackRunState } from './store';
import { CANDIDATE_COLOUR, FACE_COLOUR, drawStage, type DrawnFace, type StagePicture } from './drawDetections';
import { faceNumbers, facesByNumber, matchNumber } from './faceOrder';
import { cascadeAt, frameAt, isScrubbing, shownStep } from './replay';
import { useT } from './i18n';
import { Explain } from './i18n/Explain';
import { SAMPLES } from './samples';

/** A photo's name as shown: a bundled sample's in the current language, any other as it is. */
function useShownName(): (photo: { name: string; sample: string | null }) => string {
  const { t } = useT('shell');
  return (photo) => {
    const sample = SAMPLES.find((s) => s.id === photo.sample);
    return sample ? t(`samples.${sample.id}`) : photo.name;
  };
}

/** What the stage shows now: the photo, the live attack, a replayed step, or the judged result. */
type StageRun = Pick<AttackRunState, 'steps' | 'frames' | 'cascades' | 'result'>;

function stageView(s: Pick<AppState, 'photo' | 'detection' | 'replay'> & { run: StageRun | null }) {
  const { photo, detection, run, replay } = s;
  if (!photo) return null;
  const clean = detection?.faces ?? [];
  const numbers = faceNumbers(clean);
  const base = { width: photo.rgba.width, height: photo.rgba.height };
  const step = shownStep(run, replay);
  const result = run?.result ?? null;
  if (!run || (!step && !result)) {
    const faces: DrawnFace[] = clean.map((f, i) => ({ box: f.box, number: numbers[i]!, score: f.score, landmarks: f.landmarks }));
    return { kind: 'photo' as const, picture: { ...base, image: photo.rgba, faces }, faces: clean.length };
  }
  if (result && !isScrubbing(run, replay)) {
    const faces: DrawnFace[] = result.detection.faces.map((f) => ({ box: f.box, number: matchNumber(f.box, clean, numbers), score: f.score, landmarks: f.landmarks }));
    return { kind: 'result' as const, picture: { ...base, image: result.image, faces }, faces: faces.length };
  }
  const frame = frameAt(run.frames, step!.step);
  const cascade = cascadeAt(run.cascades, step!.step);
  const faces: DrawnFace[] = (cascade?.view.faces ?? []).map((f) => ({ box: f.box, number: matchNumber(f.box, clean, numbers), score: f.score }));
  const picture: StagePicture = { ...base, image: frame?.image ?? photo.rgba, candidates: step!.boxes, faces };
  return { kind: isScrubbing(run, replay) ? ('replay' as const) : ('live' as const), picture, step: step!.step, candidates: step!.boxes.length, faces: faces.length };
}

/** The stage's photo: MTCNN's detections, the attack as it runs, a replayed step, or the outcome. */
export function ImagePanel() {
  const { t } = useT('shell');
  const shownName = useShownName();
  const photo = useAppStore(selectPhoto);
  const detection = useAppStore(selectDetection);
  const hasRun = useAppStore((s) => s.run !== null);
  // Only what the stage draws: pruning and comparing update the run without redrawing the photo.
  const steps = useAppStore((s) => s.run?.steps);
  const frames = useAppStore((s) => s.run?.frames);
  const cascades = useAppStore((s) => s.run?.cascades);
  const result = useAppStore((s) => s.run?.result ?? null);
  const replay = useAppStore(selectReplay);
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useMemo(
    () => stageView({ photo, detection, replay, run: hasRun && steps && frames && cascades ? { steps, frames, cascades, result } : null }),
    [photo, detection, replay, hasRun, steps, frames, cascades, result],
  );
  const run = hasRun;

  // The live attack and the replay are drawn at most once per frame, however often the store
  // changes; a new photo or a result (rare) is drawn at once.
  useEffect(() => {
    if (!view) return;
    if (view.kind === 'photo' || view.kind === 'result') {
      if (canvas.current) drawStage(canvas.current, view.picture);
      return;
    }
    const id = requestAnimationFrame(() => canvas.current && drawStage(canvas.current, view.picture));
    return () => cancelAnimationFrame(id);
  }, [view]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (file) void app.loadPhoto(file, file.name);
  };

  if (!photo || !view) {
    return (
      <section aria-labelledby="detections-title" className="stage-photo">
        <h2 id="detections-title" className="sr-only">
          {t('photo.heading')}
        </h2>
        <p className="placeholder">{t('photo.placeholder')}</p>
      </section>
    );
  }
  let label: string = t('photo.labelPhoto', { name: shownName(photo), faces: view.faces });
  if (view.kind === 'result') label = t('photo.labelResult', { faces: view.faces });
  if (view.kind === 'live') label = t('photo.labelLive', { step: view.step, candidates: view.candidates, faces: view.faces });
  if (view.kind === 'replay') label = t('photo.labelReplay', { step: view.step, candidates: view.candidates, faces: view.faces });
  return (
    <section aria-labelledby="detections-title" className="stage-photo" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <h2 id="detections-title" className="sr-only">
        {run ? t('photo.attackView') : t('photo.detections')}
      </h2>
      <div className="photo-box">
        <canvas ref={canvas} className="photo" role="img" aria-label={label} />
      </div>
      <p className="photo-legend">
        <span className="key" style={{ borderColor: FACE_COLOUR }} aria-hidden="true" />
        {t('photo.legendFaces')}
        {run && (
          <>
            {' · '}
            <span className="key" style={{ borderColor: CANDIDATE_COLOUR }} aria-hidden="true" />
            {t('photo.legendCandidates')}
            <Explain term="candidates" />
          </>
        )}
        {view.kind === 'replay' && <strong>{t('photo.legendReplay', { step: view.step })}</strong>}
      </p>
    </section>
  );
}

/** One line on what the stage shows (the "Detection summary" status). */
export function DetectionSummary() {
  const { t } = useT('shell');
  const shownName = useShownName();
  const photo = useAppStore(selectPhoto);
  const detection = useAppStore(selectDetection);
  const run = useAppStore(selectRun);
  const scrubbing = useAppStore((s) => isScrubbing(s.run, s.replay));
  if (!photo) return null;
  const faces = detection?.faces ?? [];
  let summary: string = detection ? t('summary.found', { count: faces.length, name: shownName(photo), ms: detection.ms.toFixed(0), backend: detection.backend }) : t('summary.detecting');
  const result = run?.result;
  if (scrubbing) summary = t('summary.replay');
  else if (result) summary = t('summary.after', { count: result.detection.faces.length });
  else if (run?.outcome === 'active') summary = t('summary.attacking');
  return (
    <div role="status" aria-label={t('summary.label')} aria-live="polite" className="summary">
      {summary}
    </div>
  );
}

/** The clean detections as a table, face 1 (leftmost) first. */
export function FacesTable() {
  const { t } = useT('shell');
  const detection = useAppStore(selectDetection);
  const faces = detection?.faces ?? [];
  if (faces.length === 0) return null;
  const numbers = faceNumbers(faces);
  return (
    <div className="table-scroll talk-hide">
      <table className="faces">
        <caption>{t('faces.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('faces.face')}</th>
            <th scope="col">{t('faces.score')}</th>
            <th scope="col">{t('faces.x')}</th>
            <th scope="col">{t('faces.y')}</th>
            <th scope="col">{t('faces.width')}</th>
            <th scope="col">{t('faces.height')}</th>
          </tr>
        </thead>
        <tbody>
          {facesByNumber(faces).map((i) => {
            const f = faces[i]!;
            return (
              <tr key={i}>
                <td>{numbers[i]}</td>
                <td>{f.score.toFixed(4)}</td>
                <td>{f.box.x.toFixed(0)}</td>
                <td>{f.box.y.toFixed(0)}</td>
                <td>{f.box.width.toFixed(0)}</td>
                <td>{f.box.height.toFixed(0)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
