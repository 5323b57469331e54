import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/server/admin-ops';
import { APP_DATABASE, PROJECT_ROOT } from '../../src/server/app';
import { ensureDatabase, freePort, readPostmasterPid, runningPostmaster, urlOfRunning } from '../../src/server/embedded-pg';
import type { LoginResponse } from '../../src/sync/protocol';
import { fixtureDist, hlc, note, PASSWORD, pushBody, upsert, type Mut } from './helpers';

// The real server (`main.ts`, embedded PostgreSQL) killed with SIGKILL over and over while
// three devices push. Every mid the server acknowledged must be there exactly once, and no
// mid may be applied twice: each retry sends its notes under new ids, so a mutation applied
// a second time would show up as a second note for the same mid.

const KILLS = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const work = mkdtempSync('/tmp/stationdesk-crash-');
chmodSync(work, 0o755);
const dataDir = path.join(work, 'data');
const pgDir = path.join(dataDir, 'pg');
const distDir = fixtureDist();
let server: ChildProcess | null = null;
let output = '';

afterAll(async () => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  const left = runningPostmaster(pgDir);
  if (left) process.kill(left.pid, 'SIGQUIT');
  await sleep(200);
  rmSync(work, { recursive: true, force: true });
  rmSync(distDir, { recursive: true, force: true });
});

function start(port: number): ChildProcess {
  // Its own process group, so one kill can take the server and its postmaster together.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/server/main.ts')], {
    cwd: PROJECT_ROOT,
    detached: true,
    env: { ...process.env, DATA_DIR: dataDir, DIST_DIR: distDir, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  return child;
}

async function waitHealthy(base: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}\n${output.slice(-3000)}`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok && ((await r.json()) as { database: string }).database === 'ok') return;
    } catch {
      /* not up yet */
    }
    await sleep(50);
  }
  throw new Error(`server did not come up\n${output.slice(-3000)}`);
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

interface Device {
  login: LoginResponse;
  acked: number;
  pushes: number;
}

async function pushLoop(base: string, d: Device, name: string, running: () => boolean) {
  while (running()) {
    const first = d.acked + 1;
    const size = 1 + Math.floor(Math.random() * 5);
    const nonce = Math.random().toString(36).slice(2, 8);
    const muts: Mut[] = [];
    for (let mid = first; mid < first + size; mid++) {
      muts.push(mid === 1
        ? upsert(1, 'repairJob', `${name}-job`, { address: name }, hlc(1, name))
        : note(mid, `${name}-${mid}-${nonce}`, `${name}-job`, String(mid), hlc(mid, name)));
    }
    try {
      const r = await fetch(`${base}/api/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${d.login.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(pushBody(d.login.clientId, muts)),
      });
      if (r.status === 200) {
        const body = (await r.json()) as { lastMid: number; rejections: unknown[] };
        expect(body.rejections).toEqual([]);
        expect(body.lastMid).toBeGreaterThanOrEqual(d.acked);
        d.acked = body.lastMid;
        d.pushes++;
        continue;
      }
      expect([503]).toContain(r.status);
    } catch {
      /* the server is down or died under us: try again */
    }
    await sleep(30);
  }
}

describe('crash safety', () => {
  it(`keeps every acknowledged mid exactly once across ${KILLS} SIGKILLs while 3 devices push`, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = start(port);
    await waitHealthy(base, server);

    // Seed while the server runs: the admin CLI finds the running cluster through postmaster.pid.
    const cli = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/server/admin.ts'), 'create-station', 'S1', '城关'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: 'ignore',
    });
    expect(await exited(cli)).toBe(0);
    const pidBefore = readPostmasterPid(pgDir)?.pid;
    const seedPool = new pg.Pool({ connectionString: await ensureDatabase(urlOfRunning(pgDir)!, APP_DATABASE), max: 1 });
    for (const u of ['d1', 'd2', 'd3']) expect((await createUser(seedPool, { username: u, role: 'clerk', station: 'S1', password: PASSWORD })).ok).toBe(true);
    await seedPool.end();
    expect(readPostmasterPid(pgDir)?.pid).toBe(pidBefore);

    const devices: Record<string, Device> = {};
    for (const u of ['d1', 'd2', 'd3']) {
      const r = await fetch(`${base}/api/auth/login`, { method: 'POST', body: JSON.stringify({ username: u, password: PASSWORD, deviceName: u }) });
      devices[u] = { login: (await r.json()) as LoginResponse, acked: 0, pushes: 0 };
    }
    let running = true;
    const loops = Object.entries(devices).map(([name, d]) => pushLoop(base, d, name, () => running));

    let orphansMet = 0;
    for (let k = 0; k < KILLS; k++) {
      const before = Object.values(devices).reduce((n, d) => n + d.pushes, 0);
      // Kill only once pushes are flowing again, at a random moment within them.
      for (let i = 0; i < 200 && Object.values(devices).reduce((n, d) => n + d.pushes, 0) < before + 2; i++) await sleep(20);
      await sleep(Math.random() * 150);
      const victim = server!;
      if (k % 2 === 0) {
        // Power-cut style: the server and its postmaster at once.
        process.kill(-victim.pid!, 'SIGKILL');
      } else {
        // Only Node dies; its postmaster lives on as an orphan the next start must deal with.
        process.kill(victim.pid!, 'SIGKILL');
      }
      await exited(victim);
      if (k % 2 === 1 && runningPostmaster(pgDir)) orphansMet++;
      server = start(port);
      await waitHealthy(base, server);
    }
    running = false;
    await Promise.all(loops);
    expect(orphansMet).toBeGreaterThan(0);

    const db = new pg.Client({ connectionString: await ensureDatabase(urlOfRunning(pgDir)!, APP_DATABASE) });
    await db.connect();
    try {
      for (const [name, d] of Object.entries(devices)) {
        expect(d.acked, name).toBeGreaterThan(KILLS);
        const { rows: cl } = await db.query('SELECT last_mid FROM clients WHERE client_id = $1', [d.login.clientId]);
        const lastMid = cl[0].last_mid;
        expect(lastMid).toBeGreaterThanOrEqual(d.acked);
        const { rows: log } = await db.query('SELECT mid FROM mutation_log WHERE client_id = $1 ORDER BY mid', [d.login.clientId]);
        expect(log.map((r) => r.mid)).toEqual(Array.from({ length: lastMid }, (_, i) => i + 1));
        const { rows: notes } = await db.query(
          "SELECT (data->>'text')::int AS mid, count(*)::int AS n FROM children WHERE parent_id = $1 GROUP BY 1 ORDER BY 1",
          [`${name}-job`],
        );
        expect(notes.filter((r) => r.n !== 1)).toEqual([]);
        expect(notes.map((r) => r.mid)).toEqual(Array.from({ length: lastMid - 1 }, (_, i) => i + 2));
      }
    } finally {
      await db.end();
    }

    // And a clean stop: SIGTERM ends HTTP and PostgreSQL and exits 0.
    const last = server!;
    process.kill(last.pid!, 'SIGTERM');
    expect(await exited(last)).toBe(0);
    server = null;
    expect(runningPostmaster(pgDir)).toBeNull();
  }, 180_000);
});
