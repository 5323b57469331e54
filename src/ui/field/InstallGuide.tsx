import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { promptInstall, usePlatform } from '../../state/platform';

/** Android (and other Chromium): the browser's own install prompt behind an Install button. */
function InstallPrompt() {
  return (
    <section class="field-card" data-testid="install-prompt" aria-labelledby="install-title">
      <h2 id="install-title">{t('field.install.title')}</h2>
      <p>{t('field.install.androidBody')}</p>
      <button type="button" class="btn btn-primary" data-testid="install-button" onClick={() => void promptInstall()}>
        {t('field.install.button')}
      </button>
    </section>
  );
}

/** iOS Safari, not started from the Home Screen: the steps, and a warning that stays. */
function IosSteps() {
  const [open, setOpen] = useState(true);
  return (
    <section class="field-card field-ios" data-testid="ios-install" aria-labelledby="ios-install-title">
      <p class="field-warning" role="note" data-testid="ios-7day-warning">
        {t('field.install.iosWarning')}
      </p>
      <h2 id="ios-install-title">{t('field.install.iosTitle')}</h2>
      {open ? (
        <>
          <p>{t('field.install.iosIntro')}</p>
          <ol class="field-steps" data-testid="ios-install-steps">
            <li>
              {t('field.install.iosStepShare')}
              <svg class="field-share-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
                <path d="M12 3v12M7 8l5-5 5 5M5 11v9h14v-9" fill="none" stroke="currentColor" stroke-width="2" />
              </svg>
            </li>
            <li>{t('field.install.iosStepAdd')}</li>
            <li>{t('field.install.iosStepConfirm')}</li>
            <li>{t('field.install.iosStepOpen')}</li>
          </ol>
        </>
      ) : null}
      <button type="button" class="btn" data-testid="ios-install-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('field.install.hide') : t('field.install.show')}
      </button>
    </section>
  );
}

/** Install guidance for the phone at hand; nothing once the app runs from its icon. */
export function InstallGuide() {
  const p = usePlatform();
  if (p.standalone || p.inApp) return null;
  if (p.installed) {
    return (
      <p class="field-card ok" role="status" data-testid="install-done">
        {t('field.install.installed')}
      </p>
    );
  }
  if (p.ios) return p.iosSafari ? <IosSteps /> : null;
  return p.canPrompt ? <InstallPrompt /> : null;
}

/** For settings: how the app runs now, with the install routes where they apply. */
export function InstallStatus() {
  const p = usePlatform();
  return (
    <section data-testid="install-status">
      <h2>{t('field.install.status')}</h2>
      <p>{p.standalone ? t('field.install.standalone') : t('field.install.browser')}</p>
      {!p.standalone && p.canPrompt ? (
        <button type="button" class="btn btn-primary" data-testid="settings-install" onClick={() => void promptInstall()}>
          {t('field.install.button')}
        </button>
      ) : null}
    </section>
  );
}
