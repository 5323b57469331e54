import { describe, expect, it } from 'vitest';
import { getRecord, listRejections, pendingCount, save, uuidv7 } from '../../../src/db';
import type { MutationBody } from '../../../src/domain/mutations';
import { FakeServer } from './fake-server';
import { device, T0 } from './helpers';

const job = (id: string, fields: Record<string, unknown>): MutationBody => ({ name: 'record.upsert', args: { type: 'repairJob', id, fields, base: {} } });

describe('sync engine: push, pull, acknowledgement', () => {
  it('pushes the outbox, pulls back, and settles to exactly the server row', async () => {
    const server = new FakeServer();
    const a = await device(server);
    const id = uuidv7();
    await save(a.db, [job(id, { address: '北坡' }), { name: 'record.advance', args: { type: 'repairJob', id, status: 'dispatched', gen: 0 } }], { author: 'u1', now: T0 });
    const out = await a.engine.runOnce();
    expect(out).toEqual({ ok: true, pushed: 2, pulled: server.log.length, rejected: 0 });
    expect(a.transport.calls).toEqual(['push', 'pull']);
    expect(await a.db.outbox.count()).toBe(0);
    expect(await a.db.shadows.count()).toBe(0);
    const { dueAt: _ignored, ...local } = (await a.db.records.get(['repairJob', id]))!;
    expect(local).toEqual(server.records.get(`r:repairJob:${id}`));
    expect(a.engine.getState()).toMatchObject({ running: false, pending: 0, lastError: null, lastSyncAt: T0.toISOString() });
    const push = server.pushes[0]!;
    expect(push.device).toMatchObject({ pending: 2, oldestPendingAt: T0.toISOString(), appVersion: 'test' });
  });

  it('an acknowledged entry stops counting as pending but stays until a pull confirms it', async () => {
    const server = new FakeServer();
    const a = await device(server);
    await save(a.db, [job(uuidv7(), { address: 'x' })], { author: 'u1', now: T0 });
    const realPull = a.transport.pull;
    a.transport.pull = async () => ({ ok: false, status: 0, error: 'network' });
    expect(await a.engine.runOnce()).toMatchObject({ ok: false, reason: 'network' });
    expect(await pendingCount(a.db)).toBe(0);
    expect(await a.db.outbox.count()).toBe(1);
    a.transport.pull = realPull;
    expect(await a.engine.runOnce()).toMatchObject({ ok: true, pushed: 0 });
    expect(await a.db.outbox.count()).toBe(0);
    // The server skipped nothing twice: one push carried the mutation once.
    expect(server.pushes.flatMap((p) => p.mutations.map((m) => m.mid))).toEqual([1]);
  });

  it('stores a rejection for the author and puts the row back to the server copy', async () => {
    const server = new FakeServer();
    const a = await device(server);
    const ok = uuidv7();
    const bad = uuidv7();
    server.forbid.add(`record.upsert:${bad}`);
    await save(a.db, [job(ok, { address: 'a' }), job(bad, { address: 'b' })], { author: 'u1', now: T0 });
    const out = await a.engine.runOnce();
    expect(out).toMatchObject({ ok: true, rejected: 1 });
    const rej = await listRejections(a.db, { unseenOnly: true });
    expect(rej).toHaveLength(1);
    expect(rej[0]).toMatchObject({ mid: 2, name: 'record.upsert', reason: { code: 'forbidden' }, seen: 0 });
    expect((rej[0]!.args as { id: string }).id).toBe(bad);
    expect(await getRecord(a.db, 'repairJob', bad)).toBeNull();
    expect(await getRecord(a.db, 'repairJob', ok)).not.toBeNull();
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('pushes in batches of at most 100 in mid order and pulls pages until hasMore is false', async () => {
    const server = new FakeServer();
    const a = await device(server);
    const muts = Array.from({ length: 250 }, () => job(uuidv7(), { address: 'p' }));
    expect((await save(a.db, muts, { author: 'u1', now: T0 })).ok).toBe(true);
    const b = await device(server);
    expect(await a.engine.runOnce()).toMatchObject({ ok: true, pushed: 250 });
    expect(server.pushes.map((p) => p.mutations.length)).toEqual([100, 100, 50]);
    const mids = server.pushes.flatMap((p) => p.mutations.map((m) => m.mid));
    expect(mids).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    await server.push({ clientId: 'other', schemaVersion: 1, device: { pending: 0, oldestPendingAt: null, appVersion: 'x', storageUsed: null, storageQuota: null, clockOffsetMs: null }, mutations: [] });
    const bigger = Array.from({ length: 760 }, (_, i) => ({ mid: i + 1, name: 'record.upsert', args: { type: 'customer', id: `c${i}`, fields: { name: `户${i}` }, base: {} }, hlc: `001772438400000-${String(i).padStart(6, '0')}-other` }));
    for (let i = 0; i < 760; i += 100) server.push({ clientId: 'other', schemaVersion: 1, device: server.pushes[0]!.device, mutations: bigger.slice(i, i + 100) });
    expect(await b.engine.runOnce()).toMatchObject({ ok: true, pulled: 1010 });
    expect(b.transport.calls.filter((c) => c === 'pull')).toHaveLength(3);
    expect(await b.db.records.count()).toBe(1010);
  }, 30_000);
});

describe('sync engine: merging pulled rows with pending edits', () => {
  it('keeps a pending edit of another field on top of a pulled row, and loses a same-field edit to a later one', async () => {
    const server = new FakeServer();
    const a = await device(server);
    const b = await device(server);
    const id = uuidv7();
    await save(a.db, [job(id, { address: '旧', cause: '树障' })], { author: 'u1', now: T0 });
    await a.engine.runOnce();
    await b.engine.runOnce();
    // Offline: A edits address; B, later, edits address and workDone.
    a.transport.fail = 0;
    await save(a.db, [job(id, { address: 'A改' })], { author: 'u1', now: new Date(T0.getTime() + 1000) });
    await a.engine.runOnce();
    const later = new Date(T0.getTime() + 5000);
    await save(b.db, [job(id, { address: 'B改', workDone: '换保险' })], { author: 'u1', now: later });
    b.clock.now = later;
    await b.engine.runOnce();
    a.transport.fail = null;
    // A pulls B's row while its own edit is still pending: the page is applied, then A's edit re-applied.
    const s = await a.db.syncState.get('self');
    const page = server.pull({ cursor: s!.cursor, limit: 500 }, a.clientId);
    const { applyPullPage } = await import('../../../src/db');
    await applyPullPage(a.db, { ...page, hasMore: true }, { now: later, clockOffsetMs: 0 });
    const mid = await getRecord(a.db, 'repairJob', id);
    expect(mid?.data).toMatchObject({ address: 'B改', workDone: '换保险', cause: '树障' });
    expect(await a.db.conflicts.count()).toBe(1);
    expect(await a.db.conflicts.toArray()).toMatchObject([{ field: 'address', lostValue: 'A改', keptValue: 'B改' }]);
    await a.engine.runOnce();
    expect(server.conflicts).toMatchObject([{ field: 'address', lostValue: 'A改', keptValue: 'B改' }]);
    const { dueAt: _x, ...local } = (await a.db.records.get(['repairJob', id]))!;
    expect(local).toEqual(server.records.get(`r:repairJob:${id}`));
  });

  it('keeps a pending edit of a different field when the pulled row is newer', async () => {
    const server = new FakeServer();
    const a = await device(server);
    const b = await device(server);
    const id = uuidv7();
    await save(b.db, [job(id, { address: '一' })], { author: 'u1', now: T0 });
    await b.engine.runOnce();
    await a.engine.runOnce();
    await save(a.db, [job(id, { cause: '雷击' })], { author: 'u1', now: T0 });
    await save(b.db, [job(id, { address: '二' })], { author: 'u1', now: new Date(T0.getTime() + 9000) });
    await b.engine.runOnce();
    const s = await a.db.syncState.get('self');
    const { applyPullPage } = await import('../../../src/db');
    await applyPullPage(a.db, { ...server.pull({ cursor: s!.cursor, limit: 500 }, a.clientId), hasMore: false }, { now: T0, clockOffsetMs: 0 });
    expect((await getRecord(a.db, 'repairJob', id))?.data).toEqual({ address: '二', cause: '雷击' });
    expect(await pendingCount(a.db)).toBe(1);
  });
});
