import { useState } from 'preact/hooks';
import { reasonMessage, t } from '../../i18n';
import { isOpenDuty, orderDuties } from '../../domain/zones';
import type { RecordRow } from '../../domain/records';
import { useSession } from '../../state/session';
import { useStaff } from '../../state/staff';
import { navigate } from '../../state/store';
import { markCleaned } from '../../state/zones';
import { ClockBadge } from '../clocks';
import { at, dutyKind, dutyStatus, dutyTitle, holderText } from './labels';

/** Duties with their clocks; the holder marks a zone cleaned, anyone opens it to inspect. */
export function DutyList({ duties, testId = 'duty-list' }: { duties: RecordRow[]; testId?: string }) {
  const staff = useStaff();
  const { session } = useSession();
  const [error, setError] = useState<string | null>(null);
  const ordered = orderDuties(duties);
  if (ordered.length === 0) return <p class="empty">{t('zone.noDuties')}</p>;
  return (
    <>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <ul class="job-list duty-list" data-testid={testId}>
        {ordered.map((d) => {
          const status = dutyStatus(d);
          const open = isOpenDuty(d);
          const mine = d.data.holder === session?.userId || d.data.holderKind === 'office';
          return (
            <li key={d.id} class={`job-row duty-row duty-${status}`} data-testid="duty-row" data-duty={d.id} data-zone={String(d.data.zoneId ?? '')} data-kind={dutyKind(d)} data-status={status}>
              <div class="job-title">
                <strong data-testid="duty-title">{dutyTitle(d)}</strong>
                <span class="job-status" data-testid="duty-status">{t(`zone.status.${status}`)}</span>
              </div>
              <span class="job-assignee" data-testid="duty-holder">{t('zone.heldBy', { holder: holderText(staff, d.data.holder, d.data.holderKind) })}</span>
              <span class="hint" data-testid="duty-due">{t('zone.dueBy', { due: at(d.data.dueAt) })}</span>
              <ClockBadge row={d} />
              <span class="actions">
                {open && status === 'due' && mine ? (
                  <button
                    type="button"
                    class="btn"
                    data-testid="mark-cleaned"
                    onClick={async () => {
                      const r = await markCleaned(d);
                      setError(r.ok ? null : reasonMessage(r.code));
                    }}
                  >
                    {t('zone.markCleaned')}
                  </button>
                ) : null}
                <button type="button" class="btn" data-testid="open-zone" onClick={() => navigate({ name: 'zone', id: String(d.data.zoneId ?? '') })}>
                  {open ? t('zone.inspect') : t('zone.open')}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
