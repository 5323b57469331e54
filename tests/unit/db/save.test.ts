import { describe, expect, it } from 'vitest';
import { childrenOf, getRecord, listRecords, oldestPending, pendingCount, save, uuidv7, UUID_RE } from '../../../src/db';
import { advance, freshDb, note, T0, upsert } from './helpers';

describe('save', () => {
  it('writes the record and its outbox entry in one go, with rising mids and HLCs', async () => {
    const { db } = await freshDb();
    const id = uuidv7();
    const r = await save(db, [upsert('repairJob', id, { address: '东村3组', areaType: 'rural' }), advance('repairJob', id, 'dispatched')], { author: 'u1', now: T0 });
    expect(r).toEqual({ ok: true, ids: [id, id], mids: [1, 2] });
    const row = await getRecord(db, 'repairJob', id);
    expect(row?.data.address).toBe('东村3组');
    expect(row?.status).toBe('dispatched');
    expect(row?.station).toBe('S1');
    expect(row?.createdBy).toBe('u1');
    const outbox = await db.outbox.orderBy('mid').toArray();
    expect(outbox.map((e) => e.name)).toEqual(['record.upsert', 'record.advance']);
    expect(outbox[0]!.hlc < outbox[1]!.hlc).toBe(true);
    expect(outbox[0]!.key).toBe(`r:repairJob:${id}`);
    expect((await db.syncState.get('self'))!.nextMid).toBe(3);
  });

  it('writes nothing when one mutation of the batch fails validation', async () => {
    const { db } = await freshDb();
    const id = uuidv7();
    const r = await save(db, [upsert('repairJob', id, { address: 'ok' }), upsert('repairJob', id, { customerPhone: '12345' })], { author: 'u1', now: T0 });
    expect(r).toMatchObject({ ok: false, index: 1, reason: { code: 'field.invalid', field: 'customerPhone' } });
    expect(await db.records.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.syncState.get('self'))!.nextMid).toBe(1);
  });

  it('rolls back the rows already written when a later mutation is refused by the merge rules', async () => {
    const { db } = await freshDb();
    const id = uuidv7();
    const reopen = { name: 'record.reopen' as const, args: { type: 'repairJob' as const, id: uuidv7(), status: 'registered', gen: 0, reason: 'x' } };
    const r = await save(db, [upsert('repairJob', id, { address: 'a' }), reopen], { author: 'u1', now: T0 });
    expect(r).toMatchObject({ ok: false, index: 1, reason: { code: 'record.not_found' } });
    expect(await db.records.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.shadows.count()).toBe(0);
  });

  it('fills the upsert base from the stored row, so a later edit of ours is a clean overwrite', async () => {
    const { db } = await freshDb();
    const id = uuidv7();
    await save(db, [upsert('repairJob', id, { address: 'a' })], { author: 'u1', now: T0 });
    await save(db, [upsert('repairJob', id, { address: 'b' })], { author: 'u1', now: T0 });
    const [first, second] = await db.outbox.orderBy('mid').toArray();
    expect((second!.args as { base: Record<string, string> }).base.address).toBe(first!.hlc);
    expect((await getRecord(db, 'repairJob', id))?.data.address).toBe('b');
  });

  it('counts pending entries and reports the oldest', async () => {
    const { db } = await freshDb();
    expect(await pendingCount(db)).toBe(0);
    expect(await oldestPending(db)).toBeNull();
    const job = uuidv7();
    await save(db, [upsert('repairJob', job, { address: 'a' })], { author: 'u1', now: T0 });
    await save(db, [note(uuidv7(), job, '到达现场')], { author: 'u1', now: new Date(T0.getTime() + 60_000) });
    expect(await pendingCount(db)).toBe(2);
    expect(await oldestPending(db)).toBe(T0.toISOString());
    expect((await childrenOf(db, 'repairJob', job)).map((c) => c.data.text)).toEqual(['到达现场']);
  });

  it('lists by status, assignee and excludes tombstones', async () => {
    const { db } = await freshDb();
    const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()];
    await save(db, [
      upsert('repairJob', a, { assignee: 'lm1' }),
      upsert('repairJob', b, { assignee: 'lm2' }), advance('repairJob', b, 'dispatched'),
      upsert('repairJob', c, { assignee: 'lm1' }), { name: 'record.delete', args: { type: 'repairJob', id: c } },
    ], { author: 'u1', now: T0 });
    expect((await listRecords(db, 'repairJob')).map((r) => r.id).sort()).toEqual([a, b].sort());
    expect((await listRecords(db, 'repairJob', { status: 'dispatched' })).map((r) => r.id)).toEqual([b]);
    expect((await listRecords(db, 'repairJob', { assignee: 'lm1' })).map((r) => r.id)).toEqual([a]);
    expect((await listRecords(db, 'repairJob', { assignee: 'lm1', includeDeleted: true })).length).toBe(2);
  });

  it('makes UUIDv7 ids that sort in creation order', () => {
    const ids = Array.from({ length: 50 }, () => uuidv7(T0.getTime()));
    for (const id of ids) expect(id).toMatch(UUID_RE);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(50);
  });
});
