import { createStore } from 'zustand/vanilla';
import { useStore } from './store';

export interface StorageView {
  supported: boolean;
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

export const storageStore = createStore<StorageView>(() => ({ supported: false, persisted: null, usage: null, quota: null }));

export async function refreshStorage(): Promise<void> {
  const sm = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!sm?.estimate) {
    storageStore.setState({ supported: false });
    return;
  }
  const [persisted, est] = await Promise.all([sm.persisted?.() ?? Promise.resolve(null), sm.estimate()]);
  storageStore.setState({ supported: true, persisted, usage: est.usage ?? null, quota: est.quota ?? null });
}

/** Asked once at first start, and again from settings: without it the browser may evict unsynced work. */
export async function requestPersistence(): Promise<void> {
  try {
    await navigator.storage?.persist?.();
  } catch {
    // Some browsers reject outright; the settings screen shows the result either way.
  }
  await refreshStorage();
}

export const useStorageView = (): StorageView => useStore(storageStore, (s) => s);
