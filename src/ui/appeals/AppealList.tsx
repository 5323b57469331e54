import { t } from '../../i18n';
import { isRedacted, sortAppeals } from '../../domain/appeals';
import type { RecordRow } from '../../domain/records';
import { navigate } from '../../state/store';
import { ClockBadge } from '../clocks';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The register: number, type, stage and clocks always; who and what only when this user may see them. */
export function AppealList({ appeals, testId = 'appeal-list' }: { appeals: RecordRow[]; testId?: string }) {
  const rows = sortAppeals(appeals);
  if (rows.length === 0) return <p class="empty">{t('appeal.none')}</p>;
  return (
    <ul class="job-list appeal-list" data-testid={testId}>
      {rows.map((a) => {
        const kind = str(a.data.kind);
        const name = str(a.data.customerName);
        const subject = str(a.data.subject);
        return (
          <li key={a.id} class="job-row" data-testid="appeal-row" data-appeal={a.id} data-redacted={isRedacted(a) ? 'true' : undefined}>
            <button type="button" class="job-open" onClick={() => navigate({ name: 'appeal', id: a.id })}>
              <span class="job-title">
                <strong data-testid="appeal-row-number">{str(a.data.number)}</strong>
                {kind ? <span class="appeal-kind">{t(`appeal.kind.${kind as 'complaint'}`)}</span> : null}
                <span class="job-status" data-testid="appeal-status">{t(`appeal.status.${(a.status ?? 'registered') as 'registered'}`)}</span>
              </span>
              {name ? <span class="appeal-customer" data-testid="appeal-row-customer">{name}</span> : null}
              {subject ? <span class="appeal-subject">{subject}</span> : null}
              <ClockBadge row={a} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
