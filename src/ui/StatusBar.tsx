import { app, useCan } from './app';
import { useAppStore, selectBackend, selectMessages, selectPhase } from './store';
import { phaseWords } from './phaseWords';
import { OfflineStatus } from '../pwa/OfflineStatus';
import { currentLanguage, useT } from './i18n';
import { backendNote, backendReason } from './i18n/coreMessages';
import { renderMessage, renderText } from './i18n/messageText';
import { SAMPLES } from './samples';

/** A photo being loaded: a bundled sample by its name in the current language, any other file as it is. */
function loadingName(name: string, t: ReturnType<typeof useT<'shell'>>['t']): string {
  const sample = SAMPLES.find((s) => s.label === name);
  return sample ? t(`samples.${sample.id}`) : name;
}

/** What the engine is doing and on which backend (the "Backend" status), then whether the app works offline. */
export function PhaseStatus() {
  const { t } = useT('shell');
  const phase = useAppStore(selectPhase);
  const backend = useAppStore(selectBackend);
  const note = useAppStore((s) => s.backendNote);
  const loading = useAppStore((s) => s.loading);
  const canRetry = useCan('retry');
  // English as the worker and the controller wrote it; other languages rebuilt from its parts.
  const english = currentLanguage() === 'en';
  const reason = backend ? (english ? backend.reason : renderText(backendReason(backend))) : '';
  const noteText = note ? (english ? note : renderText(backendNote(note))) : null;
  const detail = noteText ? t('backend.noteAndReason', { note: noteText, reason }) : reason;
  return (
    // One header item: the indicator takes room from the (already ellipsised) backend line, not a new row.
    <div className="phase-line">
      <div className="backend" role="status" aria-label={t('backend.label')} title={backend ? detail : undefined}>
        <strong>{phaseWords(phase)}</strong>
        {loading && <span> · {t('backend.loading', { name: loadingName(loading, t) })}</span>}
        {backend && phase.kind !== 'unavailable' && (
          <>
            {' · '}
            {t('backend.prefix')}
            <strong>{backend.name}</strong>
            <span className="hint">{t('backend.detail', { detail })}</span>
          </>
        )}
        {canRetry && (
          <button type="button" className="retry" onClick={app.retry}>
            {t('backend.retry')}
          </button>
        )}
      </div>
      <OfflineStatus />
    </div>
  );
}

/** Errors and notices, each dismissable, with raw details folded away; shown in the current language. */
export function Messages() {
  const { t } = useT('messages');
  const messages = useAppStore(selectMessages);
  return (
    <>
      {messages.map((m) => {
        const shown = m.i18n ? renderMessage(m.i18n, m.details) : { text: m.text, details: m.details };
        return (
          <div key={m.id} role={m.kind === 'error' ? 'alert' : 'note'} className={`message ${m.kind}`}>
            <p>{shown.text}</p>
            {shown.details && (
              <details>
                <summary>{t('technicalDetails')}</summary>
                <code>{shown.details}</code>
              </details>
            )}
            <button type="button" className="dismiss" aria-label={t('dismiss')} onClick={() => app.dismiss(m.id)}>
              ×
            </button>
          </div>
        );
      })}
    </>
  );
}

export function StatusBar() {
  return (
    <>
      <PhaseStatus />
      <Messages />
    </>
  );
}
