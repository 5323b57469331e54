import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/server/admin-ops';
import { REDACTED_APPEAL_FIELDS } from '../../src/server/sync/scope';
import type { LoginResponse } from '../../src/sync/protocol';
import { api, hlc, PASSWORD, pushBody, startTestApp, upsert, type Mut, type TestApp } from './helpers';

// Scopes on raw HTTP: what each role's device receives, on every endpoint it can call.

let app: TestApp;
let chief: LoginResponse;
let clerk: LoginResponse; // clerk1: registers the appeals
let clerk2: LoginResponse;
let line1: LoginResponse;
let line2: LoginResponse;
let other: LoginResponse; // a clerk of station S2

// The complainant: none of this may reach a lineman's device.
const SECRET = { name: '赵敏华', phone: '13912345678', address: '幸福村五组18号', content: '投诉抄表员上门态度恶劣并索要好处', subject: '服务态度投诉' };
const PHOTO = Buffer.from('scanned letter of complaint, 赵敏华');
const PHOTO_SHA = createHash('sha256').update(PHOTO).digest('hex');

const mids = new Map<string, number>();
async function push(who: LoginResponse, muts: Omit<Mut, 'mid'>[]) {
  const start = mids.get(who.clientId) ?? 0;
  const withMids = muts.map((m, i) => ({ ...m, mid: start + i + 1 }));
  mids.set(who.clientId, start + muts.length);
  const r = await api(app.url, '/api/sync/push', { token: who.accessToken, body: pushBody(who.clientId, withMids) });
  expect(r.status).toBe(200);
  return r.json as { lastMid: number; rejections: { mid: number; reason: { code: string; detail?: string } }[]; wipe?: boolean };
}

let t = 0;
const up = (type: string, id: string, fields: Record<string, unknown>) => ({ ...upsert(0, type, id, fields, hlc((t += 1), 'N')) });
const child = (type: string, id: string, parentType: string, parentId: string, fields: Record<string, unknown>) =>
  ({ mid: 0, name: 'child.add', args: { type, id, parentType, parentId, fields }, hlc: hlc((t += 1), 'N') });

