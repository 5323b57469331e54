import { Workbox } from 'workbox-window';

// workbox-window lives behind this module. The page registers the worker and learns when a
// new version waits; applying it is always the user's choice (registerType: 'prompt').

export interface ServiceWorkerHandle {
  applyUpdate(): void;
}

export function registerServiceWorker(onUpdateReady: () => void): ServiceWorkerHandle | null {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || !globalThis.isSecureContext) return null;
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => onUpdateReady());
  void wb.register();
  return {
    applyUpdate() {
      wb.addEventListener('controlling', () => location.reload());
      wb.messageSkipWaiting();
    },
  };
}

/** Ask the browser to wake the worker for a sync when connectivity returns (Chromium only). */
export async function requestBackgroundSync(tag = 'stationdesk-sync'): Promise<boolean> {
  try {
    const reg = await navigator.serviceWorker?.ready;
    const sync = (reg as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } } | undefined)?.sync;
    if (!sync) return false;
    await sync.register(tag);
    return true;
  } catch {
    return false;
  }
}
