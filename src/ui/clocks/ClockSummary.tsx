import './clocks.css';
import { t } from '../../i18n';
import { useSession } from '../../state/session';
import { formatDeadline, useClockScheduler, useClockSummary, useMonthlyClock } from '../../state/clocks';
import { formatDuration } from './format';

/** Counts of open deadlines by state, and for the chief the monthly report clock. */
export function ClockSummary() {
  useClockScheduler();
  const s = useClockSummary();
  const monthly = useMonthlyClock();
  const { session } = useSession();
  const chief = session?.role === 'chief' || session?.role === 'admin';
  const cells = [
    ['overdue', s.overdue],
    ['dueSoon', s.dueSoon],
    ['running', s.running],
  ] as const;
  return (
    <section class="clock-summary card" data-testid="clock-summary" aria-label={t('clock.summary.title')}>
      <h2>{t('clock.summary.title')}</h2>
      <ul class="clock-counts">
        {cells.map(([k, n]) => (
          <li key={k} class={`clock-count clock-${k}${n > 0 ? ' nonzero' : ''}`}>
            <span class="clock-count-label">{t(`clock.summary.${k}`)}</span>
            <strong data-testid={`clock-count-${k}`}>{n}</strong>
          </li>
        ))}
        {s.provisional > 0 ? (
          <li class="clock-count clock-provisional">
            <span class="clock-count-label">{t('clock.summary.provisional')}</span>
            <strong data-testid="clock-count-provisional">{s.provisional}</strong>
          </li>
        ) : null}
      </ul>
      {chief && monthly && monthly.ev.deadline ? (
        <p class={`clock clock-${monthly.ev.state}`} data-testid="clock-monthly" data-state={monthly.ev.state}>
          <span class="clock-label">{t('clock.summary.monthly', { month: monthly.month })}</span>
          <span class="clock-text">
            {monthly.ev.state === 'overdue'
              ? t('clock.state.overdue', { over: formatDuration(monthly.ev.overMs ?? 0) })
              : monthly.ev.state === 'metOnTime' || monthly.ev.state === 'metLate'
                ? t(`clock.state.${monthly.ev.state}`, { minutes: Math.round((monthly.ev.overMs ?? 0) / 60_000) })
                : t(monthly.ev.state === 'dueSoon' ? 'clock.state.dueSoon' : 'clock.state.running', { left: formatDuration(monthly.ev.leftMs ?? 0) })}
          </span>
          <span class="clock-deadline">{t('clock.deadline', { deadline: formatDeadline(monthly.ev.deadline) })}</span>
        </p>
      ) : null}
    </section>
  );
}
