import { applyUpdate, useOfflineState, type CacheState } from './offline';
import { useT } from '../ui/i18n';
import './offline.css';

/** The words for each state (namespace shell, offline.*); none for 'none'. */
const WORDS = {
  none: null,
  saving: 'offline.saving',
  ready: 'offline.ready',
  update: 'offline.update',
  'updated-elsewhere': 'offline.updatedElsewhere',
  failed: 'offline.failed',
} as const satisfies Record<CacheState, string | null>;

const TITLES = {
  ready: 'offline.titleReady',
  update: 'offline.titleUpdate',
  failed: 'offline.titleFailed',
} as const satisfies Partial<Record<CacheState, string>>;

/**
 * Whether the app works without the server ("Offline use" status in the header), and "Offline"
 * while the browser has no network. Empty (and invisible) when there is no service worker.
 */
export function OfflineStatus() {
  const { t } = useT('shell');
  const { cache, online } = useOfflineState();
  const key = WORDS[cache];
  const words = key ? t(key) : '';
  const titleKey = cache in TITLES ? TITLES[cache as keyof typeof TITLES] : null;
  return (
    <div className={`offline-status offline-${cache}`} role="status" aria-label={t('offline.label')} title={titleKey ? t(titleKey) : undefined}>
      {!online && <strong className="offline-now">{t('offline.offline')}</strong>}
      {!online && words && ' · '}
      {words && <span className={cache === 'ready' ? 'offline-ok' : undefined}>{words}</span>}
      {cache === 'update' && (
        <button type="button" className="offline-update" onClick={applyUpdate}>
          {t('offline.reload')}
        </button>
      )}
    </div>
  );
}
