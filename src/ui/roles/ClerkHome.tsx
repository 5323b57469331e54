import { t } from '../../i18n';
import { RoleSwitch } from './RoleSwitch';

export function ClerkHome() {
  return (
    <main class="page layout-wide" data-testid="home-clerk">
      <h1>{t('home.clerkTitle')}</h1>
      <p class="empty">{t('home.clerkEmpty')}</p>
      <RoleSwitch current="clerk" />
    </main>
  );
}
