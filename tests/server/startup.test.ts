import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startServer } from '../../src/server/app';
import { needsBuild } from '../../src/server/build';
import { migrate, MIGRATIONS } from '../../src/server/migrations';
import { fixtureDist } from './helpers';
import { createTestDatabase } from './pg-harness';

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

describe('migrations', () => {
  it('run once, even when two servers start together on an empty database', async () => {
    const db = await createTestDatabase(inject('pgUrl'));
    cleanup.push(() => db.drop());
    const pools = [new pg.Pool({ connectionString: db.url }), new pg.Pool({ connectionString: db.url })];
    cleanup.push(() => Promise.all(pools.map((p) => p.end())).then(() => undefined));
    const ran = await Promise.all(pools.map((p) => migrate(p)));
    expect(ran.flat().sort()).toEqual(MIGRATIONS.map((m) => m.id));
    expect(await migrate(pools[0]!)).toEqual([]);
    const { rows } = await pools[0]!.query('SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
  });

  it('refuse a database newer than the server', async () => {
    const db = await createTestDatabase(inject('pgUrl'));
    cleanup.push(() => db.drop());
    const pool = new pg.Pool({ connectionString: db.url });
    cleanup.push(() => pool.end());
    await migrate(pool);
    await pool.query("INSERT INTO schema_migrations (id, name) VALUES (999, 'from the future')");
    await expect(migrate(pool)).rejects.toThrow(/newer than this server/);
  });
});

describe('HTTPS', () => {
  it('serves over TLS from PEM text or from PEM file paths', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stationdesk-tls-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const db = await createTestDatabase(inject('pgUrl'));
    cleanup.push(() => db.drop());
    const distDir = fixtureDist();
    cleanup.push(() => rmSync(distDir, { recursive: true, force: true }));
    for (const tls of [{ cert, key }, { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') }]) {
      const server = await startServer({ databaseUrl: db.url, port: 0, distDir, tls });
      try {
        expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        const body = await new Promise<string>((resolve, reject) => {
          https.get(`${server.url}/api/health`, { ca: readFileSync(cert) }, (res) => {
            let b = '';
            res.on('data', (c) => (b += c));
            res.on('end', () => resolve(b));
          }).on('error', reject);
        });
        expect(JSON.parse(body)).toMatchObject({ ok: true, database: 'ok' });
      } finally {
        await server.close();
      }
    }
  });
});

describe('build check', () => {
  it('asks for a build when dist/ is missing or older than a source, not for server-only changes', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'stationdesk-root-'));
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));
    for (const d of ['src/ui', 'src/server', 'public', 'dist']) mkdirSync(path.join(root, d), { recursive: true });
    const at = (p: string, secondsAgo: number) => {
      const t = new Date(Date.now() - secondsAgo * 1000);
      utimesSync(path.join(root, p), t, t);
    };
    const dist = path.join(root, 'dist');
    writeFileSync(path.join(root, 'src/ui/app.tsx'), 'x');
    writeFileSync(path.join(root, 'index.html'), 'x');
    writeFileSync(path.join(root, 'vite.config.ts'), 'x');
    writeFileSync(path.join(root, 'public/robots.txt'), 'x');
    writeFileSync(path.join(root, 'src/server/main.ts'), 'x');
    expect(needsBuild(root, dist)).toBe(true);
    writeFileSync(path.join(dist, 'index.html'), 'built');
    for (const p of ['src/ui/app.tsx', 'src/ui', 'src', 'index.html', 'vite.config.ts', 'public/robots.txt', 'public', 'src/server']) at(p, 100);
    at('dist/index.html', 50);
    at('src/server/main.ts', 10);
    expect(needsBuild(root, dist)).toBe(false);
    at('public/robots.txt', 10);
    expect(needsBuild(root, dist)).toBe(true);
    at('public/robots.txt', 100);
    at('src/ui/app.tsx', 10);
    expect(needsBuild(root, dist)).toBe(true);
  });
});
