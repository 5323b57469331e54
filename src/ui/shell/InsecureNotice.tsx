import { t } from '../../i18n';

/** Shown instead of the app on plain http away from localhost, where offline work cannot run. */
export function InsecureNotice() {
  return (
    <main class="insecure" data-testid="insecure-notice">
      <h1>{t('insecure.title')}</h1>
      <p>{t('insecure.body', { origin: location.origin })}</p>
      <p>{t('insecure.todo')}</p>
    </main>
  );
}
