/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

// The shell (HTML, JS, CSS, icons, locale chunks) is precached so a cold start works with
// the network off. Data never goes through Workbox: the outbox in IndexedDB carries it.

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

export interface WorkerHooks {
  /** Drains the outbox; resolves when done or when there is nothing to do. */
  sync(): Promise<void>;
}

export function startWorker(hooks: WorkerHooks): void {
  precacheAndRoute(self.__WB_MANIFEST);
  cleanupOutdatedCaches();
  registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

  // The first install takes control of the open page at once, so the very first visit is
  // already offline-capable; later versions wait for the user's go-ahead.
  self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

  self.addEventListener('message', (event) => {
    const data = event.data as { type?: string } | null;
    if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
    if (data?.type === 'SYNC_NOW') event.waitUntil(hooks.sync());
  });

  self.addEventListener('sync', (event) => {
    const e = event as ExtendableEvent & { tag: string };
    if (e.tag === 'stationdesk-sync') e.waitUntil(hooks.sync());
  });
}
