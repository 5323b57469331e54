import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPEAL_STEP_FIELDS, appealStepMutations } from '../../src/domain/appeals';
import { evaluateItem } from '../../src/domain/clocks-of';
import type { MutationBody } from '../../src/domain/mutations';
import type { RecordRow } from '../../src/domain/records';
import { finishMutations } from '../../src/domain/visits';
import type { LoginResponse } from '../../src/sync/protocol';
import { devicePusher, pullAll, startTestApp, type TestApp } from './helpers';

// The chief may hand an appeal to a lineman (domain.md §2: the chief assigns the
// investigation; the screens offer every staff member but the one complained about). The
// handler runs the loop: contacted, replied, the follow-up visit, closed. Each step stamps
// its time on the appeal, and the clocks stop on those times, so the server must take them
// from him, while he still never registers an appeal or edits who complained or about what.

let app: TestApp;
let chief: LoginResponse;
let clerk: LoginResponse;
let line1: LoginResponse;
let line2: LoginResponse;

let n = 0;
const newId = () => `h-${(n += 1)}`;
const push = devicePusher(() => app, 'H');

const upsert = (id: string, fields: Record<string, unknown>): MutationBody => ({ name: 'record.upsert', args: { type: 'appeal', id, fields, base: {} } });

async function stored(type: string, id: string): Promise<RecordRow> {
  const { rows } = await app.pool.query('SELECT id, type, station, data, clocks, status, status_gen AS "statusGen", deleted, created_by AS "createdBy", hlc FROM records WHERE type = $1 AND id = $2', [type, id]);
  return { ...rows[0], statusHlc: null };
}

const SECRET = { customerName: '周大妈', customerPhone: '13711112222', subject: '电压不稳', content: '电压忽高忽低，冰箱坏了' };

beforeAll(async () => {
  app = await startTestApp();
  [chief, clerk, line1, line2] = (await Promise.all(['chief1', 'clerk1', 'line1', 'line2'].map((u) => app.login(u)))) as [LoginResponse, LoginResponse, LoginResponse, LoginResponse];
  expect((await push(clerk, [upsert('ap-1', { number: '2026T-01-0001', kind: 'complaint', channel: 'phone', receivedAt: '2026-03-02T01:00:00.000Z', registeredBy: clerk.user.id, ...SECRET })])).rejections).toEqual([]);
  const assign = appealStepMutations(await stored('appeal', 'ap-1'), 'assigned', { eventId: newId(), now: new Date('2026-03-02T02:00:00.000Z'), userId: chief.user.id }, { handler: line1.user.id });
  expect((await push(chief, assign)).rejections).toEqual([]);
});
afterAll(async () => app?.stop());

