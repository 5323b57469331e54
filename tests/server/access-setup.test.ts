import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createStation } from '../../src/server/admin-ops';
import { startServer, type RunningServer } from '../../src/server/app';
import { api, fixtureDist } from './helpers';
import { createTestDatabase, type TestDatabase } from './pg-harness';

// First run on an empty database: a one-time code, 503 setup.required until setup, then
// a station and its chief who can log in. And throttling per address (its own database).

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function fresh(): Promise<{ server: RunningServer; db: TestDatabase }> {
  const db = await createTestDatabase(inject('pgUrl'));
  const server = await startServer({ databaseUrl: db.url, port: 0, distDir: fixtureDist() });
  cleanup.push(async () => {
    await server.close();
    await db.drop();
  });
  return { server, db };
}

const body = (code: string) => ({
  code,
  station: { code: 'QX01', name: '青溪供电所', shiftTimes: ['08:00', '20:00'] },
  chief: { username: 'qx-chief', name: '周所长', password: 'first-run-pass-1' },
});

describe('first run', () => {
  it('prints a code, serves nothing but setup until it is used once, then the chief logs in', async () => {
    const { server } = await fresh();
    expect(server.setupCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect((await api(server.url, '/api/setup')).json).toEqual({ needed: true });
    const blocked = await api(server.url, '/api/auth/login', { body: { username: 'qx-chief', password: 'x', deviceName: 'd' } });
    expect(blocked.status).toBe(503);
    expect(blocked.json).toEqual({ error: 'setup.required' });
    expect((await api(server.url, '/api/sync/pull', { body: { cursor: 0 } })).json).toEqual({ error: 'setup.required' });
    expect((await api(server.url, '/api/health')).status).toBe(200);

    const wrong = await api(server.url, '/api/setup', { body: body('AAAAA-AAAAA') });
    expect(wrong.status).toBe(403);
    expect(wrong.json).toEqual({ error: 'setup.bad_code' });
    const done = await api(server.url, '/api/setup', { body: body(server.setupCode!.toLowerCase()) });
    expect(done.status).toBe(201);
    expect((await api(server.url, '/api/setup')).json).toEqual({ needed: false });
    const again = await api(server.url, '/api/setup', { body: body(server.setupCode!) });
    expect(again.status).toBe(409);

    const l = await api(server.url, '/api/auth/login', { body: { username: 'qx-chief', password: 'first-run-pass-1', deviceName: 'pc' } });
    expect(l.status).toBe(200);
    expect(l.json.user).toMatchObject({ name: '周所长', role: 'chief', station: 'QX01' });
    const pulled = await api(server.url, '/api/sync/pull', { token: l.json.accessToken, body: { cursor: 0 } });
    expect(pulled.json.changes[0].row).toMatchObject({ type: 'station', id: 'QX01', data: { name: '青溪供电所', shiftTimes: ['08:00', '20:00'] } });
    const { rows } = await server.pool.query('SELECT count(*)::int AS n FROM setup_code');
    expect(rows[0].n).toBe(0);
  });

  it('needs no setup for a station made with the admin command', async () => {
    const db = await createTestDatabase(inject('pgUrl'));
    const first = await startServer({ databaseUrl: db.url, port: 0, distDir: fixtureDist() });
    expect((await createStation(first.pool, 'AD01', '管理员建的所')).ok).toBe(true);
    expect((await api(first.url, '/api/setup')).json).toEqual({ needed: false });
    await first.close();
    const second = await startServer({ databaseUrl: db.url, port: 0, distDir: fixtureDist() });
    cleanup.push(async () => {
      await second.close();
      await db.drop();
    });
    expect(second.setupCode).toBeNull();
    expect((await api(second.url, '/api/setup', { body: body('AAAAA-AAAAA') })).status).toBe(409);
  });
});

describe('throttling per address', () => {
  it('holds back an address that keeps failing, whatever names it tries', async () => {
    const { server } = await fresh();
    await api(server.url, '/api/setup', { body: body(server.setupCode!) });
    const answers = [];
    for (let i = 0; i < 32; i++) answers.push(await api(server.url, '/api/auth/login', { body: { username: `guess${i}`, password: 'password1', deviceName: 'x' } }));
    expect(answers.slice(0, 30).every((a) => a.status === 401)).toBe(true);
    expect(answers[31]!.status).toBe(429);
    const right = await api(server.url, '/api/auth/login', { body: { username: 'qx-chief', password: 'first-run-pass-1', deviceName: 'pc' } });
    expect(right.status).toBe(429);
    expect(right.json.error).toBe('auth.throttled');
  });
});
