import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../src/server/migrations';
import type { LoginResponse } from '../../src/sync/protocol';
import { api, hlc, pushBody, startTestApp, upsert, type TestApp } from './helpers';
import { createTestDatabase } from './pg-harness';

// The conflict ledger on the server: only the station's chief reads and settles it; a
// settled entry leaves every device's list; settling twice keeps the first choice.

let app: TestApp;
let chief: LoginResponse;
let clerk: LoginResponse;
let line: LoginResponse;
let other: LoginResponse;
const ids: number[] = [];

beforeAll(async () => {
  app = await startTestApp();
  chief = await app.login('chief1');
  clerk = await app.login('clerk1');
  line = await app.login('line1');
  other = await app.login('other1');
  // Two same-field edits of two jobs: the older write loses each time.
  for (const [n, id] of [[1, 'led-1'], [3, 'led-2']] as const) {
    const created = hlc(0, 'C');
    await api(app.url, '/api/sync/push', { token: clerk.accessToken, body: pushBody(clerk.clientId, [upsert(n, 'repairJob', id, { address: '原址', assignee: line.user.id }, created)]) });
    await api(app.url, '/api/sync/push', { token: clerk.accessToken, body: pushBody(clerk.clientId, [upsert(n + 1, 'repairJob', id, { address: '营业员改的' }, hlc(200, 'C'), { address: created })]) });
  }
  let mid = 0;
  for (const id of ['led-1', 'led-2']) {
    const r = await api(app.url, '/api/sync/push', { token: line.accessToken, body: pushBody(line.clientId, [upsert(++mid, 'repairJob', id, { address: '电工改的' }, hlc(100, 'L'), { address: hlc(0, 'C') })]) });
    expect(r.json.rejections).toEqual([]);
  }
  const listed = await api(app.url, '/api/conflicts', { token: chief.accessToken });
  ids.push(...(listed.json.conflicts as { id: number }[]).map((c) => c.id));
});
afterAll(async () => {
  await app?.stop();
});

describe('settling the conflict ledger', () => {
  it('lists both entries to the chief, with the losing value and its author', async () => {
    const r = await api(app.url, '/api/conflicts', { token: chief.accessToken });
    expect(r.status).toBe(200);
    expect(r.json.conflicts.map((c: { recordId: string; lostValue: string; keptValue: string; lostAuthor: string }) => [c.recordId, c.keptValue, c.lostValue, c.lostAuthor]).sort()).toEqual([
      ['led-1', '营业员改的', '电工改的', line.user.id],
      ['led-2', '营业员改的', '电工改的', line.user.id],
    ]);
  });

  it('refuses a clerk, a chief of another station and a malformed body, and changes nothing', async () => {
    expect((await api(app.url, '/api/conflicts/settle', { token: clerk.accessToken, body: { id: ids[0], action: 'keep' } })).json).toEqual({ error: 'auth.forbidden' });
    expect((await api(app.url, '/api/conflicts/settle', { token: other.accessToken, body: { id: ids[0], action: 'keep' } })).status).toBe(403);
    const bad = await api(app.url, '/api/conflicts/settle', { token: chief.accessToken, body: { id: ids[0], action: 'merge' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('body.invalid');
    expect((await api(app.url, '/api/conflicts/settle', { token: chief.accessToken, body: { id: 999_999, action: 'keep' } })).json).toEqual({ error: 'conflict.not_found' });
    expect((await api(app.url, '/api/conflicts', { token: chief.accessToken })).json.conflicts).toHaveLength(2);
  });

  it('a settled entry leaves the list; settling it again keeps the first choice; the choice is audited once', async () => {
    const first = await api(app.url, '/api/conflicts/settle', { token: chief.accessToken, body: { id: ids[0], action: 'take' } });
    expect(first.json).toEqual({ id: ids[0], settlement: 'take' });
    const again = await api(app.url, '/api/conflicts/settle', { token: chief.accessToken, body: { id: ids[0], action: 'keep' } });
    expect(again.json).toEqual({ id: ids[0], settlement: 'take' });
    const left = await api(app.url, '/api/conflicts', { token: chief.accessToken });
    expect(left.json.conflicts.map((c: { id: number }) => c.id)).toEqual([ids[1]]);
    const audited = await app.pool.query(`SELECT user_id, detail FROM audit_events WHERE action = 'conflict.settle'`);
    expect(audited.rows).toEqual([{ user_id: chief.user.id, detail: { conflict: ids[0], action: 'take' } }]);
  });
});

describe('migration 3 (settled conflicts)', () => {
  it('a database of schema 2 holding conflicts migrates, and its entries stay open for the chief', async () => {
    const db = await createTestDatabase(inject('pgUrl'));
    const pool = new pg.Pool({ connectionString: db.url });
    try {
      await pool.query('CREATE TABLE schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      for (const m of MIGRATIONS.filter((x) => x.id <= 2)) {
        await pool.query(m.sql);
        await pool.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      }
      await pool.query(`INSERT INTO conflicts (station, record_type, record_id, field, kept_value, lost_value, lost_hlc, client_id, mid, user_id)
                        VALUES ('S1', 'repairJob', 'old-1', 'address', '"甲"', '"乙"', 'h', 'c', 1, 'u')`);
      expect(await migrate(pool)).toEqual([3]);
      const { rows } = await pool.query('SELECT record_id, lost_value, settled_at, settlement FROM conflicts');
      expect(rows).toEqual([{ record_id: 'old-1', lost_value: '乙', settled_at: null, settlement: null }]);
    } finally {
      await pool.end();
      await db.drop();
    }
  });
});
