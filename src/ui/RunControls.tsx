import { app, useCan } from './app';
import { selectPhase, useAppStore } from './store';

/** Run attack / Pause (Resume) / Step / Stop / Reset, on the stage. Shortcuts: Space, →, S, R. */
export function RunControls() {
  const phase = useAppStore(selectPhase);
  const can = { run: useCan('attack'), pause: useCan('pause'), resume: useCan('resume'), step: useCan('step'), stop: useCan('stop'), reset: useCan('reset') };
  const paused = phase.kind === 'attacking' && phase.paused;
  return (
    <div className="buttons run-controls" role="group" aria-label="Attack controls">
      <button type="button" className="primary" data-focus-rank="2" disabled={!can.run} onClick={() => void app.runAttack()} aria-keyshortcuts="Space">
        Run attack
      </button>
      {paused ? (
        <button type="button" data-focus-rank="1" disabled={!can.resume} onClick={app.resumeAttack} aria-keyshortcuts="Space">
          Resume
        </button>
      ) : (
        <button type="button" data-focus-rank="1" disabled={!can.pause} onClick={app.pauseAttack} aria-keyshortcuts="Space">
          Pause
        </button>
      )}
      <button type="button" data-focus-rank="3" disabled={!can.step} onClick={app.stepAttack} aria-keyshortcuts="ArrowRight">
        Step
      </button>
      <button type="button" data-focus-rank="4" disabled={!can.stop} onClick={app.stopAttack} aria-keyshortcuts="S">
        Stop
      </button>
      <button type="button" data-focus-rank="5" disabled={!can.reset} onClick={app.reset} aria-keyshortcuts="R">
        Reset
      </button>
    </div>
  );
}
