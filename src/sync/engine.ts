import {
  applyPullPage, closeRun, nextPushBatch, readSyncState, recordPushAnswer, syncSummary, uuidv7,
  type OutboxEntry, type StationDb,
} from '../db';
import { uploadBlobsFor } from './blobs';
import { createRunGuard, defaultLocks, type LockManagerLike } from './lock';
import { createObservable, type Observable } from './observable';
import { MAX_BODY_BYTES, MAX_PUSH_MUTATIONS, PULL_PAGE, PUSH_V1, type DeviceHealth, type PushRequest } from './protocol';
import type { Transport, TransportResult } from './transport';

// The sync routine: push the outbox, then pull. Bundled into the page and the service
// worker alike, so nothing here touches window or the DOM. Nothing is ever dropped for
// age or because of an HTTP error: the outbox only shrinks when the server holds a mid.

export type SyncErrorCode =
  | 'auth.needed' | 'network' | 'server.unavailable' | 'server.error' | 'envelope.rejected'
  | 'push.stalled' | 'device.wiped' | 'sync.busy' | 'storage.failed' | 'blob.rejected';

export type SyncPhase = 'idle' | 'push' | 'pull';

export interface SyncEngineState {
  running: boolean;
  phase: SyncPhase;
  pushed: number;
  toPush: number;
  pulled: number;
  /** Changes not yet acknowledged; null until the outbox has been counted once. */
  pending: number | null;
  lastSyncAt: string | null;
  lastError: SyncErrorCode | null;
  authNeeded: boolean;
  /** Consecutive failed runs; drives the backoff. */
  failures: number;
  /** When the triggers should try again after a failure (ms since epoch), or null. */
  retryAt: number | null;
}

export type SyncOutcome =
  | { ok: true; pushed: number; pulled: number; rejected: number }
  | { ok: false; reason: SyncErrorCode; status?: number };

export interface SyncEngineOptions {
  db: StationDb;
  transport: Transport;
  appVersion: string;
  now?: () => Date;
  /** Web Locks; null forces the database lease (tests, old browsers). Defaults to navigator.locks. */
  locks?: LockManagerLike | null;
  leaseMs?: number;
  holderId?: string;
  onWipe?: () => void | Promise<void>;
  storageEstimate?: () => Promise<{ usage?: number; quota?: number } | null>;
  /** 0..1, for backoff jitter; the simulator passes its seeded generator. */
  random?: () => number;
}

export interface SyncEngine extends Observable<SyncEngineState> {
  runOnce(): Promise<SyncOutcome>;
  /** Re-reads the pending count (after a save) without syncing. */
  refresh(): Promise<void>;
}

const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;
const MAX_PULL_PAGES = 100_000;

