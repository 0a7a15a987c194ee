import { app, useCan } from './app';
import { useAppStore, selectBackend, selectMessages, selectPhase } from './store';
import { phaseWords } from './phaseWords';

export function StatusBar() {
  const phase = useAppStore(selectPhase);
  const backend = useAppStore(selectBackend);
  const note = useAppStore((s) => s.backendNote);
  const loading = useAppStore((s) => s.loading);
  const messages = useAppStore(selectMessages);
  const canRetry = useCan('retry');
  return (
    <>
      <div className="backend" role="status" aria-label="Backend">
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
