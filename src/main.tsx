import { render } from 'preact';
import { initI18n } from './i18n';
import { installClockScheduler } from './state/clocks';
import { installDeviceBinding } from './state/device';
import { installPlatformListeners } from './state/platform';
import { restoreSession } from './state/session';
import { installBrowserListeners } from './state/store';
import { refreshStorage, requestPersistence } from './state/storage';
import { applyStoredTheme } from './state/theme';
import { startServiceWorker } from './state/update';
import { App, preloadScreens } from './ui/App';
import './ui/styles.css';
import './ui/field.css';

async function boot() {
  // Before the first paint: the remembered sunlight theme, and the install prompt if it comes early.
  applyStoredTheme();
  installPlatformListeners();
  installBrowserListeners();
  // The language and the saved session do not depend on each other: read both at once.
  await Promise.all([initI18n(), restoreSession()]);
  // Service workers, Web Locks and WebCrypto exist only in a secure context.
  const secure = globalThis.isSecureContext !== false;
  installDeviceBinding();
  installClockScheduler();
  render(<App secure={secure} />, document.getElementById('app')!);
  if (!secure) return;
  startServiceWorker();
  setTimeout(preloadScreens, 1_500);
  const asked = localStorage.getItem('stationdesk.persistAsked');
  if (!asked) {
    localStorage.setItem('stationdesk.persistAsked', '1');
    void requestPersistence();
  } else void refreshStorage();
}

void boot();
