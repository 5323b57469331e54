import { t } from '../../i18n';
import { byTimeLeft } from '../../domain/repair';
import type { RecordRow } from '../../domain/records';
import { staffName, useStaff, type StaffMember } from '../../state/staff';
import { navigate } from '../../state/store';
import { evaluate, trustedNow, useClockSummary } from '../../state/clocks';
import { ClockBadge } from '../clocks';
import { VirtualList } from '../field/VirtualList';

function JobRow({ job, now, staff, index, count }: { job: RecordRow; now: Date; staff: StaffMember[]; index: number; count: number }) {
  const states = evaluate(job, now).map((c) => c.ev.state);
  const worst = (['overdue', 'dueSoon', 'running'] as const).find((x) => states.includes(x)) ?? 'none';
  return (
    <li class={`job-row state-${worst}`} data-testid="job-row" data-job={job.id} data-index={index} aria-posinset={index + 1} aria-setsize={count}>
      <button type="button" class="job-open" onClick={() => navigate({ name: 'job', id: job.id })}>
        <span class="job-title">
          <strong>{String(job.data.customerName ?? '')}</strong>
          <span class="job-status" data-testid="job-status">{t(`repair.status.${(job.status ?? 'registered') as 'registered'}`)}</span>
        </span>
        <span class="job-address">{String(job.data.address ?? '')}</span>
        {job.data.assignee ? <span class="job-assignee">{staffName(staff, job.data.assignee as string)}</span> : null}
        <ClockBadge row={job} />
      </button>
    </li>
  );
}

const keyOf = (job: RecordRow) => job.id;

/** The jobs, most urgent first; only the rows near the screen are in the page (a year of jobs is thousands). */
export function JobList({ jobs, testId = 'job-list' }: { jobs: RecordRow[]; testId?: string }) {
  useClockSummary(); // re-order when any clock changes state
  const now = trustedNow();
  const staff = useStaff();
  const ordered = byTimeLeft(jobs, now);
  if (ordered.length === 0) return <p class="empty">{t('repair.none')}</p>;
  return (
    <VirtualList
      items={ordered}
      keyOf={keyOf}
      class="job-list"
      testId={testId}
      renderRow={(job, index, count) => <JobRow key={job.id} job={job} now={now} staff={staff} index={index} count={count} />}
    />
  );
}
