import { t } from '../../i18n';
import { isOpenDuty } from '../../domain/zones';
import { useSession } from '../../state/session';
import { navigate } from '../../state/store';
import { useDuties } from '../../state/zones';
import { DutyList } from './DutyList';
import { useEnsureDuties } from './useEnsureDuties';
import './zones.css';

/** On a home: my zone duties of this shift (made when the home opens), and the way in. */
export function MyDuties() {
  useEnsureDuties();
  const { session } = useSession();
  const duties = useDuties().filter((d) => isOpenDuty(d) && d.data.holder === session?.userId);
  return (
    <section class="my-duties" data-testid="my-duties">
      <h2>{t('zone.myDuties')}</h2>
      {duties.length > 0 ? <DutyList duties={duties} testId="my-duty-list" /> : <p class="empty">{t('zone.noMyDuties')}</p>}
      <p class="actions">
        <button type="button" class="btn" data-testid="nav-zones" onClick={() => navigate({ name: 'zones' })}>{t('zone.nav')}</button>
        <button type="button" class="btn" data-testid="nav-handover" onClick={() => navigate({ name: 'handover' })}>{t('handover.nav')}</button>
      </p>
    </section>
  );
}
