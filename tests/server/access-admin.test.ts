import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Params, scopeSql, visibility, type Viewer } from '../../src/server/sync/scope';
import type { LoginResponse } from '../../src/sync/protocol';
import { api, hlc, PASSWORD, pushBody, startTestApp, upsert, type TestApp } from './helpers';

// The chief's staff, devices and audit; and the scope rules' two forms agree.

let app: TestApp;
let chief: LoginResponse;
let clerk: LoginResponse;
let line: LoginResponse;

beforeAll(async () => {
  app = await startTestApp();
  [chief, clerk, line] = (await Promise.all([app.login('chief1'), app.login('clerk1'), app.login('line1')])) as [LoginResponse, LoginResponse, LoginResponse];
});
afterAll(async () => app?.stop());

const idOf = async (username: string) => (await app.pool.query('SELECT id FROM users WHERE username = $1', [username])).rows[0].id as string;

describe('staff', () => {
  it('lets the chief add a lineman who can then log in; others may only read names', async () => {
    const add = await api(app.url, '/api/staff', { token: chief.accessToken, body: { username: 'new-line', name: '孙新', role: 'lineman', password: 'new-line-pass' } });
    expect(add.status).toBe(201);
    expect((await api(app.url, '/api/auth/login', { body: { username: 'new-line', password: 'new-line-pass', deviceName: 'p' } })).json.user).toMatchObject({ name: '孙新', role: 'lineman', station: 'S1' });
    expect((await api(app.url, '/api/staff', { token: chief.accessToken, body: { username: 'new-line', name: 'x', role: 'lineman', password: 'new-line-pass' } })).status).toBe(409);
    expect((await api(app.url, '/api/staff', { token: clerk.accessToken, body: { username: 'sneaky', name: 'x', role: 'chief', password: 'password12' } })).status).toBe(403);
    const seen = await api(app.url, '/api/staff', { token: line.accessToken });
    expect(Object.keys(seen.json.staff[0]).sort()).toEqual(['id', 'name', 'role']);
    const full = await api(app.url, '/api/staff', { token: chief.accessToken });
    expect(full.json.staff.find((s: any) => s.username === 'new-line')).toMatchObject({ disabled: false, role: 'lineman' });
  });

  it('resets a password (old sessions end) and refuses to demote or disable the chief himself', async () => {
    const id = await idOf('new-line');
    const l = await app.login('new-line').catch(() => null);
    expect(l).toBeNull(); // helper logs in with the shared password, which this user does not have
    const s = await api(app.url, '/api/auth/login', { body: { username: 'new-line', password: 'new-line-pass', deviceName: 'p' } });
    expect((await api(app.url, `/api/staff/${id}`, { method: 'PATCH', token: chief.accessToken, body: { password: PASSWORD } })).status).toBe(200);
    expect((await api(app.url, '/api/sync/pull', { token: s.json.accessToken, body: { cursor: 0 } })).status).toBe(401);
    expect((await app.login('new-line')).user.role).toBe('lineman');
    expect((await api(app.url, `/api/staff/${chief.user.id}`, { method: 'PATCH', token: chief.accessToken, body: { role: 'clerk' } })).json).toEqual({ error: 'staff.self' });
    expect((await api(app.url, `/api/staff/${await idOf('other1')}`, { method: 'PATCH', token: chief.accessToken, body: { disabled: true } })).status).toBe(404);
  });

  it('makes a user whose role changed log in again and pull from nothing in the new scope', async () => {
    const dev = await app.login('line2');
    const job = await api(app.url, '/api/sync/push', { token: clerk.accessToken, body: pushBody(clerk.clientId, [upsert(1, 'customer', 'cu-r', { name: '客户' }, hlc(1, 'K')), upsert(2, 'repairJob', 'rj-r', { address: '村' }, hlc(2, 'K'))]) });
    expect(job.json.rejections).toEqual([]);
    const before = await api(app.url, '/api/sync/pull', { token: dev.accessToken, body: { cursor: 0 } });
    expect(before.json.changes.some((c: any) => c.row?.id === 'cu-r')).toBe(false);
    expect(before.json.cursor).toBeGreaterThan(0);
    expect((await api(app.url, `/api/staff/${dev.user.id}`, { method: 'PATCH', token: chief.accessToken, body: { role: 'clerk' } })).status).toBe(200);
    expect((await api(app.url, '/api/sync/pull', { token: dev.accessToken, body: { cursor: 0 } })).status).toBe(401);
    const again = await app.login('line2', { clientId: dev.clientId });
    expect(again.user.role).toBe('clerk');
    const reset = await api(app.url, '/api/sync/pull', { token: again.accessToken, body: { cursor: before.json.cursor } });
    expect(reset.json).toMatchObject({ reset: true, cursor: 0, changes: [] });
    const fresh = await api(app.url, '/api/sync/pull', { token: again.accessToken, body: { cursor: 0 } });
    expect(fresh.json.changes.some((c: any) => c.row?.id === 'cu-r')).toBe(true);
  });
});

