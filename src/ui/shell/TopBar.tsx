import { t } from '../../i18n';
import { navigate, useApp } from '../../state/store';
import { LanguageSelect } from './LanguageSelect';
import { SyncBadge } from './SyncBadge';
import { UserMenu } from './UserMenu';

export function TopBar() {
  const online = useApp((s) => s.online);
  return (
    <header class="topbar">
      <a
        class="brand"
        href="/"
        onClick={(e) => {
          e.preventDefault();
          navigate({ name: 'home' });
        }}
      >
        {t('app.name')}
      </a>
      <div class="topbar-status">
        <span class={`net ${online ? 'net-on' : 'net-off'}`} role="status" data-testid="net-status" title={online ? t('net.online') : t('net.offlineHint')}>
          <span class="dot" aria-hidden="true" />
          {online ? t('net.online') : t('net.offline')}
        </span>
        <SyncBadge />
      </div>
      <nav class="topbar-nav" aria-label={t('nav.main')}>
        <LanguageSelect />
        <UserMenu />
        <a
          class="btn btn-quiet"
          href="/settings"
          onClick={(e) => {
            e.preventDefault();
            navigate({ name: 'settings' });
          }}
        >
          {t('nav.settings')}
        </a>
      </nav>
    </header>
  );
}
