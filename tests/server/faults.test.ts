import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPg, type EmbeddedPg } from '../../src/server/embedded-pg';
import { api, hlc, pushBody, startTestApp, upsert, type TestApp } from './helpers';

// Passing faults: the database goes away, or a connection dies mid-push. The device must
// get 503 server.unavailable, and nothing of the batch may have advanced.

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('passing faults', () => {
  it('a connection lost in the middle of a batch answers 503 and applies none of it', async () => {
    const app: TestApp = await startTestApp();
    cleanup.push(() => app.stop());
    const dev = await app.login('line1');
    await api(app.url, '/api/sync/push', { token: dev.accessToken, body: pushBody(dev.clientId, [upsert(1, 'repairJob', 'rj-busy', { address: 'x' }, hlc(0, 'A'))]) });

    // Someone else holds the row the third mutation needs, so the push stops there, mid-transaction.
    const blocker = new pg.Client({ connectionString: app.db.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query("SELECT 1 FROM records WHERE id = 'rj-busy' FOR UPDATE");
    const batch = [upsert(2, 'customer', 'cu-a', { name: '甲' }, hlc(1, 'A')), upsert(3, 'customer', 'cu-b', { name: '乙' }, hlc(2, 'A')), upsert(4, 'repairJob', 'rj-busy', { address: 'y' }, hlc(3, 'A'))];
    const pending = api(app.url, '/api/sync/push', { token: dev.accessToken, body: pushBody(dev.clientId, batch) });
    let victim: number | undefined;
    for (let i = 0; i < 200 && victim === undefined; i++) {
      const { rows } = await blocker.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
      victim = rows[0]?.pid;
      if (victim === undefined) await sleep(25);
    }
    expect(victim).toBeDefined();
    await blocker.query('SELECT pg_terminate_backend($1)', [victim]);
    const r = await pending;
    await blocker.query('ROLLBACK');
    await blocker.end();
    expect(r.status).toBe(503);
    expect(r.json).toEqual({ error: 'server.unavailable' });
    const held = await app.pool.query("SELECT count(*)::int AS n FROM records WHERE id IN ('cu-a', 'cu-b')");
    expect(held.rows[0].n).toBe(0);
    expect((await app.pool.query('SELECT last_mid FROM clients WHERE client_id = $1', [dev.clientId])).rows[0].last_mid).toBe(1);

    const retry = await api(app.url, '/api/sync/push', { token: dev.accessToken, body: pushBody(dev.clientId, batch) });
    expect(retry.json).toEqual({ lastMid: 4, rejections: [] });
  });

  it('with the database down: health says so, sync answers 503, and all resumes when it is back', async () => {
    const work = mkdtempSync('/tmp/stationdesk-down-');
    chmodSync(work, 0o755);
    cleanup.push(async () => rmSync(work, { recursive: true, force: true }));
    let cluster: EmbeddedPg = await startEmbeddedPg({ dir: path.join(work, 'pg') });
    cleanup.push(() => cluster.stop());
    const app = await startTestApp({ clusterUrl: cluster.url });
    cleanup.push(() => app.close());
    const dev = await app.login('clerk1');
    const first = [upsert(1, 'customer', 'cu-1', { name: '一' }, hlc(0, 'K'))];
    expect((await api(app.url, '/api/sync/push', { token: dev.accessToken, body: pushBody(dev.clientId, first) })).json.lastMid).toBe(1);

    await cluster.stop();
    const h = await api(app.url, '/api/health');
    expect(h.status).toBe(200);
    expect(h.json).toMatchObject({ ok: false, database: 'down' });
    const batch = [upsert(2, 'customer', 'cu-2', { name: '二' }, hlc(1, 'K'))];
    const push = await api(app.url, '/api/sync/push', { token: dev.accessToken, body: pushBody(dev.clientId, batch) });
    expect(push.status).toBe(503);
    expect(push.json).toEqual({ error: 'server.unavailable' });
    const pull = await api(app.url, '/api/sync/pull', { token: dev.accessToken, body: { cursor: 0 } });
    expect(pull.status).toBe(503);
    const login = await api(app.url, '/api/auth/login', { body: { username: 'clerk1', password: 'x'.repeat(10), deviceName: 'd' } });
    expect(login.status).toBe(503);

    cluster = await startEmbeddedPg({ dir: path.join(work, 'pg'), port: cluster.port });
    let back = await api(app.url, '/api/health');
    for (let i = 0; i < 50 && back.json.database !== 'ok'; i++) {
      await sleep(100);
      back = await api(app.url, '/api/health');
    }
    expect(back.json.database).toBe('ok');
    const again = await api(app.url, '/api/sync/push', { token: dev.accessToken, body: pushBody(dev.clientId, batch) });
    expect(again.json).toEqual({ lastMid: 2, rejections: [] });
    const all = await api(app.url, '/api/sync/pull', { token: dev.accessToken, body: { cursor: 0 } });
    expect(all.json.changes.map((c: { row: { id: string } }) => c.row.id)).toEqual(['cu-1', 'cu-2']);
  });
});
