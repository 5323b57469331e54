import './clocks.css';
import { t } from '../../i18n';
import { dismissClockJump, useTime } from '../../state/time';

/** Shown when the device clock jumped by more than 5 minutes between two checks. */
export function ClockJumpBanner() {
  const jump = useTime((s) => s.jump);
  if (!jump) return null;
  const minutes = Math.max(1, Math.round(Math.abs(jump.deltaMs) / 60_000));
  return (
    <div class="banner banner-warn" role="alert" data-testid="clock-jump">
      <p>
        {jump.deltaMs > 0 ? t('clock.jump.forward', { minutes }) : t('clock.jump.back', { minutes })} {t('clock.jump.body')}
      </p>
      <button type="button" class="btn" onClick={dismissClockJump}>
        {t('clock.jump.dismiss')}
      </button>
    </div>
  );
}
