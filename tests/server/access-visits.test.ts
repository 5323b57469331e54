import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUpVisitMutation } from '../../src/domain/appeals';
import { attemptMutations, finishMutations } from '../../src/domain/visits';
import type { MutationBody } from '../../src/domain/mutations';
import type { RecordRow } from '../../src/domain/records';
import { Params, scopeSql, visibility, type Viewer } from '../../src/server/sync/scope';
import type { LoginResponse } from '../../src/sync/protocol';
import { devicePusher, pullAll, startTestApp, type TestApp } from './helpers';

// The follow-up visit of a replied complaint or report (002 四.2) is made by whoever is to
// make it: the visit's assignee when one is named, else the appeal's handler, whom it
// names (domain.md §2: the chief assigns the investigation and the handler closes the loop).
// A lineman can be either, so his phone must receive the visit. It carries no name, phone
// or content (appeals.ts), so nothing confidential travels with it.

let app: TestApp;
let chief: LoginResponse;
let clerk: LoginResponse;
let line1: LoginResponse;
let line2: LoginResponse;

let n = 0;
const newId = () => `id-${(n += 1)}`;
const push = devicePusher(() => app, 'V');

const upsert = (type: string, id: string, fields: Record<string, unknown>): MutationBody => ({ name: 'record.upsert', args: { type: type as never, id, fields, base: {} } });

async function stored(type: string, id: string): Promise<RecordRow> {
  const { rows } = await app.pool.query('SELECT id, type, station, data, clocks, status, status_gen AS "statusGen", deleted, created_by AS "createdBy", hlc FROM records WHERE type = $1 AND id = $2', [type, id]);
  return rows[0];
}

const visitIds = (changes: any[]) => changes.filter((c) => c.kind === 'record' && c.row.type === 'visit').map((c) => c.row.id);
const removed = (changes: any[]) => changes.filter((c) => c.kind === 'remove').map((c) => `${c.type}:${c.id}`);

/** A complaint registered at the counter, handled by `handler`, replied on the chief's device (which makes the visit). */
async function repliedComplaint(id: string, handler: string): Promise<string> {
  const r = await push(clerk, [
    upsert('appeal', id, { number: `2026T-01-${id.slice(-4)}`, kind: 'complaint', channel: 'counter', receivedAt: '2026-03-02T01:00:00.000Z', registeredBy: clerk.user.id, customerName: '周大妈', customerPhone: '13711112222', content: '电压忽高忽低' }),
    upsert('appeal', id, { handler, repliedAt: '2026-03-03T02:00:00.000Z' }),
  ]);
  expect(r.rejections).toEqual([]);
  const visit = followUpVisitMutation(await stored('appeal', id), new Date('2026-03-03T02:00:00.000Z'))!;
  expect((await push(chief, [visit])).rejections).toEqual([]);
  return visit.args.id;
}

beforeAll(async () => {
  app = await startTestApp();
  [chief, clerk, line1, line2] = (await Promise.all(['chief1', 'clerk1', 'line1', 'line2'].map((u) => app.login(u)))) as [LoginResponse, LoginResponse, LoginResponse, LoginResponse];
});
afterAll(async () => app?.stop());

describe('a follow-up visit of an appeal', () => {
  it('reaches the lineman who handles the appeal, who records the attempt and the visit; other linemen never see it', async () => {
    const id = await repliedComplaint('ap-0001', line1.user.id);
    const mine = await pullAll(app.url, line1.accessToken);
    expect(visitIds(mine.changes)).toEqual([id]);
    const row = mine.changes.find((c) => c.kind === 'record' && c.row.id === id).row;
    expect(row.data).toMatchObject({ sourceType: 'appeal', sourceId: 'ap-0001', handler: line1.user.id });
    expect(JSON.stringify(row)).not.toContain('周大妈');

    const ctx = { now: new Date('2026-03-04T01:00:00.000Z'), userId: line1.user.id, newId };
    const done = await push(line1, [...attemptMutations(row, 'reached', '', ctx), ...finishMutations({ ...row, status: 'reached' }, { 1: 'satisfied' }, ctx)]);
    expect(done.rejections).toEqual([]);
    expect((await stored('visit', id)).status).toBe('done');
    expect(visitIds((await pullAll(app.url, line2.accessToken)).changes)).toEqual([]);
  });

  it('goes to the assignee rather than the handler when one is named, and moves with a reassignment', async () => {
    const id = await repliedComplaint('ap-0002', line1.user.id);
    expect((await push(chief, [upsert('visit', id, { assignee: line2.user.id })])).rejections).toEqual([]);
    const first = await pullAll(app.url, line2.accessToken);
    expect(visitIds(first.changes)).toEqual([id]);
    const handlerPull = await pullAll(app.url, line1.accessToken);
    expect(visitIds(handlerPull.changes)).not.toContain(id);

    expect((await push(chief, [upsert('visit', id, { assignee: line1.user.id })])).rejections).toEqual([]);
    expect(removed((await pullAll(app.url, line2.accessToken, first.cursor)).changes)).toEqual([`visit:${id}`]);
    expect(visitIds((await pullAll(app.url, line1.accessToken, handlerPull.cursor)).changes)).toEqual([id]);
  });

  it('say the same in JavaScript and in SQL for every assignee, handler and source', async () => {
    const people = [null, '', 'u-line', 'u-else'];
    const rows: { type: string; station: string; data: Record<string, unknown>; createdBy: string | null }[] = [];
    for (const assignee of people) for (const handler of people) for (const sourceType of [null, 'appeal', 'repairJob', 'manual']) {
      rows.push({ type: 'visit', station: 'S1', createdBy: null, data: { assignee, handler, sourceType } });
    }
    const v: Viewer = { userId: 'u-line', role: 'lineman', station: 'S1' };
    const p = new Params([JSON.stringify(rows.map((r) => ({ ...r, created_by: r.createdBy })))]);
    const s = scopeSql(v, 'a', p);
    const { rows: out } = await app.pool.query(`SELECT ${s.visible} AS visible, ${s.full} AS full FROM jsonb_to_recordset($1::jsonb) AS a(type text, station text, data jsonb, created_by text)`, p.values);
    expect(out.map((o) => (o.full ? 'full' : o.visible ? 'redacted' : null))).toEqual(rows.map((r) => visibility(v, r as never)));
    // The lineman makes exactly the visits assigned to him, and, with no assignee, those of the appeals he handles.
    expect(rows.filter((r) => visibility(v, r as never) === 'full').map((r) => r.data.assignee || `${String(r.data.handler)}/${String(r.data.sourceType)}`))
      .toEqual(['u-line/appeal', 'u-line/appeal', ...Array(16).fill('u-line')]);
  });
});
