import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { copyAddress, dismissInApp, type InAppBrowser } from '../../state/platform';

const OPEN_STEP = {
  wechat: 'field.inApp.stepOpen.wechat',
  wecom: 'field.inApp.stepOpen.wecom',
  qq: 'field.inApp.stepOpen.qq',
  dingtalk: 'field.inApp.stepOpen.dingtalk',
} as const;

/**
 * Shown instead of the sign-in form (and any other form) inside WeChat, WeCom, QQ or
 * DingTalk: their WebViews drop offline work and cannot install, so the user is sent to
 * the system browser before typing anything that could be lost.
 */
export function InAppBrowserNotice({ app, ios }: { app: InAppBrowser; ios: boolean }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const url = typeof location !== 'undefined' ? location.href : '';
  const openStep = app === 'wechat' && ios ? 'field.inApp.stepOpen.wechatIos' : OPEN_STEP[app];
  return (
    <main class="page page-narrow field-notice" data-testid="in-app-notice" data-app={app}>
      <h1>{t('field.inApp.title')}</h1>
      <p>{t('field.inApp.why', { app: t(`field.inApp.apps.${app}`) })}</p>
      <ol class="field-steps">
        <li>{t('field.inApp.stepMenu')}</li>
        <li>{t(openStep)}</li>
        <li>{t('field.inApp.stepLogin')}</li>
      </ol>
      <p>{t('field.inApp.orCopy')}</p>
      <p class="field-url" data-testid="in-app-url">
        {url}
      </p>
      <div class="field-actions">
        <button
          type="button"
          class="btn btn-primary btn-big"
          data-testid="copy-link"
          onClick={async () => setCopied(await copyAddress(url))}
        >
          {t('field.inApp.copy')}
        </button>
      </div>
      {copied !== null ? (
        <p role="status" class={copied ? 'ok' : 'error'} data-testid="copy-result">
          {copied ? t('field.inApp.copied') : t('field.inApp.copyFailed')}
        </p>
      ) : null}
      <button type="button" class="btn btn-quiet field-continue" data-testid="in-app-continue" onClick={() => dismissInApp()}>
        {t('field.inApp.continue')}
      </button>
    </main>
  );
}
