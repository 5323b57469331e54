import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLease, readSyncState, save, uuidv7 } from '../../../src/db';
import type { MutationBody } from '../../../src/domain/mutations';
import { createSyncEngine, type LockManagerLike } from '../../../src/sync';
import { FakeServer } from '../sync/fake-server';
import { device, T0 } from '../sync/helpers';

// Older Safari and vendor browsers lack Web Locks, BroadcastChannel and structuredClone.
// The app keeps saving and syncing there, one runner at a time, on fallbacks of its own.

const job = (id: string, fields: Record<string, unknown>): MutationBody => ({ name: 'record.upsert', args: { type: 'repairJob', id, fields, base: {} } });

/** A Web Locks stand-in that queues requests one after another, as the browser does. */
function queueLocks(): LockManagerLike {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    request(_name, _o, cb) {
      const run = tail.then(() => cb({}));
      tail = run.catch(() => undefined);
      return run;
    },
  };
}

describe('sync without Web Locks', () => {
  it('two runners without Web Locks at once (two tabs on an old phone): one syncs, the other stands aside, the job reaches the server once', async () => {
    const server = new FakeServer();
    const a = await device(server);
    const id = uuidv7();
    await save(a.db, [job(id, { address: '前进村' })], { author: 'u1', now: T0 });
    const other = createSyncEngine({ db: a.db, transport: a.transport, appVersion: 't', locks: null, now: () => T0, random: () => 0.5 });
    const outs = await Promise.all([a.engine.runOnce(), other.runOnce()]);
    expect(outs.filter((o) => o.ok)).toHaveLength(1);
    expect(outs.filter((o) => !o.ok && o.reason === 'sync.busy')).toHaveLength(1);
    expect(a.transport.calls.filter((c) => c === 'push')).toHaveLength(1);
    expect(server.records.size).toBe(1);
    expect(await a.db.outbox.count()).toBe(0);
    expect((await readSyncState(a.db)).lease).toBeNull();
  });

  it('a runner with Web Locks stands aside while one without them (an old WebView page) holds the lease', async () => {
    const server = new FakeServer();
    const a = await device(server);
    await save(a.db, [job(uuidv7(), { address: 'x' })], { author: 'u1', now: T0 });
    const withLocks = createSyncEngine({ db: a.db, transport: a.transport, appVersion: 't', locks: queueLocks(), now: () => T0, random: () => 0.5 });
    expect(await acquireLease(a.db, 'page-without-locks', T0.getTime(), 60_000)).toBe(true);
    expect(await withLocks.runOnce()).toEqual({ ok: false, reason: 'sync.busy' });
    expect(a.transport.calls).toEqual([]);
    // The lease-only runner is done: now the lock holder syncs, and leaves no lease behind.
    const { releaseLease } = await import('../../../src/db');
    await releaseLease(a.db, 'page-without-locks');
    expect(await withLocks.runOnce()).toMatchObject({ ok: true, pushed: 1 });
    expect((await readSyncState(a.db)).lease).toBeNull();
  });

  it('a runner without Web Locks waits for the lease a lock holder took, so the two never overlap', async () => {
    const server = new FakeServer();
    const a = await device(server);
    await save(a.db, [job(uuidv7(), { address: 'x' })], { author: 'u1', now: T0 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowPush: typeof a.transport.push = async (b) => {
      await gate;
      return a.transport.push(b);
    };
    const withLocks = createSyncEngine({ db: a.db, transport: { ...a.transport, push: slowPush, pull: a.transport.pull.bind(a.transport) }, appVersion: 't', locks: queueLocks(), now: () => T0, random: () => 0.5 });
    const first = withLocks.runOnce();
    // Wait until the lock holder has taken the lease and is pushing.
    for (let i = 0; i < 50 && !(await readSyncState(a.db)).lease; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await readSyncState(a.db)).lease?.holder).toMatch(/^lock:/);
    expect(await a.engine.runOnce()).toEqual({ ok: false, reason: 'sync.busy' });
    release();
    expect(await first).toMatchObject({ ok: true, pushed: 1 });
    expect(server.records.size).toBe(1);
  });

  it('a lease left by a lock holder that died is taken over at once by the next lock holder', async () => {
    const server = new FakeServer();
    const a = await device(server);
    await save(a.db, [job(uuidv7(), { address: 'x' })], { author: 'u1', now: T0 });
    expect(await acquireLease(a.db, 'lock:closed-tab', T0.getTime(), 60_000)).toBe(true);
    const withLocks = createSyncEngine({ db: a.db, transport: a.transport, appVersion: 't', locks: queueLocks(), now: () => T0, random: () => 0.5 });
    expect(await withLocks.runOnce()).toMatchObject({ ok: true, pushed: 1 });
    expect((await readSyncState(a.db)).lease).toBeNull();
  });
});

// The audit: Web Locks, BroadcastChannel and structuredClone are optional everywhere in src/.
const SRC = path.resolve(import.meta.dirname, '../../../src');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

describe('optional browser features', () => {
  it('src/ reaches Web Locks only through sync/lock.ts (which falls back to the lease), and never needs BroadcastChannel or structuredClone', () => {
    const found: string[] = [];
    for (const f of files(SRC)) {
      const rel = path.relative(SRC, f);
      if (rel.startsWith(`server${path.sep}`)) continue; // Node, not a phone
      // Code only: comments may name the APIs.
      const text = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
      if (/\bnavigator\s*\??\.\s*locks\b|\.locks\s*\??\.\s*request\b/.test(text) && rel !== path.join('sync', 'lock.ts')) found.push(`${rel}: Web Locks`);
      if (/\bnew\s+BroadcastChannel\b/.test(text) && !/typeof BroadcastChannel/.test(text)) found.push(`${rel}: BroadcastChannel`);
      if (/\bstructuredClone\s*\(/.test(text) && !/typeof structuredClone/.test(text)) found.push(`${rel}: structuredClone`);
    }
    expect(found).toEqual([]);
  });
});
