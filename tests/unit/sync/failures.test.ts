import { describe, expect, it } from 'vitest';
import { acquireLease, oldestPending, pendingCount, putBlob, readSyncState, save, uuidv7 } from '../../../src/db';
import type { MutationBody } from '../../../src/domain/mutations';
import { createSyncEngine, type LockManagerLike } from '../../../src/sync';
import { FakeServer } from './fake-server';
import { device, T0 } from './helpers';

const job = (id: string, fields: Record<string, unknown>): MutationBody => ({ name: 'record.upsert', args: { type: 'repairJob', id, fields, base: {} } });
const DAY = 86_400_000;

describe('sync engine: failures keep everything', () => {
  it('401 moves to an auth-needed state and keeps the outbox', async () => {
    const server = new FakeServer();
    const a = await device(server);
    await save(a.db, [job(uuidv7(), { address: 'x' })], { author: 'u1', now: T0 });
    a.transport.fail = 401;
    expect(await a.engine.runOnce()).toEqual({ ok: false, reason: 'auth.needed', status: 401 });
    expect(a.engine.getState()).toMatchObject({ authNeeded: true, lastError: 'auth.needed', retryAt: null, pending: 1 });
    expect((await readSyncState(a.db)).authNeeded).toBe(true);
    expect(await a.db.outbox.count()).toBe(1);
    expect(server.records.size).toBe(0);
    a.transport.fail = null;
    expect(await a.engine.runOnce()).toMatchObject({ ok: true, pushed: 1 });
    expect(a.engine.getState().authNeeded).toBe(false);
  });

  it('503 and a dead network back off with growing delays and drop nothing', async () => {
    const server = new FakeServer();
    const a = await device(server);
    await save(a.db, [job(uuidv7(), { address: 'x' })], { author: 'u1', now: T0 });
    a.transport.fail = 503;
    expect(await a.engine.runOnce()).toMatchObject({ ok: false, reason: 'server.unavailable' });
    const first = a.engine.getState().retryAt! - T0.getTime();
    a.transport.fail = 0;
    expect(await a.engine.runOnce()).toMatchObject({ ok: false, reason: 'network' });
    const second = a.engine.getState().retryAt! - T0.getTime();
    expect(second).toBeGreaterThan(first);
    expect(a.engine.getState().failures).toBe(2);
    expect(await pendingCount(a.db)).toBe(1);
  });

  it('400 on an envelope is recorded as an error and the outbox stays', async () => {
    const server = new FakeServer();
    const a = await device(server);
    await save(a.db, [job(uuidv7(), { address: 'x' })], { author: 'u1', now: T0 });
    a.transport.fail = 413;
    expect(await a.engine.runOnce()).toMatchObject({ ok: false, reason: 'envelope.rejected', status: 413 });
    expect((await readSyncState(a.db)).lastError).toBe('envelope.rejected');
    expect(await a.db.outbox.count()).toBe(1);
  });

  it('nothing expires: 14 days of failed attempts, then every mutation reaches the server', async () => {
    const server = new FakeServer();
    const a = await device(server);
    const ids: string[] = [];
    a.transport.fail = 0;
    for (let day = 0; day < 14; day += 1) {
      a.clock.now = new Date(T0.getTime() + day * DAY);
      const id = uuidv7();
      ids.push(id);
      await save(a.db, [job(id, { address: `第${day}天` })], { author: 'u1', now: a.clock.now });
      a.transport.fail = day % 3 === 0 ? 503 : day % 3 === 1 ? 0 : 401;
      expect((await a.engine.runOnce()).ok).toBe(false);
    }
    a.clock.now = new Date(T0.getTime() + 14 * DAY + 1);
    expect(await pendingCount(a.db)).toBe(14);
    expect(await oldestPending(a.db)).toBe(T0.toISOString());
    a.transport.fail = null;
    expect(await a.engine.runOnce()).toMatchObject({ ok: true, pushed: 14 });
    expect([...server.records.values()].map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('a wipe answer calls onWipe and stops before pulling', async () => {
    const server = new FakeServer();
    let wiped = 0;
    const a = await device(server, { onWipe: () => { wiped += 1; } });
    await save(a.db, [job(uuidv7(), { address: 'x' })], { author: 'u1', now: T0 });
    a.transport.push = async () => ({ ok: true, status: 200, body: { lastMid: 1, rejections: [], wipe: true } });
    expect(await a.engine.runOnce()).toEqual({ ok: false, reason: 'device.wiped' });
    expect(wiped).toBe(1);
    expect(a.transport.calls).not.toContain('pull');
  });
});

describe('sync engine: one runner at a time', () => {
  it('without Web Locks, a live lease held by another runner makes this one stand aside until it expires', async () => {
    const server = new FakeServer();
    const a = await device(server);
    await save(a.db, [job(uuidv7(), { address: 'x' })], { author: 'u1', now: T0 });
    expect(await acquireLease(a.db, 'service-worker', T0.getTime(), 60_000)).toBe(true);
    expect(await a.engine.runOnce()).toEqual({ ok: false, reason: 'sync.busy' });
    expect(a.transport.calls).toEqual([]);
    a.clock.now = new Date(T0.getTime() + 61_000);
    expect(await a.engine.runOnce()).toMatchObject({ ok: true, pushed: 1 });
    expect((await readSyncState(a.db)).lease).toBeNull();
  });

  it('with Web Locks, runs inside the per-user lock so two engines never interleave', async () => {
    const server = new FakeServer();
    const a = await device(server);
    const names: string[] = [];
    let tail: Promise<unknown> = Promise.resolve();
    const locks: LockManagerLike = {
      request(name, _o, cb) {
        names.push(name);
        const run = tail.then(() => cb({}));
        tail = run.catch(() => undefined);
        return run;
      },
    };
    const events: string[] = [];
    const wrap = (tag: string) => ({
      push: async (b: Parameters<typeof a.transport.push>[0]) => { events.push(`${tag}>push`); const r = await a.transport.push(b); events.push(`${tag}<push`); return r; },
      pull: async (b: Parameters<typeof a.transport.pull>[0]) => { events.push(`${tag}>pull`); const r = await a.transport.pull(b); events.push(`${tag}<pull`); return r; },
    });
    const e1 = createSyncEngine({ db: a.db, transport: wrap('1'), appVersion: 't', locks, now: () => T0 });
    const e2 = createSyncEngine({ db: a.db, transport: wrap('2'), appVersion: 't', locks, now: () => T0 });
    await save(a.db, [job(uuidv7(), { address: 'x' })], { author: 'u1', now: T0 });
    await Promise.all([e1.runOnce(), e2.runOnce()]);
    expect(names).toEqual(['stationdesk-sync-u1', 'stationdesk-sync-u1']);
    expect(events).toEqual(['1>push', '1<push', '1>pull', '1<pull', '2>pull', '2<pull']);
  });

  it('uploads a photo before the mutation that names it, once', async () => {
    const server = new FakeServer();
    const a = await device(server);
    const jobId = uuidv7();
    const sha = await putBlob(a.db, new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }), { now: T0 });
    await save(a.db, [job(jobId, { address: 'x' }), { name: 'child.add', args: { type: 'photo', id: uuidv7(), parentType: 'repairJob', parentId: jobId, fields: { sha256: sha, bytes: 3 } } }], { author: 'u1', now: T0 });
    expect(await a.engine.runOnce()).toMatchObject({ ok: true, pushed: 2 });
    expect(a.transport.calls).toEqual([`blob:${sha.slice(0, 8)}`, 'push', 'pull']);
    expect(server.blobs.has(sha)).toBe(true);
    expect((await a.db.blobs.get(sha))!.uploaded).toBe(1);
  });
});

describe('a new client id from the server', () => {
  it('renumbers the outbox for the new client and pushes it all, with nothing applied twice', async () => {
    const server = new FakeServer();
    const a = await device(server);
    const id = uuidv7();
    await save(a.db, [job(id, { address: '一' }), { name: 'child.add', args: { type: 'note', id: uuidv7(), parentType: 'repairJob', parentId: id, fields: { text: 'n' } } }], { author: 'u1', now: T0 });
    // The first push lands but its answer is lost; then the server re-enrols the device.
    const realPush = a.transport.push;
    a.transport.push = async (b) => { await realPush(b); return { ok: false, status: 0, error: 'network' }; };
    await a.engine.runOnce();
    a.transport.push = realPush;
    await save(a.db, [job(id, { cause: '二' })], { author: 'u1', now: T0 });
    const { rebindClient } = await import('../../../src/db');
    expect(await rebindClient(a.db, 'new-client')).toBe(true);
    expect((await a.db.outbox.orderBy('mid').toArray()).map((e) => e.mid)).toEqual([1, 2, 3]);
    expect(await pendingCount(a.db)).toBe(3);
    const b = createSyncEngine({ db: a.db, transport: server.transport(() => 'new-client'), appVersion: 't', locks: null, now: () => T0 });
    expect(await b.runOnce()).toMatchObject({ ok: true, pushed: 3 });
    expect(server.children.size).toBe(1);
    expect(server.records.get(`r:repairJob:${id}`)!.data).toEqual({ address: '一', cause: '二' });
    expect(server.log).toHaveLength(3); // the repeated upsert and note changed nothing
    expect(await a.db.outbox.count()).toBe(0);
  });
});

describe('a server reset', () => {
  it('pulls again from 0 once, and refuses a server that answers reset for ever', async () => {
    const server = new FakeServer();
    const a = await device(server);
    await save(a.db, [job(uuidv7(), { address: 'x' })], { author: 'u1', now: T0 });
    expect((await a.engine.runOnce()).ok).toBe(true);
    const realPull = a.transport.pull;
    const cursors: number[] = [];
    let resets = 1;
    a.transport.pull = async (b) => {
      cursors.push(b.cursor);
      if (resets-- > 0) return { ok: true, status: 200, body: { changes: [], cursor: 0, lastMid: 1, serverTime: T0.toISOString(), hasMore: false, reset: true } };
      return realPull(b);
    };
    expect(await a.engine.runOnce()).toMatchObject({ ok: true, pulled: 1 });
    expect(cursors).toEqual([1, 0]);
    expect(await a.db.records.count()).toBe(1);
    a.transport.pull = async () => ({ ok: true, status: 200, body: { changes: [], cursor: 0, lastMid: 1, serverTime: T0.toISOString(), hasMore: false, reset: true } });
    expect(await a.engine.runOnce()).toMatchObject({ ok: false, reason: 'server.error' });
  });
});
