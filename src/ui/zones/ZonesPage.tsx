import { formatDateTime, t } from '../../i18n';
import { currentShift, isOpenDuty } from '../../domain/zones';
import { trustedNow } from '../../state/clocks';
import { useSession } from '../../state/session';
import { navigate } from '../../state/store';
import { useAssignments, useDuties, useZoneSettings, useZones } from '../../state/zones';
import { DutyList } from './DutyList';
import { Rota } from './Rota';
import { ShiftLogPanel } from './ShiftLogPanel';
import { ZoneForm } from './ZoneForm';
import { ZoneSettingsForm } from './ZoneSettingsForm';
import { useEnsureDuties } from './useEnsureDuties';
import './zones.css';

export function ZonesPage() {
  useEnsureDuties();
  const zones = useZones();
  const assignments = useAssignments();
  const duties = useDuties();
  const settings = useZoneSettings();
  const { session } = useSession();
  const chief = session?.role === 'chief' || session?.role === 'admin';
  const shift = currentShift(trustedNow(), settings.shiftTimes);
  const open = duties.filter(isOpenDuty);
  const closed = duties.filter((d) => !isOpenDuty(d)).slice(0, 30);
  return (
    <main class="page layout-wide zones-page" data-testid="zones-page">
      <nav class="register-nav">
        <button type="button" class="btn" data-testid="nav-home" onClick={() => navigate({ name: 'home' })}>{t('nav.home')}</button>
        <button type="button" class="btn" data-testid="nav-handover" onClick={() => navigate({ name: 'handover' })}>{t('handover.nav')}</button>
      </nav>
      <h1>{t('zone.title')}</h1>
      {shift ? (
        <p class="hint" data-testid="current-shift">
          {t('zone.currentShift', { start: formatDateTime(shift.start), end: formatDateTime(shift.end) })}
        </p>
      ) : null}
      <section>
        <h2>{t('zone.openDuties')}</h2>
        <DutyList duties={open} testId="open-duties" />
      </section>
      <section>
        <h2>{t('zone.rota')}</h2>
        <Rota zones={zones} assignments={assignments} duties={duties} chief={chief} />
      </section>
      {chief ? <ZoneForm /> : null}
      <ShiftLogPanel />
      <section>
        <h2>{t('zone.recent')}</h2>
        <DutyList duties={closed} testId="closed-duties" />
      </section>
      {chief ? <ZoneSettingsForm /> : null}
    </main>
  );
}
