import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../src/sync/protocol';
import { api, devicePusher, hlc, startTestApp, upsert, type TestApp } from './helpers';

// Hygiene zones (划片包干, domain.md §4): the chief defines the zones and contracts each to
// a person or office; whoever holds a zone, and the incoming shift, write its duties and
// inspections. The screens offer the first only to the chief; the server must refuse it too.

let app: TestApp;
let chief: LoginResponse;
let clerk: LoginResponse;
let line1: LoginResponse;
let line2: LoginResponse;

let t = 0;
const push = devicePusher(() => app, 'Z');

const up = (type: string, id: string, fields: Record<string, unknown>) => upsert(0, type, id, fields, hlc((t += 1), 'Z'));
const del = (type: string, id: string) => ({ mid: 0, name: 'record.delete', args: { type, id }, hlc: hlc((t += 1), 'Z') });
const advance = (type: string, id: string, status: string) => ({ mid: 0, name: 'record.advance', args: { type, id, status, gen: 0 }, hlc: hlc((t += 1), 'Z') });
const child = (type: string, id: string, parentType: string, parentId: string, fields: Record<string, unknown>) =>
  ({ mid: 0, name: 'child.add', args: { type, id, parentType, parentId, fields }, hlc: hlc((t += 1), 'Z') });

async function stored(type: string, id: string) {
  const { rows } = await app.pool.query('SELECT data, deleted FROM records WHERE type = $1 AND id = $2', [type, id]);
  return rows[0] as { data: Record<string, unknown>; deleted: boolean } | undefined;
}

beforeAll(async () => {
  app = await startTestApp();
  [chief, clerk, line1, line2] = (await Promise.all(['chief1', 'clerk1', 'line1', 'line2'].map((u) => app.login(u)))) as [LoginResponse, LoginResponse, LoginResponse, LoginResponse];
});
afterAll(async () => app?.stop());

describe('zone definitions and assignments (划片包干) are the chief\'s', () => {
  it('refuse a clerk\'s or a lineman\'s zone, assignment, edit, delete and reference photo with a reason, and store nothing', async () => {
    const byClerk = await push(clerk, [
      up('zone', 'z-clerk', { name: '营业厅', kind: 'hall' }),
      up('zoneAssignment', 'za-clerk', { zoneId: 'z-clerk', holder: clerk.user.id, holderKind: 'person', from: '2026-03-01', by: clerk.user.id }),
    ]);
    expect(byClerk.rejections).toEqual([
      { mid: byClerk.first, reason: { code: 'mutation.forbidden', detail: 'zone is changed by the chief' } },
      { mid: byClerk.first + 1, reason: { code: 'mutation.forbidden', detail: 'zoneAssignment is changed by the chief' } },
    ]);
    const byLineman = await push(line1, [
      up('zone', 'z-line', { name: '院子', kind: 'yard' }),
      // Taking a zone off its holder and onto himself is exactly what must not pass.
      up('zoneAssignment', 'za-line', { zoneId: 'z-line', holder: line1.user.id, holderKind: 'person', from: '2026-03-01', by: line1.user.id }),
    ]);
    expect(byLineman.rejections.map((r) => [r.reason.code, r.reason.detail])).toEqual([
      ['mutation.forbidden', 'zone is changed by the chief'],
      ['mutation.forbidden', 'zoneAssignment is changed by the chief'],
    ]);
    for (const [type, id] of [['zone', 'z-clerk'], ['zoneAssignment', 'za-clerk'], ['zone', 'z-line'], ['zoneAssignment', 'za-line']]) {
      expect(await stored(type!, id!), id).toBeUndefined();
    }
    const { rows } = await app.pool.query('SELECT code FROM rejections WHERE client_id = ANY($1::text[])', [[clerk.clientId, line1.clientId]]);
    expect(rows.map((r) => r.code)).toEqual(['mutation.forbidden', 'mutation.forbidden', 'mutation.forbidden', 'mutation.forbidden']);

    // The chief's zone stands; nobody else may rename, hand on, delete it or change its reference photo.
    const mine = await push(chief, [
      up('zone', 'z-hall', { name: '营业厅', kind: 'hall', checklist: ['dustFree'] }),
      up('zoneAssignment', 'za-hall', { zoneId: 'z-hall', holder: line1.user.id, holderKind: 'person', from: '2026-03-01', by: chief.user.id }),
    ]);
    expect(mine.rejections).toEqual([]);
    const edits = await push(line2, [
      up('zone', 'z-hall', { name: '改名' }),
      up('zoneAssignment', 'za-hall', { holder: line2.user.id }),
      del('zone', 'z-hall'),
      del('zoneAssignment', 'za-hall'),
      child('photo', 'ph-ref', 'zone', 'z-hall', { sha256: 'a'.repeat(64), bytes: 10, reference: true }),
    ]);
    expect(edits.rejections.map((r) => r.reason.code)).toEqual(Array(5).fill('mutation.forbidden'));
    expect(await stored('zone', 'z-hall')).toMatchObject({ data: { name: '营业厅' }, deleted: false });
    expect(await stored('zoneAssignment', 'za-hall')).toMatchObject({ data: { holder: line1.user.id }, deleted: false });
    expect((await app.pool.query("SELECT 1 FROM children WHERE id = 'ph-ref'")).rowCount).toBe(0);
  });

  it("apply the chief's: the zone, its assignment and its reference photo reach every role", async () => {
    const r = await push(chief, [
      up('zone', 'z-yard', { name: '院子', kind: 'yard' }),
      up('zoneAssignment', 'za-yard', { zoneId: 'z-yard', holder: line2.user.id, holderKind: 'person', from: '2026-03-01', by: chief.user.id }),
      child('photo', 'ph-yard', 'zone', 'z-yard', { sha256: 'b'.repeat(64), bytes: 10, reference: true }),
      up('zone', 'z-yard', { checklist: ['noLitter', 'drainsClear'] }),
    ]);
    expect(r.rejections).toEqual([]);
    expect(await stored('zone', 'z-yard')).toMatchObject({ data: { name: '院子', checklist: ['noLitter', 'drainsClear'] } });
    for (const who of [clerk, line1]) {
      const pulled = await api(app.url, '/api/sync/pull', { token: who.accessToken, body: { cursor: 0 } });
      const ids = pulled.json.changes.map((c: any) => c.row.id);
      expect(ids).toEqual(expect.arrayContaining(['z-yard', 'za-yard', 'ph-yard']));
    }
  });
});

