import { t } from '../../i18n';
import { useRepairJobs } from '../../state/repair';
import { ClockSummary, ExportIcs } from '../clocks';
import { IntakeForm } from '../repair/IntakeForm';
import { JobList } from '../repair/JobList';
import { RegisterNav } from '../appeals/RegisterNav';
import { HandedToMe } from '../handover/HandedToMe';
import { MyDuties } from '../zones/MyDuties';
import { RoleSwitch } from './RoleSwitch';

export function ClerkHome({ canSwitch }: { canSwitch: boolean }) {
  const jobs = useRepairJobs();
  return (
    <main class="page layout-wide" data-testid="home-clerk">
      <h1>{t('home.clerkTitle')}</h1>
      <RegisterNav />
      <HandedToMe />
      <ClockSummary />
      <MyDuties />
      <ExportIcs />
      <div class="two-col">
        <IntakeForm defaultVia="phone" />
        <section>
          <h2>{t('repair.list')}</h2>
          <JobList jobs={jobs} testId="station-jobs" />
        </section>
      </div>
      {canSwitch ? <RoleSwitch current="clerk" /> : null}
    </main>
  );
}
