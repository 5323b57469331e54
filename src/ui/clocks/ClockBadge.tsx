import './clocks.css';
import { t } from '../../i18n';
import type { EvaluatedClock } from '../../domain/clocks-of';
import type { RecordRow } from '../../domain/records';
import { formatDeadline, useClockOf } from '../../state/clocks';
import { formatDuration, lateMinutes } from './format';

/** The text of one clock's state, e.g. "Overdue by 12 min" / "超时 5 分钟完成". */
export function clockStateText(c: EvaluatedClock): string {
  const ev = c.ev;
  switch (ev.state) {
    case 'running':
      return t('clock.state.running', { left: formatDuration(ev.leftMs ?? 0) });
    case 'dueSoon':
      return t('clock.state.dueSoon', { left: formatDuration(ev.leftMs ?? 0) });
    case 'overdue':
      return t('clock.state.overdue', { over: formatDuration(ev.overMs ?? 0) });
    case 'metOnTime':
      return t('clock.state.metOnTime');
    case 'metLate':
      return t('clock.state.metLate', { minutes: lateMinutes(ev.overMs ?? 0) });
    default:
      return t('clock.state.notStarted');
  }
}

export function ClockLine({ clock }: { clock: EvaluatedClock }) {
  const ev = clock.ev;
  return (
    <span
      class={`clock clock-${ev.state}${ev.provisional ? ' clock-provisional' : ''}`}
      data-testid="clock-state"
      data-state={ev.state}
      data-rule={clock.ruleId}
      data-provisional={ev.provisional ? 'true' : undefined}
      title={t('clock.rule', { citation: clock.rule.citation })}
      role={ev.state === 'overdue' ? 'status' : undefined}
    >
      <span class="clock-label">{t(`clock.label.${clock.label}`)}</span>{' '}
      <span class="clock-text">{clockStateText(clock)}</span>{' '}
      {ev.deadline ? <span class="clock-deadline">{t('clock.deadline', { deadline: formatDeadline(ev.deadline) })}</span> : null}
      {ev.provisional ? (
        <span class="clock-provisional-mark" title={t('clock.provisional')}>
          {t('clock.provisionalShort')}
        </span>
      ) : null}
    </span>
  );
}

/** Each regulation clock of a record: state, deadline, time left or over; overdue stands out. */
export function ClockBadge({ row }: { row: RecordRow }) {
  const clocks = useClockOf(row);
  if (clocks.length === 0) return null;
  return (
    <span class="clock-badge" data-testid="clock-badge">
      {clocks.map((c) => (
        <ClockLine key={c.ruleId} clock={c} />
      ))}
    </span>
  );
}
