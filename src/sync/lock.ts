import { acquireLease, readSyncState, releaseLease, renewLease, type StationDb } from '../db';

// One sync runner per user at a time, across tabs and the service worker. Web Locks where
// the browser has them; otherwise a lease in the user's database that expires.
//
// A runner holding the Web Lock also takes the lease, so a runner without Web Locks (an
// older WebView page beside a newer service worker, say) still never syncs beside it.
// Leases taken under the lock are marked: the next lock holder may take one over at once,
// since holding the lock proves the runner that wrote it has ended.

export interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable?: boolean; mode?: 'exclusive' | 'shared' }, cb: (lock: unknown) => Promise<T>): Promise<T>;
}

export interface RunGuard {
  /** Runs `fn` holding the lock; null when another runner holds the lease. */
  run<T>(name: string, fn: (keepAlive: () => Promise<void>) => Promise<T>): Promise<T | null>;
}

const LOCKED = 'lock:';

export function defaultLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : null;
}

/** Takes the lease; under the Web Lock, a lease another lock holder left behind is taken over. */
async function takeLease(db: StationDb, holder: string, nowMs: () => number, leaseMs: number): Promise<boolean> {
  if (await acquireLease(db, holder, nowMs(), leaseMs)) return true;
  if (!holder.startsWith(LOCKED)) return false;
  const other = (await readSyncState(db).catch(() => null))?.lease?.holder;
  if (!other || !other.startsWith(LOCKED)) return false;
  await releaseLease(db, other);
  return acquireLease(db, holder, nowMs(), leaseMs);
}

async function withLease<T>(db: StationDb, holder: string, nowMs: () => number, leaseMs: number, fn: (keepAlive: () => Promise<void>) => Promise<T>): Promise<T | null> {
  if (!(await takeLease(db, holder, nowMs, leaseMs))) return null;
  try {
    return await fn(async () => {
      await renewLease(db, holder, nowMs(), leaseMs);
    });
  } finally {
    await releaseLease(db, holder).catch(() => undefined);
  }
}

export function createRunGuard(db: StationDb, locks: LockManagerLike | null, holder: string, nowMs: () => number, leaseMs: number): RunGuard {
  return {
    async run(name, fn) {
      if (locks) {
        // ifAvailable:false waits for the other runner; by then it will have drained our outbox too.
        return locks.request(name, { ifAvailable: false, mode: 'exclusive' }, () => withLease(db, LOCKED + holder, nowMs, leaseMs, fn));
      }
      return withLease(db, holder, nowMs, leaseMs, fn);
    },
  };
}
