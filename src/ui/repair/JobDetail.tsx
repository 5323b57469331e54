import { useState } from 'preact/hooks';
import { formatDateTime, reasonMessage, t } from '../../i18n';
import { returnVisitId } from '../../domain/repair';
import { dispatch, useChildren, useRecord } from '../../state/repair';
import { useSession } from '../../state/session';
import { staffName, useStaff } from '../../state/staff';
import { navigate } from '../../state/store';
import { Materials } from './Materials';
import { Photos } from './Photos';
import { ClockBadge } from '../clocks';
import { SignaturePad } from './SignaturePad';
import { StepActions } from './StepActions';
import { Timeline } from './Timeline';
import { WorkSection } from './WorkSection';

function ReturnVisit({ jobId }: { jobId: string }) {
  const visit = useRecord('visit', returnVisitId(jobId));
  // A stable wrapper: the visit appears in the same place as soon as the archive writes it.
  return (
    <div class="return-visit-slot">
      {visit?.data.dueAt ? (
        <p class="card" data-testid="return-visit">
          {t('repair.detail.returnVisit', { due: formatDateTime(new Date(String(visit.data.dueAt))) })}
          {visit.data.disaster ? t('repair.detail.returnVisitDisaster') : null}
        </p>
      ) : null}
    </div>
  );
}

export function JobDetail({ id }: { id: string }) {
  const job = useRecord('repairJob', id);
  const items = useChildren(id);
  const staff = useStaff();
  const { session } = useSession();
  const [error, setError] = useState<string | null>(null);
  if (job === undefined) return null;
  if (job === null) return <main class="page"><p class="empty">{t('repair.none')}</p></main>;
  const onError = (code: string) => setError(reasonMessage(code));
  const canDispatch = session?.role === 'clerk' || session?.role === 'chief' || session?.role === 'admin';
  const linemen = staff.filter((s) => s.role === 'lineman');
  const finished = job.status === 'archived';
  return (
    <main class="page layout-phone job-detail" data-testid="job-detail">
      <button type="button" class="btn btn-quiet" onClick={() => history.length > 1 ? history.back() : navigate({ name: 'home' })}>
        {t('repair.detail.back')}
      </button>
      <h1>{String(job.data.customerName ?? '')}</h1>
      <p class="job-status-line">
        <span data-testid="detail-status">{t(`repair.status.${(job.status ?? 'registered') as 'registered'}`)}</span>
        <ClockBadge row={job} />
      </p>
      <dl class="facts">
        <dt>{t('repair.fields.customerPhone')}</dt>
        <dd><a href={`tel:${String(job.data.customerPhone ?? '')}`}>{String(job.data.customerPhone ?? '')}</a></dd>
        <dt>{t('repair.fields.address')}</dt>
        <dd>{String(job.data.address ?? '')}</dd>
        <dt>{t('repair.fields.description')}</dt>
        <dd>{String(job.data.description ?? job.data.guidance ?? '')}</dd>
        <dt>{t('repair.fields.assignee')}</dt>
        <dd data-testid="detail-assignee">{staffName(staff, job.data.assignee as string | undefined)}</dd>
      </dl>
      <p class="hint">{t('repair.detail.responsible', { unit: String(job.data.responsibleUnit ?? '') })}</p>
      {job.data.insideInstallation ? <p class="card">{t('repair.detail.advice')}</p> : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
      {canDispatch && !finished && !job.data.insideInstallation ? (
        <label class="field">
          <span>{job.data.assignee ? t('repair.detail.reassign') : t('repair.fields.assignee')}</span>
          <select
            data-testid="dispatch-select"
            value={String(job.data.assignee ?? '')}
            onChange={async (e) => {
              const v = e.currentTarget.value;
              if (!v) return;
              const r = await dispatch(job, v);
              if (!r.ok) onError(r.code);
            }}
          >
            <option value="">{t('repair.fields.noAssignee')}</option>
            {linemen.map((m) => (
              <option key={m.id} value={m.id}>{m.name}</option>
            ))}
          </select>
        </label>
      ) : null}
      <StepActions job={job} onError={onError} />
      <ReturnVisit jobId={job.id} />
      {!job.data.insideInstallation ? (
        <>
          <WorkSection job={job} onError={onError} />
          <Materials job={job} items={items} onError={onError} />
          <Photos job={job} items={items} onError={onError} />
          <SignaturePad job={job} items={items} onError={onError} />
        </>
      ) : null}
      <Timeline items={items} />
    </main>
  );
}
