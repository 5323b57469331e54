import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DATABASE, PROJECT_ROOT } from '../../src/server/app';
import { ensureDatabase, readPostmasterPid, runningPostmaster, startEmbeddedPg } from '../../src/server/embedded-pg';
import { api, startTestApp, type TestApp } from './helpers';

// The admin CLI as an operator runs it, against the server's database (DATABASE_URL).

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ seed: false });
});
afterAll(async () => app?.stop());

function admin(args: string[], stdin = '', env: Record<string, string> = { DATABASE_URL: app.db.url }): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/server/admin.ts'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(stdin);
  });
}

describe('admin CLI', () => {
  it('creates a station and a user who can then log in', async () => {
    const st = await admin(['create-station', 'CG01', '城关', '供电所']);
    expect(st).toMatchObject({ code: 0, out: 'station CG01 created\n' });
    const u = await admin(['create-user', 'zhangsan', '--role', 'chief', '--station', 'CG01', '--password-stdin', '--name', '张三'], 'S3cret-pass\n');
    expect(u.code).toBe(0);
    expect(u.out + u.err).not.toContain('S3cret-pass');
    const login = await api(app.url, '/api/auth/login', { body: { username: 'zhangsan', password: 'S3cret-pass', deviceName: 'pc' } });
    expect(login.status).toBe(200);
    expect(login.json.user).toMatchObject({ name: '张三', role: 'chief', station: 'CG01' });
    const { rows } = await app.pool.query("SELECT password_hash FROM users WHERE username = 'zhangsan'");
    expect(rows[0].password_hash).toMatch(/^scrypt\$/);
    expect(rows[0].password_hash).not.toContain('S3cret-pass');
    const { rows: names } = await app.pool.query("SELECT name FROM stations WHERE code = 'CG01'");
    expect(names[0].name).toBe('城关 供电所');
  });

  it('answers reason codes for mistakes, with exit codes', async () => {
    // Independent commands: run side by side, each a separate process as an operator would.
    const [dupStation, badRole, noStation, shortPw, noStdin, dupUser, unknown] = await Promise.all([
      admin(['create-station', 'CG01', 'again']),
      admin(['create-user', 'li', '--role', 'boss', '--station', 'CG01', '--password-stdin'], 'longenough1'),
      admin(['create-user', 'li', '--role', 'clerk', '--station', 'NOPE', '--password-stdin'], 'longenough1'),
      admin(['create-user', 'li', '--role', 'clerk', '--station', 'CG01', '--password-stdin'], 'short'),
      admin(['create-user', 'li', '--role', 'clerk', '--station', 'CG01']),
      admin(['create-user', 'zhangsan', '--role', 'clerk', '--station', 'CG01', '--password-stdin'], 'longenough1'),
      admin(['frobnicate']),
    ]);
    expect(dupStation).toMatchObject({ code: 1, err: expect.stringContaining('station.exists') });
    expect(badRole).toMatchObject({ code: 1, err: expect.stringContaining('user.bad_role') });
    expect(noStation).toMatchObject({ code: 1, err: expect.stringContaining('station.unknown') });
    expect(shortPw).toMatchObject({ code: 1, err: expect.stringContaining('user.password_too_short') });
    expect(noStdin).toMatchObject({ code: 2, err: expect.stringContaining('usage.password_stdin_required') });
    expect(dupUser).toMatchObject({ code: 1, err: expect.stringContaining('user.exists') });
    expect(unknown.code).toBe(2);
    const { rows } = await app.pool.query("SELECT count(*)::int AS n FROM users WHERE username = 'li'");
    expect(rows[0].n).toBe(0);
  });

  it('with no server running, starts the embedded PostgreSQL of DATA_DIR for the command and stops it after', async () => {
    const work = mkdtempSync('/tmp/stationdesk-admin-');
    chmodSync(work, 0o755);
    try {
      const env = { DATA_DIR: path.join(work, 'data'), DATABASE_URL: '' };
      expect(await admin(['create-station', 'HK', '河口'], '', env)).toMatchObject({ code: 0 });
      expect(await admin(['create-user', 'wang', '--role', 'lineman', '--station', 'HK', '--password-stdin'], 'another-pass\n', env)).toMatchObject({ code: 0 });
      const pgDir = path.join(work, 'data', 'pg');
      expect(runningPostmaster(pgDir)).toBeNull();
      // What the CLI wrote is what the server will find there.
      const cluster = await startEmbeddedPg({ dir: pgDir });
      const client = new pg.Client({ connectionString: await ensureDatabase(cluster.url, APP_DATABASE) });
      await client.connect();
      const { rows } = await client.query("SELECT username, role, station FROM users");
      await client.end();
      await cluster.stop();
      expect(rows).toEqual([{ username: 'wang', role: 'lineman', station: 'HK' }]);
      expect(readPostmasterPid(pgDir)).toBeNull();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
