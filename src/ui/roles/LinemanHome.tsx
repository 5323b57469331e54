import { t } from '../../i18n';
import { RoleSwitch } from './RoleSwitch';

export function LinemanHome({ canSwitch }: { canSwitch: boolean }) {
  return (
    <main class="page layout-phone" data-testid="home-lineman">
      <h1>{t('home.linemanTitle')}</h1>
      <p class="empty">{t('home.linemanEmpty')}</p>
      {canSwitch ? <RoleSwitch current="lineman" /> : null}
    </main>
  );
}
