import { t } from '../../i18n';
import { useRepairJobs } from '../../state/repair';
import { ClockSummary, DisasterPeriodControl, ExportIcs } from '../clocks';
import { JobList } from '../repair/JobList';
import { RegisterNav } from '../appeals/RegisterNav';
import { HandedToMe } from '../handover/HandedToMe';
import { MyDuties } from '../zones/MyDuties';
import { Chart30 } from '../chief/Chart30';
import { DeskOverview } from '../chief/DeskOverview';
import { EndOfDay } from '../chief/EndOfDay';
import { navigate } from '../../state/store';
import { RoleSwitch } from './RoleSwitch';

export function ChiefHome({ canSwitch }: { canSwitch: boolean }) {
  const jobs = useRepairJobs();
  return (
    <main class="page layout-wide" data-testid="home-chief">
      <h1>{t('home.chiefTitle')}</h1>
      <RegisterNav />
      <nav class="form-row desk-nav" aria-label={t('chief.overview')}>
        <button type="button" class="btn" data-testid="open-report" onClick={() => navigate({ name: 'report' })}>
          {t('report.open')}
        </button>
        <button type="button" class="btn" data-testid="open-ledger" onClick={() => navigate({ name: 'ledger' })}>
          {t('chief.ledger')}
        </button>
        <button type="button" class="btn" data-testid="open-station-settings" onClick={() => navigate({ name: 'station' })}>
          {t('station.open')}
        </button>
      </nav>
      <HandedToMe />
      <ClockSummary />
      <DeskOverview />
      <EndOfDay />
      <Chart30 />
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
