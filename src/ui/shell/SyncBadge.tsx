import { formatDateTime, t } from '../../i18n';
import { syncNow } from '../../state/device';
import { useSyncView } from '../../state/sync-view';

const ERROR_KEYS = {
  'auth.needed': 'errors.auth',
  network: 'errors.network',
  'server.unavailable': 'errors.server',
  'server.error': 'errors.server',
  'sync.busy': 'errors.sync.busy',
  'push.stalled': 'errors.sync.stalled',
  'device.wiped': 'errors.sync.wiped',
  'storage.failed': 'errors.sync.storage',
  'blob.rejected': 'errors.sync.blob',
} as const;

export function syncErrorText(code: string): string {
  const key = (ERROR_KEYS as Record<string, (typeof ERROR_KEYS)[keyof typeof ERROR_KEYS] | undefined>)[code];
  return key ? t(key) : t('errors.unknown', { code });
}

/** Always visible: how many changes wait, progress while syncing, the last good sync and the last error. */
export function SyncBadge() {
  const v = useSyncView();
  return (
    <span class="sync-badge" data-testid="sync-badge">
      <span data-testid="sync-pending">{v.pending === null ? t('sync.counting') : v.pending > 0 ? t('sync.pending', { count: v.pending }) : t('sync.none')}</span>
      {v.running ? (
        <span class="sync-progress">
          <span>{t('sync.running', { pushed: v.pushed, toPush: v.toPush, pulled: v.pulled })}</span>
          <progress aria-label={t('sync.progress')} max={Math.max(1, v.toPush)} value={v.pushed} />
        </span>
      ) : (
        <span data-testid="sync-last">{v.lastSyncAt ? t('sync.lastSync', { time: formatDateTime(new Date(v.lastSyncAt)) }) : t('sync.never')}</span>
      )}
      {v.lastError && !v.running ? (
        <span class="sync-error" role="status" data-testid="sync-error">
          {t('sync.error', { reason: syncErrorText(v.lastError) })}
        </span>
      ) : null}
      <button type="button" class="btn btn-quiet btn-small" data-testid="sync-now" onClick={() => syncNow()} disabled={v.running}>
        {t('sync.now')}
      </button>
    </span>
  );
}
