import { app, useCan } from './app';
import { selectPhase, useAppStore } from './store';
import { useT } from './i18n';

/** Run attack / Pause (Resume) / Step / Stop / Reset, on the stage. Shortcuts: Space, →, S, R. */
export function RunControls() {
  const { t } = useT('shell');
  const phase = useAppStore(selectPhase);
  const can = { run: useCan('attack'), pause: useCan('pause'), resume: useCan('resume'), step: useCan('step'), stop: useCan('stop'), reset: useCan('reset') };
  const paused = phase.kind === 'attacking' && phase.paused;
  return (
    <div className="buttons run-controls" role="group" aria-label={t('run.label')}>
      <button type="button" className="primary" data-focus-rank="2" disabled={!can.run} onClick={() => void app.runAttack()} aria-keyshortcuts="Space">
        {t('run.run')}
      </button>
      {paused ? (
        <button type="button" data-focus-rank="1" disabled={!can.resume} onClick={app.resumeAttack} aria-keyshortcuts="Space">
          {t('run.resume')}
        </button>
      ) : (
        <button type="button" data-focus-rank="1" disabled={!can.pause} onClick={app.pauseAttack} aria-keyshortcuts="Space">
          {t('run.pause')}
        </button>
      )}
      <button type="button" data-focus-rank="3" disabled={!can.step} onClick={app.stepAttack} aria-keyshortcuts="ArrowRight">
        {t('run.step')}
      </button>
      <button type="button" data-focus-rank="4" disabled={!can.stop} onClick={app.stopAttack} aria-keyshortcuts="S">
        {t('run.stop')}
      </button>
      <button type="button" data-focus-rank="5" disabled={!can.reset} onClick={app.reset} aria-keyshortcuts="R">
        {t('run.reset')}
      </button>
    </div>
  );
}
