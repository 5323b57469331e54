import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/app';
import { seedDemo } from '../../src/server/demo';
import { LIFECYCLES } from '../../src/domain/records';
import { api, fixtureDist } from './helpers';
import { createTestDatabase, type TestDatabase } from './pg-harness';

// npm run demo's station: every role logs in with its printed password, the week of jobs
// reaches each device as its scope allows, and a second run only renews the passwords.

let server: RunningServer;
let db: TestDatabase;
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('the demo station', () => {
  it('has a chief, two clerks and three linemen, and repair jobs in every state that sync to devices', async () => {
    db = await createTestDatabase(inject('pgUrl'));
    let seeded: Awaited<ReturnType<typeof seedDemo>> | null = null;
    server = await startServer({ databaseUrl: db.url, port: 0, distDir: fixtureDist(), prepare: async (pool) => void (seeded = await seedDemo(pool)) });
    const s = seeded as unknown as Awaited<ReturnType<typeof seedDemo>>;
    expect(server.setupCode).toBeNull();
    expect(s.users.map((u) => u.role).sort()).toEqual(['chief', 'clerk', 'clerk', 'lineman', 'lineman', 'lineman']);
    const tokens: Record<string, string> = {};
    for (const u of s.users) {
      const l = await api(server.url, '/api/auth/login', { body: { username: u.username, password: u.password, deviceName: 'demo' } });
      expect(l.status, u.username).toBe(200);
      expect(l.json.user.role).toBe(u.role);
      tokens[u.username] = l.json.accessToken;
    }
    const pulled = await api(server.url, '/api/sync/pull', { token: tokens.line1, body: { cursor: 0 } });
    const jobs = pulled.json.changes.filter((c: any) => c.kind === 'record' && c.row.type === 'repairJob');
    expect(new Set(jobs.map((c: any) => c.row.status))).toEqual(new Set(LIFECYCLES.repairJob));
    expect(pulled.json.changes.some((c: any) => c.kind === 'child' && c.row.type === 'statusEvent')).toBe(true);
    // Zones are every staff member's: the lineman's device gets them and their duties.
    const types = new Set(pulled.json.changes.filter((c: any) => c.kind === 'record').map((c: any) => c.row.type));
    for (const t of ['repairJob', 'zone', 'zoneAssignment', 'zoneDuty']) expect(types.has(t), t).toBe(true);
    for (const t of ['visit', 'customer', 'appeal']) expect(types.has(t), t).toBe(false);
    const { rows } = await server.pool.query("SELECT count(*)::int AS n FROM rejections");
    expect(rows[0].n).toBe(0);

    const again = await seedDemo(server.pool);
    expect(again.seeded).toBe(false);
    const { rows: count } = await server.pool.query("SELECT count(*)::int AS n FROM records WHERE type = 'repairJob'");
    expect(count[0].n).toBe(14);
    const old = await api(server.url, '/api/auth/login', { body: { username: 'chief', password: s.users[0]!.password, deviceName: 'demo' } });
    expect(old.status).toBe(401);
  });
});
