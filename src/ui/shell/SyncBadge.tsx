import { t } from '../../i18n';
import { useSyncView } from '../../state/sync-view';

/** Always visible: how many changes wait, and the last good sync. */
export function SyncBadge() {
  const view = useSyncView();
  return (
    <span class="sync-badge" data-testid="sync-badge">
      {view.pending > 0 ? t('sync.pending', { count: view.pending }) : t('sync.none')}
    </span>
  );
}
