import { t } from '../../i18n';
import { RoleSwitch } from './RoleSwitch';

export function ClerkHome({ canSwitch }: { canSwitch: boolean }) {
  return (
    <main class="page layout-wide" data-testid="home-clerk">
      <h1>{t('home.clerkTitle')}</h1>
      <p class="empty">{t('home.clerkEmpty')}</p>
      {canSwitch ? <RoleSwitch current="clerk" /> : null}
    </main>
  );
}
