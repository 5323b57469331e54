import { t } from '../../i18n';
import { RoleSwitch } from './RoleSwitch';

export function ChiefHome({ canSwitch }: { canSwitch: boolean }) {
  return (
    <main class="page layout-wide" data-testid="home-chief">
      <h1>{t('home.chiefTitle')}</h1>
      <p class="empty">{t('home.chiefEmpty')}</p>
      {canSwitch ? <RoleSwitch current="chief" /> : null}
    </main>
  );
}
