import { t } from '../../i18n';
import { requestNotificationPermission, useNotificationPermission } from '../../state/clocks';

/** Asks for notification permission, or says why reminders cannot be shown. */
export function NotificationToggle() {
  const permission = useNotificationPermission();
  if (permission === 'unsupported') return <p class="hint" data-testid="notify-state" data-state="unsupported">{t('clock.notifications.unsupported')}</p>;
  if (permission === 'granted') return <p class="ok" data-testid="notify-state" data-state="granted">{t('clock.notifications.on')}</p>;
  if (permission === 'denied') return <p class="hint" data-testid="notify-state" data-state="denied">{t('clock.notifications.denied')}</p>;
  return (
    <button type="button" class="btn" data-testid="notify-enable" onClick={() => void requestNotificationPermission()}>
      {t('clock.notifications.enable')}
    </button>
  );
}
