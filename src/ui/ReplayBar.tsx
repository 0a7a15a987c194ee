import { useState } from 'react';
import { app } from './app';
import { REPLAY_SPEEDS, selectDetection, selectPhoto, selectReplay, selectRun, useAppStore } from './store';
import { exportReplayGif } from './gifExport';
import { downloadBlob } from './download';
import { explain } from './humanize';
import { formatNumber, useT } from './i18n';

/** The recording of the run: a timeline to scrub, slow-motion play, and a GIF for slides. */
export function ReplayBar() {
  const { t } = useT('progress');
  const run = useAppStore(selectRun);
  const replay = useAppStore(selectReplay);
  const photo = useAppStore(selectPhoto);
  const detection = useAppStore(selectDetection);
  const [exportState, setExporting] = useState<{ run: number; state: { progress: number } | { error: string } | { done: { frames: number; kb: number } } } | null>(null);
  // What the export of this run is doing (a new run starts without a message).
  const exporting = exportState && exportState.run === run?.id ? exportState.state : null;
  const steps = run?.steps ?? [];
  if (!run || steps.length === 0) return null;
  const first = steps[0]!.step;
  const last = steps.at(-1)!.step;
  const value = replay.step ?? last;
  const busy = exporting !== null && 'progress' in exporting;
  const canExport = run.outcome !== 'active' && steps.length > 1 && !busy;

  const exportGif = async () => {
    if (!photo) return;
    const id = run.id;
    setExporting({ run: id, state: { progress: 0 } });
    try {
      const { blob, frames } = await exportReplayGif(run, photo, detection?.faces ?? [], replay.speed, (progress) => setExporting({ run: id, state: { progress } }));
      const base = photo.name.replace(/\.[a-z0-9]+$/i, '');
      downloadBlob(blob, `${base}-replay.gif`);
      setExporting({ run: id, state: { done: { frames, kb: Math.round(blob.size / 1024) } } });
    } catch (err) {
      // humanize's English phrase for "doing" (messages:doing.gif): the sentence comes in the current language.
      setExporting({ run: id, state: { error: explain(err, 'making the GIF')?.text ?? t('replay.failed') } });
    }
  };

  return (
    <div className="replay" role="group" aria-label={t('replay.label')}>
      <button type="button" aria-pressed={replay.playing} disabled={steps.length < 2} onClick={app.toggleReplay} aria-keyshortcuts="P" className="play">
        <span aria-hidden="true">{replay.playing ? '❚❚ ' : '▶ '}</span>
        {t('replay.play')}
      </button>
      <input
        type="range"
        aria-label={t('replay.step')}
        aria-valuetext={t('replay.stepOf', { value, last })}
        min={first}
        max={last}
        step={1}
        value={value}
        onChange={(e) => app.scrubTo(Number(e.target.value))}
      />
      <output className="replay-step" aria-hidden="true">
        {value}/{last}
      </output>
      <select className="speed" value={replay.speed} onChange={(e) => app.setReplaySpeed(Number(e.target.value))} aria-label={t('replay.speed')}>
        {REPLAY_SPEEDS.map((s) => (
          <option key={s} value={s}>
            {t('replay.speedOption', { speed: s })}
          </option>
        ))}
      </select>
      <button type="button" disabled={!canExport} onClick={() => void exportGif()} className="talk-hide-narrow">
        {t('replay.exportGif')}
      </button>
      {exporting && (
        <p role="status" className="hint export-status">
          {'progress' in exporting
            ? t('replay.making', { percent: Math.round(100 * exporting.progress) })
            : 'error' in exporting
              ? exporting.error
              : t('replay.saved', { frames: formatNumber(exporting.done.frames), kb: formatNumber(exporting.done.kb) })}
        </p>
      )}
    </div>
  );
}