/** A pull from `cursor` to the end, as the raw text of every page and the parsed changes. */
async function rawPull(who: LoginResponse, cursor = 0) {
  let text = '';
  const changes: any[] = [];
  for (;;) {
    const res = await fetch(`${app.url}/api/sync/pull`, { method: 'POST', headers: { authorization: `Bearer ${who.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ cursor, limit: 7 }) });
    expect(res.status).toBe(200);
    const page = await res.text();
    text += page;
    const body = JSON.parse(page);
    changes.push(...body.changes);
    cursor = body.cursor;
    if (!body.hasMore) return { text, changes, cursor };
  }
}

async function rawGet(who: LoginResponse, pathname: string) {
  const res = await fetch(app.url + pathname, { headers: { authorization: `Bearer ${who.accessToken}` } });
  return { status: res.status, text: await res.text() };
}

const recordIds = (changes: any[]) => changes.filter((c) => c.kind === 'record').map((c) => c.row.id);
const removed = (changes: any[]) => changes.filter((c) => c.kind === 'remove').map((c) => `${c.type}:${c.id}`);

function expectNoSecret(text: string) {
  for (const v of Object.values(SECRET)) expect(text).not.toContain(v);
  // JSON may escape nothing here, but check the escaped form too.
  for (const v of Object.values(SECRET)) expect(text).not.toContain(JSON.stringify(v).slice(1, -1));
}

beforeAll(async () => {
  app = await startTestApp();
  const c2 = await createUser(app.pool, { username: 'clerk2', role: 'clerk', station: 'S1', password: PASSWORD, name: '钱二' });
  if (!c2.ok) throw new Error(c2.error);
  [chief, clerk, clerk2, line1, line2, other] = (await Promise.all(['chief1', 'clerk1', 'clerk2', 'line1', 'line2', 'other1'].map((u) => app.login(u)))) as [
    LoginResponse, LoginResponse, LoginResponse, LoginResponse, LoginResponse, LoginResponse,
  ];
  const put = await api(app.url, `/api/blobs/${PHOTO_SHA}`, { method: 'PUT', token: clerk.accessToken, raw: PHOTO, headers: { 'content-type': 'image/jpeg' } });
  expect(put.status).toBe(201);
  const identity = { customerName: SECRET.name, customerPhone: SECRET.phone, content: SECRET.content, subject: SECRET.subject, customerId: 'cu-zhao' };
  const r = await push(clerk, [
    up('customer', 'cu-zhao', { name: SECRET.name, phone: SECRET.phone, address: SECRET.address }),
    up('appeal', 'ap-open', { number: '2026T-01-0001', kind: 'complaint', channel: 'counter', receivedAt: '2026-03-02T01:00:00.000Z', registeredBy: clerk.user.id, handler: clerk.user.id, ...identity }),
    child('note', 'n-open', 'appeal', 'ap-open', { text: `回访${SECRET.name}` }),
    child('photo', 'ph-open', 'appeal', 'ap-open', { sha256: PHOTO_SHA, bytes: PHOTO.length }),
    up('appeal', 'ap-names-line1', { number: '2026T-01-0002', kind: 'complaint', registeredBy: clerk.user.id, namedStaff: line1.user.id, ...identity }),
    up('appeal', 'ap-names-chief', { number: '2026T-01-0003', kind: 'complaint', registeredBy: clerk.user.id, namedStaff: chief.user.id, ...identity }),
    up('repairJob', 'rj-1', { address: '东风村', description: '整村停电' }),
  ]);
  expect(r.rejections).toEqual([]);
});
afterAll(async () => app?.stop());

describe('every request needs a live token', () => {
  it('answers 401 to no token, a forged token and an expired token', async () => {
    const body = { cursor: 0 };
    expect((await api(app.url, '/api/sync/pull', { body })).status).toBe(401);
    const forged = await api(app.url, '/api/sync/pull', { body, token: 'A'.repeat(43) });
    expect(forged.status).toBe(401);
    expect(forged.json).toEqual({ error: 'auth.invalid' });
    const l = await app.login('line1', { deviceName: 'expiring' });
    await app.pool.query("UPDATE tokens SET expires_at = now() - interval '1 second' WHERE device_id = $1 AND kind = 'access'", [l.deviceId]);
    const expired = await api(app.url, '/api/sync/pull', { body, token: l.accessToken });
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual({ error: 'auth.expired' });
    for (const p of ['/api/staff', '/api/devices', '/api/audit', `/api/blobs/${PHOTO_SHA}`]) {
      expect((await api(app.url, p)).status, p).toBe(401);
      expect((await api(app.url, p, { token: 'B'.repeat(43) })).status, p).toBe(401);
    }
  });
});

describe('a lineman', () => {
  it("never receives a complainant's name, phone, address or the appeal's content, on any endpoint", async () => {
    const pulled = await rawPull(line1);
    expectNoSecret(pulled.text);
    expect(recordIds(pulled.changes)).toContain('rj-1');
    expect(pulled.text).not.toContain('ap-');
    expect(pulled.text).not.toContain('cu-zhao');
    const staff = await rawGet(line1, '/api/staff');
    expect(staff.status).toBe(200);
    expectNoSecret(staff.text);
    const blob = await rawGet(line1, `/api/blobs/${PHOTO_SHA}`);
    expect(blob.status).toBe(404);
    expect(blob.text).not.toContain('scanned');
    expect((await rawGet(line1, '/api/audit')).status).toBe(403);
    expect((await rawGet(line1, '/api/devices')).status).toBe(403);
    const view = await api(app.url, '/api/audit/view', { token: line1.accessToken, body: { type: 'appeal', id: 'ap-open' } });
    expect(view.status).toBe(404);
    expectNoSecret(JSON.stringify(view.json));
  });

  it('has a mutation to an appeal rejected with a reason, and the appeal unchanged', async () => {
    const r = await push(line1, [
      up('appeal', 'ap-open', { content: '改掉' }),
      up('appeal', 'ap-new-by-lineman', { number: '2026T-09-0001', kind: 'report' }),
      child('note', 'n-lineman', 'appeal', 'ap-open', { text: '我来补一句' }),
      { ...upsert(0, 'customer', 'cu-zhao', { phone: '13800000000' }, hlc((t += 1), 'N')) },
    ]);
    expect(r.rejections.map((x) => x.reason.code)).toEqual(['mutation.forbidden', 'mutation.forbidden', 'mutation.forbidden', 'mutation.forbidden']);
    const { rows } = await app.pool.query("SELECT data FROM records WHERE id = 'ap-open'");
    expect(rows[0].data.content).toBe(SECRET.content);
    expect((await app.pool.query("SELECT 1 FROM records WHERE id = 'ap-new-by-lineman'")).rowCount).toBe(0);
    expect((await app.pool.query("SELECT code FROM rejections WHERE client_id = $1", [line1.clientId])).rows.every((x) => x.code === 'mutation.forbidden')).toBe(true);
  });
});

describe('an appeal that names a staff member', () => {
  it('never reaches that person, not even redacted; others see it as their role allows', async () => {
    expect((await rawPull(line1)).text).not.toContain('ap-names-line1');
    const chiefPull = await rawPull(chief);
    expect(chiefPull.text).not.toContain('ap-names-chief');
    expect(recordIds(chiefPull.changes)).toEqual(expect.arrayContaining(['ap-open', 'ap-names-line1']));
    const mine = await rawPull(clerk);
    expect(recordIds(mine.changes)).toEqual(expect.arrayContaining(['ap-open', 'ap-names-line1', 'ap-names-chief']));
  });

  it('is removed from that person\'s device when edited to name them, and the removal reaches no one who never held it', async () => {
    await push(clerk, [up('appeal', 'ap-later', { number: '2026T-01-0004', kind: 'complaint', registeredBy: clerk.user.id, handler: line2.user.id, ...{ customerName: SECRET.name, content: SECRET.content } })]);
    await push(line2, [child('contactAttempt', 'ca-later', 'appeal', 'ap-later', { outcome: 'reached', at: '2026-03-02T02:00:00.000Z' })]);
    const before = await rawPull(line2);
    expect(recordIds(before.changes)).toContain('ap-later');
    expect(before.changes.some((c) => c.kind === 'child' && c.row.id === 'ca-later')).toBe(true);
    const line1Before = await rawPull(line1);

    await push(clerk, [up('appeal', 'ap-later', { namedStaff: line2.user.id })]);
    const after = await rawPull(line2, before.cursor);
    expect(removed(after.changes).sort()).toEqual(['appeal:ap-later', 'contactAttempt:ca-later']);
    expect(after.changes.filter((c) => c.kind !== 'remove')).toEqual([]);
    expectNoSecret(after.text);
    // From the start, too: nothing of it at all.
    expect((await rawPull(line2)).text).not.toContain(SECRET.content);
    // line1 never held it: not even its id reaches him.
    expect((await rawPull(line1, line1Before.cursor)).text).not.toContain('ap-later');
  });
});

describe('a clerk', () => {
  it("sees another clerk's appeal redacted to number, kind, channel, status and clocks, without its children", async () => {
    const pulled = await rawPull(clerk2);
    // The customer register is the station's, but nothing links a customer to an appeal.
    const appealsOnly = JSON.stringify(pulled.changes.filter((c) => c.kind !== 'record' || c.row.type === 'appeal'));
    expectNoSecret(appealsOnly);
    expect(appealsOnly).not.toContain('cu-zhao');
    expect(pulled.text).not.toContain(SECRET.content);
    const ap = pulled.changes.find((c) => c.kind === 'record' && c.row.id === 'ap-open');
    expect(Object.keys(ap.row.data).every((k: string) => (REDACTED_APPEAL_FIELDS as readonly string[]).includes(k))).toBe(true);
    expect(ap.row.data).toMatchObject({ number: '2026T-01-0001', kind: 'complaint', channel: 'counter' });
    expect(ap.row.status).toBe('registered');
    expect(ap.row.redacted).toBe(true);
    expect(pulled.changes.some((c) => c.kind === 'child' && c.row.parentId === 'ap-open')).toBe(false);
    expect((await rawGet(clerk2, `/api/blobs/${PHOTO_SHA}`)).status).toBe(404);
    // The customer register is the station's: a clerk sees customers.
    expect(recordIds(pulled.changes)).toContain('cu-zhao');
  });

  it('sees the appeal in full as its handler, and redacted again (children removed) when it is handed on', async () => {
    await push(clerk, [up('appeal', 'ap-open', { handler: clerk2.user.id })]);
    const full = await rawPull(clerk2);
    const ap = full.changes.find((c) => c.kind === 'record' && c.row.id === 'ap-open');
    expect(ap.row.data.customerName).toBe(SECRET.name);
    expect(full.changes.some((c) => c.kind === 'child' && c.row.id === 'n-open')).toBe(true);
    expect((await rawGet(clerk2, `/api/blobs/${PHOTO_SHA}`)).status).toBe(200);

    await push(chief, [up('appeal', 'ap-open', { handler: chief.user.id })]);
    const back = await rawPull(clerk2, full.cursor);
    expectNoSecret(back.text);
    expect(back.changes.find((c) => c.kind === 'record' && c.row.id === 'ap-open').row.redacted).toBe(true);
    expect(removed(back.changes).sort()).toEqual(['note:n-open', 'photo:ph-open']);
  });

  it('of station A reads nothing of station B', async () => {
    const pulled = await rawPull(other);
    expect(pulled.changes).toEqual([]);
    expectNoSecret(pulled.text);
    const staff = await api(app.url, '/api/staff', { token: other.accessToken });
    expect(staff.json.staff.map((s: any) => s.name)).toEqual(['other1']);
    expect((await rawGet(other, `/api/blobs/${PHOTO_SHA}`)).status).toBe(404);
    expect((await api(app.url, '/api/audit/view', { token: other.accessToken, body: { type: 'appeal', id: 'ap-open' } })).status).toBe(404);
    const r = await push(other, [up('repairJob', 'rj-1', { address: '改到外所' })]);
    expect(r.rejections.map((x) => x.reason.code)).toEqual(['record.other_station']);
  });
});

describe('a visit reassigned to another lineman', () => {
  it('leaves the first lineman\'s device on his next pull and reaches the second', async () => {
    await push(clerk, [up('visit', 'v-1', { sourceType: 'repairJob', sourceId: 'rj-1', method: 'onSite', assignee: line1.user.id })]);
    const first = await rawPull(line1);
    expect(recordIds(first.changes)).toContain('v-1');
    const l2 = await rawPull(line2);
    expect(l2.text).not.toContain('v-1');
    await push(clerk, [up('visit', 'v-1', { assignee: line2.user.id })]);
    const next = await rawPull(line1, first.cursor);
    expect(removed(next.changes)).toEqual(['visit:v-1']);
    expect(recordIds((await rawPull(line2, l2.cursor)).changes)).toContain('v-1');
  });
});

describe('revoking a device', () => {
  it('accepts its push once, answers wipe, then 401 to everything with its token', async () => {
    const tablet = await app.login('line2', { deviceName: '共用平板' });
    const ok = await push(tablet, [up('repairJob', 'rj-1', { workDone: '更换熔断器' })]);
    expect(ok.wipe).toBeUndefined();
    const rev = await api(app.url, `/api/devices/${tablet.deviceId}/revoke`, { method: 'POST', token: chief.accessToken });
    expect(rev.status).toBe(200);

    const last = await push(tablet, [up('repairJob', 'rj-1', { cause: '树障' })]);
    expect(last).toEqual({ lastMid: 2, rejections: [], wipe: true });
    expect((await app.pool.query("SELECT data->>'cause' AS c FROM records WHERE id = 'rj-1'")).rows[0].c).toBe('树障');

    const pull = await api(app.url, '/api/sync/pull', { token: tablet.accessToken, body: { cursor: 0 } });
    expect(pull.status).toBe(401);
    const again = await api(app.url, '/api/sync/push', { token: tablet.accessToken, body: pushBody(tablet.clientId, []) });
    expect(again.status).toBe(401);
    expect((await api(app.url, '/api/staff', { token: tablet.accessToken })).status).toBe(401);
    expect((await api(app.url, '/api/auth/refresh', { body: { refreshToken: tablet.refreshToken } })).status).toBe(401);
    // The user's other device is untouched.
    expect((await api(app.url, '/api/sync/pull', { token: line2.accessToken, body: { cursor: 0 } })).status).toBe(200);
  });

  it('tells a revoked device that pulls first to make its last push, and gives it no rows', async () => {
    const phone = await app.login('clerk1', { deviceName: '旧手机' });
    await api(app.url, `/api/devices/${phone.deviceId}/revoke`, { method: 'POST', token: chief.accessToken });
    const asked = await rawPull(phone);
    expect(asked.changes).toEqual([]);
    expect(asked.text).toContain('"wipe":true');
    expectNoSecret(asked.text);
    // A refresh still works until the wipe is delivered: the last push may need it.
    const refreshed = await api(app.url, '/api/auth/refresh', { body: { refreshToken: phone.refreshToken } });
    expect(refreshed.status).toBe(200);
    const r = await api(app.url, '/api/sync/push', { token: refreshed.json.accessToken, body: pushBody(phone.clientId, []) });
    expect(r.json).toEqual({ lastMid: 0, rejections: [], wipe: true });
    expect((await api(app.url, '/api/sync/pull', { token: refreshed.json.accessToken, body: { cursor: 0 } })).status).toBe(401);
  });

  it('holds the wipe while the device still has more to push', async () => {
    const phone = await app.login('line1', { deviceName: '旧手机2' });
    await api(app.url, `/api/devices/${phone.deviceId}/revoke`, { method: 'POST', token: chief.accessToken });
    const body = pushBody(phone.clientId, [{ ...up('repairJob', 'rj-1', { guidance: '一' }), mid: 1 }]);
    const first = await api(app.url, '/api/sync/push', { token: phone.accessToken, body: { ...body, device: { ...body.device, pending: 2 } } });
    expect(first.json).toEqual({ lastMid: 1, rejections: [] });
    const second = await api(app.url, '/api/sync/push', { token: phone.accessToken, body: pushBody(phone.clientId, [{ ...up('repairJob', 'rj-1', { guidance: '二' }), mid: 2 }]) });
    expect(second.json).toEqual({ lastMid: 2, rejections: [], wipe: true });
  });
});
