import { acquireLease, releaseLease, renewLease, type StationDb } from '../db';

// One sync runner per user at a time, across tabs and the service worker. Web Locks where
// the browser has them; otherwise a lease in the user's database that expires.

export interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable?: boolean; mode?: 'exclusive' | 'shared' }, cb: (lock: unknown) => Promise<T>): Promise<T>;
}

export interface RunGuard {
  /** Runs `fn` holding the lock; null when another runner holds the lease (fallback only). */
  run<T>(name: string, fn: (keepAlive: () => Promise<void>) => Promise<T>): Promise<T | null>;
}

export function defaultLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : null;
}

export function createRunGuard(db: StationDb, locks: LockManagerLike | null, holder: string, nowMs: () => number, leaseMs: number): RunGuard {
  return {
    async run(name, fn) {
      if (locks) {
        // ifAvailable:false waits for the other runner; by then it will have drained our outbox too.
        return locks.request(name, { ifAvailable: false, mode: 'exclusive' }, () => fn(async () => undefined));
      }
      if (!(await acquireLease(db, holder, nowMs(), leaseMs))) return null;
      try {
        return await fn(async () => {
          await renewLease(db, holder, nowMs(), leaseMs);
        });
      } finally {
        await releaseLease(db, holder).catch(() => undefined);
      }
    },
  };
}
