import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, dueBefore, listRecords, openUserDb, pendingCount, uuidv7 } from '../../../src/db';
import { SCHEMA_V1 } from '../../../src/db/schema';

// A phone that last ran the v1 build opens the current one: its data must survive and be
// brought to the new shape by the upgrade, not by a wipe.

describe('schema migration', () => {
  it('opens a v1 database holding data and migrates it to the current version', async () => {
    const name = `mig-${uuidv7()}`;
    const old = new Dexie(name);
    old.version(1).stores(SCHEMA_V1);
    await old.open();
    const row = (id: string, type: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      id, type, station: 'S1', data, clocks: {}, status: 'registered', statusGen: 0, statusHlc: null, deleted: false, createdBy: 'u1', hlc: '001772438400000-000000-x', ...extra,
    });
    await old.table('records').bulkPut([
      row('a1', 'appeal', { dueBy: '2026-03-05T09:00:00.000Z', subject: '电压低', futureField: { kept: true } }),
      row('j1', 'repairJob', { expectedRestoreAt: '2026-03-02T12:00:00.000Z' }),
      row('j2', 'repairJob', { expectedRestoreAt: '2026-03-01T12:00:00.000Z' }, { deleted: true }),
    ]);
    await old.table('outbox').bulkAdd([
      { mid: 1, name: 'record.upsert', args: { type: 'appeal', id: 'a1', fields: { subject: '电压低' }, base: {} }, hlc: '001772438400000-000000-x', createdAt: '2026-03-02T08:00:00.000Z' },
      { mid: 2, name: 'child.add', args: { type: 'note', id: 'n1', parentType: 'appeal', parentId: 'a1', fields: { text: 'x' } }, hlc: '001772438400000-000001-x', createdAt: '2026-03-02T08:00:00.000Z' },
    ]);
    await old.table('syncState').put({ id: 'self', clientId: 'c-old', userId: 'u1', station: 'S1', nextMid: 3, cursor: 17, lastHlc: null, lastSyncAt: null, lastError: null, clockOffsetMs: null, authNeeded: false, lease: null });
    old.close();

    const db = await openUserDb('u1', { name });
    expect(db.verno).toBe(CURRENT_VERSION);
    const appeals = await listRecords(db, 'appeal', { status: 'registered' });
    expect(appeals.map((r) => r.id)).toEqual(['a1']);
    expect(appeals[0]!.data.futureField).toEqual({ kept: true });
    expect((await db.records.get(['appeal', 'a1']))!.dueAt).toBe('2026-03-05T09:00:00.000Z');
    // The tombstone gets no due time; the live job does.
    expect((await dueBefore(db, '2026-03-10T00:00:00.000Z')).map((r) => r.id).sort()).toEqual(['a1', 'j1']);
    expect((await db.outbox.where('key').equals('c:n1').toArray()).map((e) => e.mid)).toEqual([2]);
    expect((await db.outbox.where('key').equals('r:appeal:a1').toArray()).map((e) => e.mid)).toEqual([1]);
    // A v1 syncState has no ackedMid: both entries still count as pending, the cursor is kept.
    expect(await pendingCount(db)).toBe(2);
    const s = await db.syncState.get('self');
    expect(s).toMatchObject({ clientId: 'c-old', cursor: 17, nextMid: 3 });
    db.close();
  });
});
