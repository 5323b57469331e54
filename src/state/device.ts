import { live, save, syncSummary, type StationDb } from '../db';
import type { MutationBody } from '../domain/mutations';
import { installPageTriggers, notifySaved } from '../sync';
import { openDevice, type OpenedDevice } from '../sync/device';
import { sessionStore } from './session';
import { syncStore } from './sync-view';
import { useEffect, useState } from 'preact/hooks';

// The signed-in user's database and sync engine, for the screens. Opened when a session
// starts, closed when it ends; screens never see Dexie, only these functions.

let current: (OpenedDevice & { stop: () => void }) | null = null;
const listeners = new Set<() => void>();

export function currentDevice(): OpenedDevice | null {
  return current;
}

async function start(): Promise<void> {
  const { session } = sessionStore.getState();
  if (current && session && current.session.userId === session.userId) return;
  stop();
  if (!session) return;
  const opened = await openDevice(session, {
    appVersion: __APP_VERSION__,
    onWiped: () => sessionStore.setState({ status: 'signedOut', session: null, wiped: true }),
  });
  const unbind = opened.engine.subscribe((s) =>
    syncStore.setState({ pending: s.pending, running: s.running, pushed: s.pushed, toPush: s.toPush, pulled: s.pulled, lastSyncAt: s.lastSyncAt, lastError: s.lastError }),
  );
  const registration = async () => {
    const reg = typeof navigator !== 'undefined' && navigator.serviceWorker ? await navigator.serviceWorker.getRegistration() : undefined;
    return (reg as { sync?: { register(tag: string): Promise<void> } } | undefined) ?? null;
  };
  const untrigger = installPageTriggers(opened.engine, { registration });
  // The service worker's Background Sync, or another tab, may drain the outbox while this
  // page's own engine is idle (or was told "busy"): follow the database, not only our runs,
  // so the count on screen never says changes are waiting once they have gone.
  const unwatch = live(() => syncSummary(opened.db)).subscribe(() => void opened.engine.refresh());
  current = {
    ...opened,
    stop: () => {
      untrigger();
      unwatch();
      unbind();
      opened.db.close();
    },
  };
  await opened.engine.refresh();
  for (const l of listeners) l();
}

function stop(): void {
  current?.stop();
  current = null;
  syncStore.setState({ pending: null, running: false, pushed: 0, toPush: 0, pulled: 0, lastSyncAt: null, lastError: null });
  for (const l of listeners) l();
}

/** Follows the session: opens the user's device when someone signs in, closes it on sign-out. */
export function installDeviceBinding(): () => void {
  void start();
  return sessionStore.subscribe((s, prev) => {
    if (s.session?.userId !== prev.session?.userId) void start();
  });
}

export type SaveOutcome = { ok: true; ids: string[] } | { ok: false; code: string; field?: string };

/** One save = one transaction (rows + outbox), then the sync runs about a second later. */
export async function saveChanges(mutations: MutationBody[], now = new Date()): Promise<SaveOutcome> {
  const dev = current;
  if (!dev) return { ok: false, code: 'session.none' };
  const r = await save(dev.db, mutations, { author: dev.session.userId, now, station: dev.session.station });
  if (!r.ok) return { ok: false, code: r.reason.code, field: r.reason.field };
  void dev.engine.refresh();
  notifySaved();
  return { ok: true, ids: r.ids };
}

export function syncNow(): void {
  void current?.engine.runOnce();
}

/** A live query on the user's database; re-renders on any write, in any tab. */
export function useLive<T>(query: (db: StationDb) => Promise<T>, deps: unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  const [, setGen] = useState(0);
  useEffect(() => {
    const l = () => setGen((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  const db = current?.db;
  useEffect(() => {
    if (!db) return;
    return live(() => query(db)).subscribe((v) => setValue(() => v));
  }, [db, ...deps]);
  return value;
}
