import type { StationDb } from './schema';

// Where Web Locks are missing (older Safari, some WebViews), two tabs or a tab and the
// service worker must still not sync at once: a lease in the database, with an expiry so a
// runner that died (tab closed mid-sync) does not block the others for ever.

export async function acquireLease(db: StationDb, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
  return db.transaction('rw', db.syncState, async () => {
    const s = await db.syncState.get('self');
    if (!s) return false;
    const lease = s.lease ?? null;
    if (lease && lease.holder !== holder && lease.until > nowMs) return false;
    await db.syncState.update('self', { lease: { holder, until: nowMs + ttlMs } });
    return true;
  });
}

export async function renewLease(db: StationDb, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
  return acquireLease(db, holder, nowMs, ttlMs);
}

export async function releaseLease(db: StationDb, holder: string): Promise<void> {
  await db.transaction('rw', db.syncState, async () => {
    const s = await db.syncState.get('self');
    if (s?.lease?.holder === holder) await db.syncState.update('self', { lease: null });
  });
}
