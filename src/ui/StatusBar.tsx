import { app, useCan } from './app';
import { useAppStore, selectBackend, selectMessages, selectPhase } from './store';
import { phaseWords } from './phaseWords';
import { OfflineStatus } from '../pwa/OfflineStatus';

/** What the engine is doing and on which backend (the "Backend" status), then whether the app works offline. */
export function PhaseStatus() {
  const phase = useAppStore(selectPhase);
  const backend = useAppStore(selectBackend);
  const note = useAppStore((s) => s.backendNote);
  const loading = useAppStore((s) => s.loading);
  const canRetry = useCan('retry');
  return (
    // One header item: the indicator takes room from the (already ellipsised) backend line, not a new row.
    <div className="phase-line">
      <div className="backend" role="status" aria-label="Backend" title={backend ? `${note ? `${note}; ` : ''}${backend.reason}` : undefined}>
        <strong>{phaseWords(phase)}</strong>
        {loading && <span> · Loading “{loading}”…</span>}
        {backend && phase.kind !== 'unavailable' && (
          <>
            {' · '}Backend: <strong>{backend.name}</strong> <span className="hint">({note ? `${note}; ` : ''}{backend.reason})</span>
          </>
        )}
        {canRetry && (
          <button type="button" className="retry" onClick={app.retry}>
            Retry
          </button>
        )}
      </div>
      <OfflineStatus />
    </div>
  );
}

/** Errors and notices, each dismissable, with raw details folded away. */
export function Messages() {
  const messages = useAppStore(selectMessages);
  return (
    <>
      {messages.map((m) => (
        <div key={m.id} role={m.kind === 'error' ? 'alert' : 'note'} className={`message ${m.kind}`}>
          <p>{m.text}</p>
          {m.details && (
            <details>
              <summary>Technical details</summary>
              <code>{m.details}</code>
            </details>
          )}
          <button type="button" className="dismiss" aria-label="Dismiss message" onClick={() => app.dismiss(m.id)}>
            ×
          </button>
        </div>
      ))}
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
