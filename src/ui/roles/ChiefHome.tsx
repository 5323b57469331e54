import { t } from '../../i18n';
import { useRepairJobs } from '../../state/repair';
import { ClockSummary, DisasterPeriodControl, ExportIcs } from '../clocks';
import { JobList } from '../repair/JobList';
import { RegisterNav } from '../appeals/RegisterNav';
import { HandedToMe } from '../handover/HandedToMe';
import { MyDuties } from '../zones/MyDuties';
import { RoleSwitch } from './RoleSwitch';

export function ChiefHome({ canSwitch }: { canSwitch: boolean }) {
  const jobs = useRepairJobs();
  return (
    <main class="page layout-wide" data-testid="home-chief">
      <h1>{t('home.chiefTitle')}</h1>
      <RegisterNav />
      <HandedToMe />
      <ClockSummary />
      <MyDuties />
      <ExportIcs />
      <DisasterPeriodControl />
      <section>
        <h2>{t('repair.list')}</h2>
        <JobList jobs={jobs} testId="station-jobs" />
      </section>
      {canSwitch ? <RoleSwitch current="chief" /> : null}
    </main>
  );
}
