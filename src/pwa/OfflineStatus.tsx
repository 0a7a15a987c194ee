import { applyUpdate, useOfflineState, type CacheState } from './offline';
import './offline.css';

const WORDS: Record<CacheState, string> = {
  none: '',
  saving: 'Saving for offline use…',
  ready: 'Available offline',
  update: 'Update ready',
  'updated-elsewhere': 'A newer version is installed: reload when convenient',
  failed: 'Not available offline',
};

const TITLES: Partial<Record<CacheState, string>> = {
  ready: 'The app, the model weights, the WASM binaries and the samples are stored in this browser: it opens and runs without the server.',
  update: 'A newer version is stored. It opens on your next visit, or now with "Reload to update".',
  failed: 'This browser could not store the app for offline use; it still works online.',
};

/**
 * Whether the app works without the server ("Offline use" status in the header), and "Offline"
 * while the browser has no network. Empty (and invisible) when there is no service worker.
 */
export function OfflineStatus() {
  const { cache, online } = useOfflineState();
  const words = WORDS[cache];
  return (
    <div className={`offline-status offline-${cache}`} role="status" aria-label="Offline use" title={TITLES[cache]}>
      {!online && <strong className="offline-now">Offline</strong>}
      {!online && words && ' · '}
      {words && <span className={cache === 'ready' ? 'offline-ok' : undefined}>{words}</span>}
      {cache === 'update' && (
        <button type="button" className="offline-update" onClick={applyUpdate}>
          Reload to update
        </button>
      )}
    </div>
  );
}
