import { formatDateTime, t } from '../../i18n';
import type { ClockEvaluation } from '../../domain/clock';

const minutes = (ms: number | undefined) => Math.max(0, Math.ceil((ms ?? 0) / 60_000));

export function clockText(c: ClockEvaluation | null): string {
  if (!c || !c.deadline) return t('repair.clock.none');
  switch (c.state) {
    case 'running':
      return t('repair.clock.running', { minutes: minutes(c.leftMs) });
    case 'dueSoon':
      return t('repair.clock.dueSoon', { minutes: minutes(c.leftMs) });
    case 'overdue':
      return t('repair.clock.overdue', { minutes: Math.floor((c.overMs ?? 0) / 60_000) });
    case 'metOnTime':
      return t('repair.clock.metOnTime');
    case 'metLate':
      return t('repair.clock.metLate', { minutes: Math.round((c.overMs ?? 0) / 60_000) });
    default:
      return t('repair.clock.none');
  }
}

/** The restoration clock of one job: state, words and deadline; overdue stands out. */
export function RestoreClock({ clock }: { clock: ClockEvaluation | null }) {
  const state = clock?.state ?? 'none';
  return (
    <span class={`clock clock-${state}`} data-testid="clock-state" data-state={state}>
      <strong>{clockText(clock)}</strong>
      {clock?.deadline ? <span class="clock-deadline">{t('repair.clock.deadline', { time: formatDateTime(clock.deadline) })}</span> : null}
      {clock?.provisional ? <span>{t('repair.clock.provisional')}</span> : null}
    </span>
  );
}
