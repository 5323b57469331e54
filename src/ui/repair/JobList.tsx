import { t } from '../../i18n';
import { byTimeLeft, restorationClock } from '../../domain/repair';
import type { RecordRow } from '../../domain/records';
import { staffName, useStaff } from '../../state/staff';
import { navigate } from '../../state/store';
import { useNow } from '../useNow';
import { RestoreClock } from './RestoreClock';

export function JobList({ jobs, testId = 'job-list' }: { jobs: RecordRow[]; testId?: string }) {
  const now = useNow();
  const staff = useStaff();
  const ordered = byTimeLeft(jobs, now);
  if (ordered.length === 0) return <p class="empty">{t('repair.none')}</p>;
  return (
    <ul class="job-list" data-testid={testId}>
      {ordered.map((job) => {
        const clock = restorationClock(job, now);
        return (
          <li key={job.id} class={`job-row state-${clock?.state ?? 'none'}`} data-testid="job-row" data-job={job.id}>
            <button type="button" class="job-open" onClick={() => navigate({ name: 'job', id: job.id })}>
              <span class="job-title">
                <strong>{String(job.data.customerName ?? '')}</strong>
                <span class="job-status" data-testid="job-status">{t(`repair.status.${(job.status ?? 'registered') as 'registered'}`)}</span>
              </span>
              <span class="job-address">{String(job.data.address ?? '')}</span>
              {job.data.assignee ? <span class="job-assignee">{staffName(staff, job.data.assignee as string)}</span> : null}
              <RestoreClock clock={clock} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
