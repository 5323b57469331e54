import { openUserDb, type StationDb } from '../db';
import { activeSession, listSessions, removeSession, updateSession, type DeviceSession } from '../db/registry';
import { deleteUserDb } from '../db';
import { createSyncEngine, type SyncEngine } from './engine';
import type { LoginResponse } from './protocol';
import { httpTransport, withDeadline } from './transport';

// Glue shared by the page and the service worker: open the signed-in user's database and
// build their sync engine with a token that refreshes itself.

const REFRESH_MARGIN_MS = 2 * 60_000;
const REFRESH_TIMEOUT_MS = 30_000;

/** The access token, refreshed (and rotated in the registry) when it is about to lapse. */
export function tokenSource(userId: string, base: string, now: () => Date = () => new Date()): () => Promise<string | null> {
  let refreshing: Promise<void> | null = null;
  async function refresh(s: DeviceSession) {
    // Asked inside the sync run, which holds the user's lock: a stalled answer must not hold it.
    try {
      const r = await withDeadline(REFRESH_TIMEOUT_MS, async (signal) => {
        const res = await fetch(`${base}/api/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: s.refreshToken }),
          cache: 'no-store',
          signal,
        });
        return res.ok ? ((await res.json()) as LoginResponse) : null;
      });
      if (r) await updateSession(userId, { accessToken: r.accessToken, refreshToken: r.refreshToken, expiresAt: r.expiresAt });
    } catch {
      // Offline or stalled: the push will fail on its own and the outbox waits.
    }
  }
  return async () => {
    const all = await listSessions();
    let s = all.find((x) => x.userId === userId);
    if (!s) return null;
    if (Date.parse(s.expiresAt) - now().getTime() < REFRESH_MARGIN_MS) {
      refreshing ??= refresh(s).finally(() => (refreshing = null));
      await refreshing;
      s = (await listSessions()).find((x) => x.userId === userId) ?? s;
    }
    return s.accessToken;
  };
}

export interface OpenedDevice {
  session: DeviceSession;
  db: StationDb;
  engine: SyncEngine;
}

export interface OpenDeviceOptions {
  base?: string;
  appVersion: string;
  now?: () => Date;
  /** Called after a revoked device pushed its last changes and wiped itself. */
  onWiped?: () => void;
}

export async function openDevice(session: DeviceSession, opts: OpenDeviceOptions): Promise<OpenedDevice> {
  const base = opts.base ?? '';
  const db = await openUserDb(session.userId, { station: session.station, clientId: session.clientId });
  const engine = createSyncEngine({
    db,
    transport: httpTransport(base, tokenSource(session.userId, base, opts.now)),
    appVersion: opts.appVersion,
    now: opts.now,
    storageEstimate: async () => (typeof navigator !== 'undefined' && navigator.storage?.estimate ? navigator.storage.estimate() : null),
    onWipe: async () => {
      db.close();
      await deleteUserDb(session.userId);
      await removeSession(session.userId);
      opts.onWiped?.();
    },
  });
  return { session, db, engine };
}

/** The service worker's 'sync' event: drain the active user's outbox, if anyone is signed in. */
export async function syncActiveDevice(appVersion: string): Promise<void> {
  const session = await activeSession();
  if (!session) return;
  const { db, engine } = await openDevice(session, { appVersion });
  try {
    await engine.runOnce();
  } finally {
    db.close();
  }
}