describe('a lineman who handles an appeal', () => {
  it('[DL4] records contact, reply, follow-up and close: the step times land and the clocks stop', async () => {
    const step = async (s: 'contacted' | 'replied' | 'closed', now: string, extra = {}) => {
      const ms = appealStepMutations(await stored('appeal', 'ap-1'), s, { eventId: newId(), now: new Date(now), userId: line1.user.id }, extra);
      expect((await push(line1, ms)).rejections, s).toEqual([]);
    };
    await step('contacted', '2026-03-02T06:00:00.000Z');
    await step('replied', '2026-03-04T02:00:00.000Z', { replyText: '已更换表后开关' });
    const visit = await stored('visit', 'fv-ap-1');
    expect(visit.data.handler).toBe(line1.user.id);
    // The follow-up visit made, and the appeal followed up in the same save (state/visits.ts finishVisit).
    const now = '2026-03-06T02:00:00.000Z';
    const followed = [
      ...finishMutations({ ...visit, status: 'reached' }, { 1: 'satisfied' }, { now: new Date(now), userId: line1.user.id, newId }),
      upsert('ap-1', { [APPEAL_STEP_FIELDS.followedUp]: now }),
      { name: 'record.advance', args: { type: 'appeal', id: 'ap-1', status: 'followedUp', gen: 0 } } as MutationBody,
    ];
    expect((await push(line1, followed)).rejections).toEqual([]);
    await step('closed', '2026-03-06T03:00:00.000Z');

    const appeal = await stored('appeal', 'ap-1');
    expect(appeal.status).toBe('closed');
    expect(appeal.data).toMatchObject({ contactedAt: '2026-03-02T06:00:00.000Z', repliedAt: '2026-03-04T02:00:00.000Z', reply: '已更换表后开关', followedUpAt: now, closedAt: '2026-03-06T03:00:00.000Z', ...SECRET });
    expect(evaluateItem(appeal, new Date('2026-04-01T00:00:00.000Z')).map((c) => c.ev.state)).toEqual(['metOnTime', 'metOnTime']);
    // He keeps the follow-up visit his reply made: no removal, the row as done.
    const pulled = await pullAll(app.url, line1.accessToken);
    expect(pulled.changes.filter((c) => c.kind === 'remove')).toEqual([]);
    expect(pulled.changes.filter((c) => c.kind === 'record' && c.row.id === 'fv-ap-1').at(-1).row.status).toBe('done');
  });

  it('still may not register an appeal, change who complained or about what, or hand it on; another lineman may not stamp it', async () => {
    const r = await push(line1, [
      upsert('ap-1', { content: '改掉' }),
      upsert('ap-1', { customerName: '别人' }),
      upsert('ap-1', { handler: line2.user.id }),
      upsert('ap-1', { namedStaff: null }),
      upsert('ap-1', { repliedAt: '2026-03-05T00:00:00.000Z', subject: '夹带' }),
      upsert('ap-2', { number: '2026T-09-0001', kind: 'report' }),
    ]);
    expect(r.rejections.map((x) => x.reason.code)).toEqual(Array(6).fill('mutation.forbidden'));
    const other = await push(line2, [upsert('ap-1', { closedAt: '2026-03-07T00:00:00.000Z' })]);
    expect(other.rejections.map((x) => x.reason.code)).toEqual(['mutation.forbidden']);
    const appeal = await stored('appeal', 'ap-1');
    expect(appeal.data).toMatchObject({ ...SECRET, handler: line1.user.id, repliedAt: '2026-03-04T02:00:00.000Z', closedAt: '2026-03-06T03:00:00.000Z' });
    expect((await app.pool.query("SELECT 1 FROM records WHERE id = 'ap-2'")).rowCount).toBe(0);
  });

  it('may not start a case with only the fields a handler writes, a step, or a note on a case the station does not hold', async () => {
    // A tampered phone: handler fields alone pass the field check, but on a new id they would
    // put an appeal with no number, customer or content into the station's register.
    const r = await push(line1, [
      upsert('ap-ghost', { [APPEAL_STEP_FIELDS.contacted]: '2026-03-05T00:00:00.000Z', reply: '已处理' }),
      { name: 'child.add', args: { type: 'note', id: 'n-ghost', parentType: 'appeal', parentId: 'ap-ghost-2', fields: { text: '无中生有' } } },
      { name: 'record.advance', args: { type: 'appeal', id: 'ap-ghost-3', status: 'contacted', gen: 0 } },
    ]);
    expect(r.rejections.map((x) => x.reason.code)).toEqual(['mutation.forbidden', 'mutation.forbidden', 'mutation.forbidden']);
    expect((await app.pool.query("SELECT 1 FROM records WHERE id LIKE 'ap-ghost%'")).rowCount).toBe(0);
    expect((await app.pool.query("SELECT 1 FROM children WHERE id = 'n-ghost'")).rowCount).toBe(0);
    // His note on the case he handles still lands.
    const ok = await push(line1, [{ name: 'child.add', args: { type: 'note', id: 'n-real', parentType: 'appeal', parentId: 'ap-1', fields: { text: '已回访' } } }]);
    expect(ok.rejections).toEqual([]);
    expect((await app.pool.query("SELECT 1 FROM children WHERE id = 'n-real'")).rowCount).toBe(1);
  });
});