describe('zone duties stay with the people who do the work', () => {
  it('let a lineman make his shift duty, mark it cleaned, and another inspect it and open a re-clean', async () => {
    const duty = 'duty-z-hall-2026-03-02-0';
    const holder = await push(line1, [
      up('zoneDuty', duty, { zoneId: 'z-hall', holder: line1.user.id, holderKind: 'person', kind: 'shift', startsAt: '2026-03-02T00:00:00.000Z', dueAt: '2026-03-02T08:00:00.000Z' }),
      advance('zoneDuty', duty, 'due'),
      up('zoneDuty', duty, { doneAt: '2026-03-02T07:30:00.000Z', cleanedBy: line1.user.id }),
      advance('zoneDuty', duty, 'cleaned'),
    ]);
    expect(holder.rejections).toEqual([]);
    const inspector = await push(line2, [
      child('inspection', 'in-1', 'zoneDuty', duty, { result: 'fail', at: '2026-03-02T08:10:00.000Z', by: line2.user.id, items: [{ item: 'dustFree', pass: false }] }),
      up('zoneDuty', duty, { inspectedAt: '2026-03-02T08:10:00.000Z', inspectedBy: line2.user.id, result: 'fail' }),
      advance('zoneDuty', duty, 'failed'),
      up('zoneDuty', 'rc-1', { zoneId: 'z-hall', holder: line1.user.id, kind: 'reclean', recleanOf: duty, origin: duty, startsAt: '2026-03-02T08:10:00.000Z', dueAt: '2026-03-02T10:10:00.000Z' }),
      advance('zoneDuty', 'rc-1', 'due'),
    ]);
    expect(inspector.rejections).toEqual([]);
    const { rows } = await app.pool.query("SELECT id, status FROM records WHERE type = 'zoneDuty' ORDER BY id");
    expect(rows).toEqual([{ id: duty, status: 'failed' }, { id: 'rc-1', status: 'due' }]);
    expect((await app.pool.query("SELECT 1 FROM children WHERE id = 'in-1'")).rowCount).toBe(1);
  });
});