export function createSyncEngine(opts: SyncEngineOptions): SyncEngine {
  const { db, transport } = opts;
  const now = opts.now ?? (() => new Date());
  const random = opts.random ?? Math.random;
  const holder = opts.holderId ?? uuidv7();
  const guard = createRunGuard(db, opts.locks === undefined ? defaultLocks() : opts.locks, holder, () => now().getTime(), opts.leaseMs ?? 60_000);
  const store = createObservable<SyncEngineState>({
    running: false, phase: 'idle', pushed: 0, toPush: 0, pulled: 0, pending: null,
    lastSyncAt: null, lastError: null, authNeeded: false, failures: 0, retryAt: null,
  });
  let inflight: Promise<SyncOutcome> | null = null;
  let rerun = false;

  async function health(entries: OutboxEntry[], pending: number, clockOffsetMs: number | null): Promise<DeviceHealth> {
    let est: { usage?: number; quota?: number } | null = null;
    try {
      const nav = (globalThis as { navigator?: { storage?: { estimate?: () => Promise<{ usage?: number; quota?: number }> } } }).navigator;
      est = opts.storageEstimate ? await opts.storageEstimate() : nav?.storage?.estimate ? await nav.storage.estimate() : null;
    } catch {
      est = null;
    }
    return {
      pending,
      // The batch starts at the oldest unacknowledged entry.
      oldestPendingAt: entries[0]?.createdAt ?? null,
      appVersion: opts.appVersion.slice(0, 64),
      storageUsed: est?.usage ?? null,
      storageQuota: est?.quota ?? null,
      clockOffsetMs,
    };
  }

  function failureOf(r: TransportResult<unknown> & { ok: false }): SyncOutcome {
    if (r.status === 401 || r.status === 403) return { ok: false, reason: 'auth.needed', status: r.status };
    if (r.status === 0) return { ok: false, reason: 'network', status: 0 };
    if (r.status === 503 || r.status === 429 || r.status === 502 || r.status === 504) return { ok: false, reason: 'server.unavailable', status: r.status };
    if (r.status === 400 || r.status === 413) return { ok: false, reason: 'envelope.rejected', status: r.status };
    return { ok: false, reason: 'server.error', status: r.status };
  }

  /** `last`: the server asked a revoked device for its last push; it is sent even when empty. */
  async function pushAll(progress: { pushed: number; rejected: number }, keepAlive: () => Promise<void>, last = false): Promise<SyncOutcome | null> {
    for (let round = 0; ; round += 1) {
      const { state, entries, pending } = await nextPushBatch(db, MAX_PUSH_MUTATIONS, MAX_BODY_BYTES - 16 * 1024);
      if (entries.length === 0 && !(last && round === 0)) return null;
      store.set({ toPush: progress.pushed + pending });
      const uploaded = await uploadBlobsFor(db, transport, entries);
      if (uploaded) return uploaded;
      const body: PushRequest = {
        clientId: state.clientId,
        // The full form; the HTTP transport sends it as the compact version 2 (protocol.ts).
        schemaVersion: PUSH_V1,
        device: await health(entries, pending, state.clockOffsetMs),
        mutations: entries.map((e) => ({ mid: e.mid, name: e.name, args: e.args, hlc: e.hlc })),
      };
      const res = await transport.push(body);
      if (!res.ok) return failureOf(res);
      if (res.body.wipe) return { ok: false, reason: 'device.wiped' };
      if (typeof res.body.lastMid !== 'number' || !Array.isArray(res.body.rejections)) return { ok: false, reason: 'server.error', status: res.status };
      const { rejected } = await recordPushAnswer(db, res.body, now());
      progress.rejected += rejected;
      // A server that holds less than we sent (a gap, or it lost data) must not make us loop.
      if (entries.length === 0) return null;
      if (res.body.lastMid < entries[0]!.mid) return { ok: false, reason: 'push.stalled' };
      progress.pushed += entries.filter((e) => e.mid <= res.body.lastMid).length;
      store.set({ pushed: progress.pushed });
      await keepAlive();
    }
  }

  async function pullAll(progress: { pulled: number }, keepAlive: () => Promise<void>): Promise<SyncOutcome | null> {
    const s = await readSyncState(db);
    let cursor = s.cursor;
    let knownOffset = s.clockOffsetMs;
    let resets = 0;
    for (let page = 0; page < MAX_PULL_PAGES; page += 1) {
      const sentAt = now().getTime();
      const res = await transport.pull({ cursor, limit: PULL_PAGE });
      if (!res.ok) return failureOf(res);
      const b = res.body;
      if (b && b.wipe === true) return (await pushAll({ pushed: 0, rejected: 0 }, keepAlive, true)) ?? { ok: false, reason: 'server.error', status: res.status };
      if (!b || !Array.isArray(b.changes) || typeof b.cursor !== 'number' || typeof b.lastMid !== 'number') {
        return { ok: false, reason: 'server.error', status: res.status };
      }
      const heardAt = now().getTime();
      const serverMs = Date.parse(b.serverTime);
      // Half the round trip is the best guess of when the server read its clock.
      const offset = Number.isFinite(serverMs) ? Math.round(serverMs - (sentAt + heardAt) / 2) : knownOffset;
      knownOffset = offset;
      ({ cursor } = await applyPullPage(db, { changes: b.changes, cursor: b.cursor, lastMid: b.lastMid, hasMore: b.hasMore === true, reset: b.reset === true }, { now: now(), clockOffsetMs: offset }));
      progress.pulled += b.changes.length;
      store.set({ pulled: progress.pulled });
      await keepAlive();
      if (b.reset) {
        // One restart from 0 per run; a server that keeps answering reset is broken, not behind.
        if (resets > 0) return { ok: false, reason: 'server.error', status: res.status };
        resets += 1;
        continue;
      }
      if (!b.hasMore) return null;
    }
    return { ok: false, reason: 'server.error' };
  }

  async function finish(out: SyncOutcome): Promise<SyncOutcome> {
    const t = now();
    const failures = out.ok ? 0 : out.reason === 'auth.needed' || out.reason === 'device.wiped' ? store.getState().failures : store.getState().failures + 1;
    const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures, 20)) * (0.5 + random() / 2);
    const retryAt = out.ok || out.reason === 'auth.needed' || out.reason === 'device.wiped' ? null : t.getTime() + backoff;
    let pending = store.getState().pending;
    try {
      const patch = out.ok
        ? { lastSyncAt: t.toISOString(), lastError: null, authNeeded: false }
        : out.reason === 'sync.busy' ? {} : { lastError: out.reason, authNeeded: out.reason === 'auth.needed' };
      pending = (await closeRun(db, patch)).pending;
    } catch {
      // The database may be gone (wiped); the outcome still reaches the caller.
    }
    store.set({
      running: false, phase: 'idle', pending, failures, retryAt: out.ok ? null : retryAt,
      ...(out.ok ? { lastSyncAt: t.toISOString(), lastError: null, authNeeded: false } : out.reason === 'sync.busy' ? {} : { lastError: out.reason, authNeeded: out.reason === 'auth.needed' }),
    });
    return out;
  }

  let userId: string | null = null;

  async function runLocked(): Promise<SyncOutcome> {
    try {
      if (userId === null) userId = (await readSyncState(db)).userId;
    } catch {
      return finish({ ok: false, reason: 'storage.failed' });
    }
    store.set({ running: true, phase: 'push', pushed: 0, pulled: 0 });
    let out: SyncOutcome | null;
    try {
      out = await guard.run(`stationdesk-sync-${userId}`, async (keepAlive) => {
        const progress = { pushed: 0, pulled: 0, rejected: 0 };
        const pushOut = await pushAll(progress, keepAlive);
        if (pushOut) return pushOut;
        store.set({ phase: 'pull' });
        const pullOut = await pullAll(progress, keepAlive);
        if (pullOut) return pullOut;
        return { ok: true as const, pushed: progress.pushed, pulled: progress.pulled, rejected: progress.rejected };
      });
    } catch {
      out = { ok: false, reason: 'storage.failed' };
    }
    if (out === null) return finish({ ok: false, reason: 'sync.busy' });
    if (!out.ok && out.reason === 'device.wiped' && opts.onWipe) {
      await finish(out);
      await opts.onWipe();
      return out;
    }
    return finish(out);
  }

  return {
    getState: store.getState,
    subscribe: store.subscribe,
    runOnce() {
      if (inflight) {
        // A save during a run may have landed after the push phase: go round once more.
        rerun = true;
        return inflight;
      }
      inflight = (async () => {
        let out: SyncOutcome;
        do {
          rerun = false;
          out = await runLocked();
        } while (rerun && out.ok);
        return out;
      })().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    async refresh() {
      const summary = await syncSummary(db);
      store.set({ pending: summary.pending, lastSyncAt: summary.lastSyncAt, authNeeded: summary.authNeeded });
    },
  };
}
