import { StationDb, type SyncStateRow } from './schema';
import { uuidv7 } from './ids';

// One database per signed-in user, so a shared counter tablet never holds on disk what
// the person in front of it may not see, and each user has an own client id and outbox.

export function userDbName(userId: string): string {
  return `stationdesk-u-${userId}`;
}

export interface OpenOptions {
  /** Station code from the login, used for rows this device creates before its first pull. */
  station?: string;
  /** Given by the server at login when this device was enrolled before; otherwise made here. */
  clientId?: string;
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** Overrides the database name (the simulator runs several devices for one user). */
  name?: string;
}

export async function openUserDb(userId: string, opts: OpenOptions = {}): Promise<StationDb> {
  const factory = opts.indexedDB ? { indexedDB: opts.indexedDB, IDBKeyRange: opts.IDBKeyRange ?? globalThis.IDBKeyRange } : undefined;
  const db = new StationDb(opts.name ?? userDbName(userId), factory);
  await db.open();
  await db.transaction('rw', db.syncState, async () => {
    const s = await db.syncState.get('self');
    if (!s) {
      const fresh: SyncStateRow = {
        id: 'self',
        clientId: opts.clientId ?? uuidv7(),
        userId,
        station: opts.station ?? '',
        nextMid: 1,
        ackedMid: 0,
        cursor: 0,
        lastHlc: null,
        lastSyncAt: null,
        lastError: null,
        clockOffsetMs: null,
        authNeeded: false,
        lease: null,
      };
      await db.syncState.put(fresh);
    } else if (opts.station && s.station !== opts.station) {
      await db.syncState.update('self', { station: opts.station });
    }
  });
  if (opts.clientId) await rebindClient(db, opts.clientId);
  return db;
}

/**
 * The server gave this user a different client id than the one the database was made
 * with (the old device record was revoked, or a login did not name it). The outbox must
 * not be lost, so every entry is numbered again from 1 for the new client and pushed
 * again; entries the server already applied under the old id apply again as no-ops,
 * because the merge rules skip a write whose stamp they already hold.
 */
export async function rebindClient(db: StationDb, clientId: string): Promise<boolean> {
  return db.transaction('rw', db.syncState, db.outbox, async () => {
    const s = await db.syncState.get('self');
    if (!s || s.clientId === clientId) return false;
    const entries = await db.outbox.orderBy('mid').toArray();
    await db.outbox.clear();
    const renumbered = entries.map((e, i) => {
      const { seq: _seq, ...rest } = e;
      return { ...rest, mid: i + 1 };
    });
    if (renumbered.length) await db.outbox.bulkAdd(renumbered);
    await db.syncState.update('self', { clientId, nextMid: renumbered.length + 1, ackedMid: 0 });
    return true;
  });
}

/** Wipe: the device was revoked or the user chose to remove their data from this device. */
export async function deleteUserDb(userId: string, opts: Pick<OpenOptions, 'indexedDB' | 'IDBKeyRange' | 'name'> = {}): Promise<void> {
  const name = opts.name ?? userDbName(userId);
  const factory = opts.indexedDB ?? globalThis.indexedDB;
  await new Promise<void>((resolve, reject) => {
    const req = factory.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    // A tab still holding the database open delays this until it closes; Dexie closes on versionchange.
    req.onblocked = () => undefined;
  });
}

export async function readSyncState(db: StationDb): Promise<SyncStateRow> {
  const s = await db.syncState.get('self');
  if (!s) throw new Error('syncState.missing');
  // Rows written by an older build may lack later fields; fill them rather than trust the disk.
  return { ...s, ackedMid: s.ackedMid ?? 0, authNeeded: s.authNeeded === true, lease: s.lease ?? null, clockOffsetMs: s.clockOffsetMs ?? null };
}
