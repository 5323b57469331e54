import { useEffect } from 'preact/hooks';
import { formatBytes, t } from '../i18n';
import { refreshStorage, requestPersistence, useStorageView } from '../state/storage';
import { NotificationToggle } from './clocks';
import { HighContrastToggle, InstallStatus } from './field';
import { AccessSettings } from './access/AccessSettings';
import { LanguageSelect } from './shell/LanguageSelect';

export function Settings() {
  const storage = useStorageView();
  useEffect(() => {
    void refreshStorage();
  }, []);
  return (
    <main class="page page-narrow" data-testid="settings">
      <h1>{t('settings.title')}</h1>
      <section>
        <h2>{t('settings.language')}</h2>
        <LanguageSelect />
      </section>
      <section>
        <NotificationToggle />
      </section>
      <HighContrastToggle />
      <InstallStatus />
      <section data-testid="storage-status">
        <h2>{t('settings.storage')}</h2>
        {!storage.supported ? (
          <p>{t('settings.unknown')}</p>
        ) : (
          <>
            <p data-testid="persist-state">{storage.persisted ? t('settings.persisted') : t('settings.notPersisted')}</p>
            {storage.usage !== null && storage.quota !== null ? (
              <p data-testid="storage-usage">{t('settings.usage', { used: formatBytes(storage.usage), quota: formatBytes(storage.quota) })}</p>
            ) : null}
            {!storage.persisted ? (
              <button type="button" class="btn" onClick={() => void requestPersistence()}>
                {t('settings.requestPersist')}
              </button>
            ) : null}
          </>
        )}
      </section>
      <AccessSettings />
      <p class="hint">{t('app.version', { version: __APP_VERSION__ })}</p>
    </main>
  );
}
