import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { useRepairJobs } from '../../state/repair';
import { useSession } from '../../state/session';
import { ClockSummary, ExportIcs } from '../clocks';
import { IntakeForm } from '../repair/IntakeForm';
import { JobList } from '../repair/JobList';
import { RegisterNav } from '../appeals/RegisterNav';
import { HandedToMe } from '../handover/HandedToMe';
import { MyDuties } from '../zones/MyDuties';
import { RoleSwitch } from './RoleSwitch';

export function LinemanHome({ canSwitch }: { canSwitch: boolean }) {
  const { session } = useSession();
  const jobs = useRepairJobs({ assignee: session?.userId ?? '' });
  const [opening, setOpening] = useState(false);
  return (
    <main class="page layout-phone" data-testid="home-lineman">
      <h1>{t('home.linemanTitle')}</h1>
      <RegisterNav />
      <HandedToMe />
      <ClockSummary />
      <MyDuties />
      {jobs.length === 0 ? <p class="empty">{t('home.linemanEmpty')}</p> : <JobList jobs={jobs} testId="my-jobs" />}
      {opening ? (
        <IntakeForm defaultVia="field" selfAssign={session?.userId} onSaved={() => setOpening(false)} />
      ) : (
        <button type="button" class="btn btn-big" data-testid="open-field-job" onClick={() => setOpening(true)}>
          {t('repair.newInField')}
        </button>
      )}
      <ExportIcs />
      {canSwitch ? <RoleSwitch current="lineman" /> : null}
    </main>
  );
}
