import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateItem } from '../../src/domain/clocks-of';
import { normalizeRecord } from '../../src/domain/records';
import { createUser } from '../../src/server/admin-ops';
import type { LoginResponse } from '../../src/sync/protocol';
import { devicePusher, hlc, PASSWORD, pullAll, startTestApp, upsert, type Mut, type TestApp } from './helpers';

// A clerk who neither registered nor handles an appeal holds it redacted (000 来信来访 10:
// identity and content stay with the chief and the handler). The regulation clocks still
// run on that clerk's device, so the copy must carry what they read, or a replied
// complaint stays "overdue" there for ever.

let app: TestApp;
let clerk: LoginResponse; // registers and handles
let clerk2: LoginResponse; // sees it redacted

const PERSONAL = { customerName: '孙桂芝', customerPhone: '13955556666', customerId: 'cu-sun', subject: '抄表员态度差', content: '抄表员上门时出言不逊', reply: '已约谈抄表员并向孙女士致歉' };
const RECEIVED = '2026-03-02T01:00:00.000Z'; // Monday 09:00 Beijing
const CONTACTED = '2026-03-02T06:00:00.000Z';
const REPLIED = '2026-03-04T02:00:00.000Z';

let t = 0;
const pushAs = devicePusher(() => app, 'C');
async function push(muts: Omit<Mut, 'mid'>[]) {
  expect((await pushAs(clerk, muts)).rejections).toEqual([]);
}
const up = (fields: Record<string, unknown>) => upsert(0, 'appeal', 'ap-1', fields, hlc((t += 1), 'C'));
const advance = (status: string) => ({ mid: 0, name: 'record.advance', args: { type: 'appeal', id: 'ap-1', status, gen: 0 }, hlc: hlc((t += 1), 'C') });

async function redactedCopy() {
  const all = await pullAll(app.url, clerk2.accessToken);
  const copies = all.changes.filter((c) => c.kind === 'record' && c.row.id === 'ap-1');
  return copies[copies.length - 1].row;
}

beforeAll(async () => {
  app = await startTestApp();
  const c2 = await createUser(app.pool, { username: 'clerk2', role: 'clerk', station: 'S1', password: PASSWORD, name: '钱二' });
  if (!c2.ok) throw new Error(c2.error);
  [clerk, clerk2] = await Promise.all([app.login('clerk1'), app.login('clerk2')]);
  await push([up({ number: '2026T-01-0001', kind: 'complaint', channel: 'counter', receivedAt: RECEIVED, registeredBy: clerk.user.id, handler: clerk.user.id, ...PERSONAL }), advance('assigned')]);
});
afterAll(async () => app?.stop());

describe('a redacted appeal', () => {
  it('carries status, the loop\'s step times and their stamps, and no name, phone, customer, subject, content or reply', async () => {
    await push([up({ assignedAt: RECEIVED, contactedAt: CONTACTED }), advance('contacted'), up({ repliedAt: REPLIED, reply: PERSONAL.reply }), advance('replied')]);
    const row = await redactedCopy();
    expect(row.redacted).toBe(true);
    expect(row.status).toBe('replied');
    expect(row.data).toEqual({ number: '2026T-01-0001', kind: 'complaint', channel: 'counter', receivedAt: RECEIVED, assignedAt: RECEIVED, contactedAt: CONTACTED, repliedAt: REPLIED });
    expect(Object.keys(row.clocks).sort()).toEqual(['assignedAt', 'channel', 'contactedAt', 'kind', 'number', 'receivedAt', 'repliedAt']);
    expect(row.createdBy).toBeNull();
    const text = JSON.stringify(row);
    for (const v of [...Object.values(PERSONAL), clerk.user.id]) expect(text).not.toContain(v);
  });

  it('[DL4] has its contact and reply clocks stopped on the redacted device, met on time', async () => {
    const row = normalizeRecord(await redactedCopy())!;
    const clocks = evaluateItem(row, new Date('2026-04-01T00:00:00.000Z'));
    expect(clocks.map((c) => [c.ruleId, c.ev.state])).toEqual([
      ['appeal.complaint.contact', 'metOnTime'],
      ['appeal.complaint.reply', 'metOnTime'],
    ]);
  });

  it('passes a close and the follow-up times to the redacted device too', async () => {
    await push([up({ followedUpAt: '2026-03-06T02:00:00.000Z' }), advance('followedUp'), up({ closedAt: '2026-03-06T03:00:00.000Z' }), advance('closed')]);
    const row = await redactedCopy();
    expect(row.status).toBe('closed');
    expect(row.data).toMatchObject({ followedUpAt: '2026-03-06T02:00:00.000Z', closedAt: '2026-03-06T03:00:00.000Z' });
    const text = JSON.stringify(row);
    for (const v of Object.values(PERSONAL)) expect(text).not.toContain(v);
  });
});
