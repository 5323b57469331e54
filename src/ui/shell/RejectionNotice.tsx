import { reasonMessage, t } from '../../i18n';
import { acknowledgeRejections, useMyRejections } from '../../state/ledger';

const REGISTER_KEYS = { repairJob: 'chief.register.repairJob', appeal: 'chief.register.appeal', visit: 'chief.register.visit', zoneDuty: 'chief.register.zoneDuty' } as const;

/** A refused change is shown to its author with the reason, until acknowledged. */
export function RejectionNotice() {
  const rejected = useMyRejections();
  if (rejected.length === 0) return null;
  return (
    <div class="update-prompt rejection-notice" role="alert" data-testid="rejection-notice">
      <strong>{t('sync.rejected.title')}</strong>
      <ul>
        {rejected.slice(0, 5).map((r) => {
          const type = (r.args as { type?: string } | null)?.type ?? '';
          const key = REGISTER_KEYS[type as keyof typeof REGISTER_KEYS];
          return <li key={r.mid}>{t('sync.rejected.item', { what: key ? t(key) : r.name, reason: reasonMessage(r.reason.code) })}</li>;
        })}
      </ul>
      <button type="button" class="btn" onClick={() => void acknowledgeRejections(rejected.map((r) => r.mid))}>
        {t('sync.rejected.ok')}
      </button>
    </div>
  );
}
