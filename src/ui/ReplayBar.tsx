import { useState } from 'react';
import { app } from './app';
import { REPLAY_SPEEDS, selectDetection, selectPhoto, selectReplay, selectRun, useAppStore } from './store';
import { exportReplayGif } from './gifExport';
import { downloadBlob } from './download';
import { explain } from './humanize';

/** The recording of the run: a timeline to scrub, slow-motion play, and a GIF for slides. */
export function ReplayBar() {
  const run = useAppStore(selectRun);
  const replay = useAppStore(selectReplay);
  const photo = useAppStore(selectPhoto);
  const detection = useAppStore(selectDetection);
  const [exportState, setExporting] = useState<{ run: number; state: { progress: number } | { error: string } | { done: string } } | null>(null);
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
      setExporting({ run: id, state: { done: `GIF saved: ${frames} frames, ${(blob.size / 1024).toFixed(0)} KB` } });
    } catch (err) {
      setExporting({ run: id, state: { error: explain(err, 'making the GIF')?.text ?? 'The GIF could not be made.' } });
    }
  };

  return (
    <div className="replay" role="group" aria-label="Replay">
      <button type="button" aria-pressed={replay.playing} disabled={steps.length < 2} onClick={app.toggleReplay} aria-keyshortcuts="P" className="play">
        <span aria-hidden="true">{replay.playing ? '❚❚ ' : '▶ '}</span>Play
      </button>
      <input
        type="range"
        aria-label="Replay step"
        aria-valuetext={`step ${value} of ${last}`}
        min={first}
        max={last}
        step={1}
        value={value}
        onChange={(e) => app.scrubTo(Number(e.target.value))}
      />
      <output className="replay-step" aria-hidden="true">
        {value}/{last}
      </output>
      <select className="speed" value={replay.speed} onChange={(e) => app.setReplaySpeed(Number(e.target.value))} aria-label="Replay speed (steps per second)">
        {REPLAY_SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s} steps/s
          </option>
        ))}
      </select>
      <button type="button" disabled={!canExport} onClick={() => void exportGif()} className="talk-hide-narrow">
        Export GIF
      </button>
      {exporting && (
        <p role="status" className="hint export-status">
          {'progress' in exporting ? `Making the GIF… ${Math.round(100 * exporting.progress)}%` : 'error' in exporting ? exporting.error : exporting.done}
        </p>
      )}
    </div>
  );
}
