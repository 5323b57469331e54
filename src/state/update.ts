import { registerServiceWorker, type ServiceWorkerHandle } from '../sw/register';
import { appStore } from './store';

let handle: ServiceWorkerHandle | null = null;

export function startServiceWorker(): void {
  handle = registerServiceWorker(() => appStore.setState({ updateReady: true }));
}

/** Reloads into the waiting version, unless a form holds unsaved input. */
export function applyUpdate(): boolean {
  if (!handle || appStore.getState().dirtyForms > 0) return false;
  handle.applyUpdate();
  return true;
}
