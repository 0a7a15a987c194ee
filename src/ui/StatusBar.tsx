import { useAppStore, selectBackend, selectEngine, selectMessages } from './store';

const ENGINE_WORDS = { starting: 'Starting the detector…', ready: 'Ready', busy: 'Working…', failed: 'Detector unavailable' };

export function StatusBar() {
  const engine = useAppStore(selectEngine);
  const backend = useAppStore(selectBackend);
  const messages = useAppStore(selectMessages);
  return (
    <>
      <p className="backend" aria-label="Backend">
        <strong>{ENGINE_WORDS[engine]}</strong>
        {backend && (
          <>
            {' · '}Backend: <strong>{backend.name}</strong> <span className="hint">({backend.reason})</span>
          </>
        )}
      </p>
      {messages.map((m) =>
        m.kind === 'error' ? (
          <p key={m.kind} role="alert" className="message error">{m.text}</p>
        ) : (
          <p key={m.kind} role="note" className="message notice">{m.text}</p>
        ),
      )}
    </>
  );
}