describe('devices', () => {
  it("shows the chief each device's user, code, last sync and the health its pushes report", async () => {
    const body = pushBody(line.clientId, []);
    const health = { pending: 3, oldestPendingAt: '2026-03-01T08:00:00.000Z', appVersion: '0.1.0', storageUsed: 1_000_000, storageQuota: 50_000_000, clockOffsetMs: -1200 };
    await api(app.url, '/api/sync/push', { token: line.accessToken, body: { ...body, device: health } });
    const r = await api(app.url, '/api/devices', { token: chief.accessToken });
    expect(r.status).toBe(200);
    const d = r.json.devices.find((x: any) => x.id === line.deviceId);
    expect(d).toMatchObject({ name: 'line1-phone', code: line.deviceCode, userName: 'line1', role: 'lineman', revokedAt: null, wiped: false, health: { ...health, schemaVersion: 1 } });
    expect(Date.parse(d.lastSyncAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(r.json.devices.every((x: any) => x.userName !== 'other1')).toBe(true);
    expect((await api(app.url, '/api/devices', { token: clerk.accessToken })).status).toBe(403);
    expect((await api(app.url, `/api/devices/${line.deviceId}/revoke`, { method: 'POST', token: clerk.accessToken })).status).toBe(403);
  });
});

describe('audit', () => {
  it('records writes, identity views and exports, shows them to the chief only, never what concerns an appeal naming him', async () => {
    const appeal = (id: string, extra: Record<string, unknown>) => upsert(0, 'appeal', id, { number: id, kind: 'complaint', customerName: '钱某', ...extra }, hlc(50, 'K'));
    const muts = [appeal('A-1', {}), appeal('A-2', { namedStaff: chief.user.id })].map((m, i) => ({ ...m, mid: i + 3 }));
    expect((await api(app.url, '/api/sync/push', { token: clerk.accessToken, body: pushBody(clerk.clientId, muts) })).json.rejections).toEqual([]);
    expect((await api(app.url, '/api/audit/view', { token: clerk.accessToken, body: { type: 'appeal', id: 'A-1' } })).status).toBe(201);
    expect((await api(app.url, '/api/audit/view', { token: clerk.accessToken, body: { type: 'appeal', id: 'A-2' } })).status).toBe(201);
    expect((await api(app.url, '/api/audit/export', { token: clerk.accessToken, body: { what: 'ics', count: 4 } })).status).toBe(201);
    const r = await api(app.url, '/api/audit', { token: chief.accessToken });
    expect(r.status).toBe(200);
    const text = JSON.stringify(r.json);
    expect(text).not.toContain('A-2');
    expect(text).not.toContain('钱某');
    const actions = r.json.entries.map((e: any) => `${e.action}:${e.id ?? ''}`);
    expect(actions).toEqual(expect.arrayContaining(['view.identity:A-1', 'record.upsert:A-1', 'export:']));
    expect(r.json.entries.find((e: any) => e.action === 'record.upsert' && e.id === 'A-1').detail).toEqual(expect.arrayContaining(['number', 'customerName']));
    expect(r.json.entries.find((e: any) => e.action === 'view.identity').userName).toBe('clerk1');
    expect((await api(app.url, '/api/audit', { token: clerk.accessToken })).status).toBe(403);
  });
});

describe('the scope rules', () => {
  it('say the same in JavaScript and in SQL for every role and kind of row', async () => {
    const u = { chief: 'u-chief', clerk: 'u-clerk', line: 'u-line' };
    const rows: { type: string; station: string; data: Record<string, unknown>; createdBy: string | null }[] = [];
    const people = [null, u.chief, u.clerk, u.line, 'u-else'];
    for (const type of ['appeal', 'visit', 'handover', 'repairJob', 'customer', 'zoneDuty', 'policyRule', 'shiftLog']) {
      for (const a of people) for (const b of people) {
        rows.push({ type, station: 'S1', createdBy: b, data: { namedStaff: a, handler: b, assignee: a, sourceType: b === null ? 'appeal' : 'repairJob', from: a, to: b, registeredBy: a } });
      }
    }
    rows.push({ type: 'repairJob', station: 'S2', data: {}, createdBy: null });
    const viewers: Viewer[] = [
      { userId: u.chief, role: 'chief', station: 'S1' }, { userId: u.clerk, role: 'clerk', station: 'S1' },
      { userId: u.line, role: 'lineman', station: 'S1' }, { userId: 'u-admin', role: 'admin', station: 'S1' },
    ];
    for (const v of viewers) {
      const p = new Params([JSON.stringify(rows)]);
      const s = scopeSql(v, 'a', p);
      const { rows: out } = await app.pool.query(
        `SELECT ${s.visible} AS visible, ${s.full} AS full FROM jsonb_to_recordset($1::jsonb) AS a(type text, station text, data jsonb, created_by text) `,
        p.values.map((x, i) => (i === 0 ? JSON.stringify(rows.map((r) => ({ ...r, created_by: r.createdBy }))) : x)),
      );
      const fromJs = rows.map((r) => visibility(v, r as any));
      const fromSql = out.map((o) => (o.full ? 'full' : o.visible ? 'redacted' : null));
      expect(fromSql, v.role).toEqual(fromJs);
    }
  });
});
