import { createStore } from 'zustand/vanilla';
import { useStore } from './store';

// The screens' view of the sync routine: what waits, what runs, what failed. The routine
// itself (sync/) knows nothing of the UI; it is bound here once a user's database is open.

export interface SyncView {
  /** null until the signed-in user's outbox has been counted: "everything synced" would be a guess. */
  pending: number | null;
  running: boolean;
  pushed: number;
  toPush: number;
  pulled: number;
  lastSyncAt: string | null;
  lastError: string | null;
}

export const syncStore = createStore<SyncView>(() => ({
  pending: null,
  running: false,
  pushed: 0,
  toPush: 0,
  pulled: 0,
  lastSyncAt: null,
  lastError: null,
}));

export interface SyncSource {
  getState(): Partial<SyncView>;
  subscribe(listener: (s: Partial<SyncView>) => void): () => void;
}

export function bindSyncSource(source: SyncSource): () => void {
  syncStore.setState(source.getState());
  return source.subscribe((s) => syncStore.setState(s));
}

export const useSyncView = (): SyncView => useStore(syncStore, (s) => s);
