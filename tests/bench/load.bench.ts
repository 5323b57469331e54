import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { deleteUserDb, openUserDb, save, type StationDb } from '../../src/db';
import type { MutationBody } from '../../src/domain/mutations';
import { createPool } from '../../src/server/db';
import { createSyncEngine, httpTransport, type SyncEngine } from '../../src/sync';
import { intakeOf, pad } from './data';
import { figure, log, quantile, ROOT, type Env, type Figure } from './lib';
import { seedDevices, type SeededDevice } from './seed';

// load_200_devices: 200 simulated devices (20 stations of 10 clerks; each its own device
// database on fake-indexeddb and the app's own sync engine over HTTP) work against one
// server (its own process, 127.0.0.1) for 60 s: save (a new job: 2 mutations, or a note on
// one of its jobs), sync (push, then pull the station's changes), think 2-4 s, again.
// Latency is per HTTP request (push or pull) as the device sees it. At the end every
// device syncs until quiet, and the server and each device are checked: every saved
// mutation in the server's log exactly once, every row on the server and on every
// device of its station exactly once. The floor: one device alone, no think time, 15 s.

const STATIONS = 20;
const PER_STATION = 10;
const DURATION_MS = 60_000;
const SOLO_MS = 15_000;

const noLock = { request: <T,>(_n: string, _o: unknown, cb: (l: unknown) => Promise<T>) => cb({}) };

interface Sim {
  dev: SeededDevice;
  db: StationDb;
  engine: SyncEngine;
  name: string;
  jobs: string[];
  notes: string[];
  mids: number[];
  n: number;
}

interface Stats {
  latencies: number[];
  errors: string[];
  requests: number;
}

async function startServerProcess(databaseUrl: string, distDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(import.meta.dirname, 'load-server.ts')], {
    cwd: ROOT, env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_DIST: distDir }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        // log lines from the server
      }
    });
    child.once('exit', (code) => reject(new Error(`load server exited with ${code}`)));
  });
  return { url, child };
}

function timedFetch(stats: Stats, counting: () => boolean) {
  return async (input: string, init: RequestInit): Promise<Response> => {
    const t0 = performance.now();
    try {
      const res = await fetch(input, init);
      const body = await res.arrayBuffer();
      if (counting()) {
        stats.latencies.push(performance.now() - t0);
        stats.requests += 1;
        if (res.status !== 200) stats.errors.push(`http ${res.status} ${new URL(input).pathname}`);
      }
      return new Response(body, { status: res.status, headers: res.headers });
    } catch (e) {
      if (counting()) stats.errors.push(`fetch ${String(e)}`);
      throw e;
    }
  };
}

async function makeSim(dev: SeededDevice, url: string, stats: Stats, counting: () => boolean, tag: string): Promise<Sim> {
  const name = `load-${tag}-${dev.auth.clientId}`;
  const db = await openUserDb(dev.auth.userId, { station: dev.auth.station, clientId: dev.auth.clientId, name });
  const engine = createSyncEngine({
    db, transport: httpTransport(url, () => dev.accessToken, timedFetch(stats, counting)), appVersion: 'bench',
    locks: noLock, storageEstimate: async () => null,
  });
  return { dev, db, engine, name, jobs: [], notes: [], mids: [], n: 0 };
}

/** One unit of work: a new job, or a note on one of this device's jobs. */
async function work(s: Sim): Promise<number> {
  s.n += 1;
  const now = new Date();
  let ms: MutationBody[];
  if (s.jobs.length === 0 || s.n % 2 === 1) {
    const jobId = `${s.dev.auth.clientId}-job${pad(s.n, 5)}`;
    ms = intakeOf(s.n, now, null).map((m) => {
      const args = { ...m.args, id: m.name === 'child.add' ? `${jobId}-ev` : jobId } as typeof m.args;
      if (m.name === 'child.add') (args as { parentId: string }).parentId = jobId;
      return { ...m, args } as MutationBody;
    });
    s.jobs.push(jobId);
  } else {
    const noteId = `${s.dev.auth.clientId}-note${pad(s.n, 5)}`;
    ms = [{ name: 'child.add', args: { type: 'note', id: noteId, parentType: 'repairJob', parentId: s.jobs[s.n % s.jobs.length]!, fields: { text: `note ${s.n}` } } }];
    s.notes.push(noteId);
  }
  const r = await save(s.db, ms, { author: s.dev.auth.userId, now });
  if (!r.ok) throw new Error(`save failed: ${JSON.stringify(r)}`);
  s.mids.push(...r.mids);
  return ms.length;
}

async function drive(sims: Sim[], ms: number, thinkMs: [number, number], stats: Stats): Promise<void> {
  const end = Date.now() + ms;
  await Promise.all(sims.map(async (s, i) => {
    // Spread the first syncs over the think window rather than all at once.
    await new Promise((r) => setTimeout(r, (i / sims.length) * thinkMs[1]));
    while (Date.now() < end) {
      await work(s);
      const out = await s.engine.runOnce();
      if (!out.ok) stats.errors.push(`sync ${out.reason}`);
      const think = thinkMs[0] + Math.random() * (thinkMs[1] - thinkMs[0]);
      if (think > 0) await new Promise((r) => setTimeout(r, Math.min(think, Math.max(0, end - Date.now()))));
    }
  }));
}

/** Everyone syncs until nothing is pending and every cursor is at the top. */
async function settle(sims: Sim[]): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    for (let i = 0; i < sims.length; i += 20) await Promise.all(sims.slice(i, i + 20).map((s) => s.engine.runOnce()));
  }
}

interface Check {
  lost: number;
  doubled: number;
  detail: string[];
}

async function verify(pool: ReturnType<typeof createPool>, sims: Sim[]): Promise<Check> {
  const out: Check = { lost: 0, doubled: 0, detail: [] };
  const log = await pool.query<{ client_id: string; mid: number; n: number; result: string }>(
    `SELECT client_id, mid, count(*)::int AS n, min(result) AS result FROM mutation_log WHERE client_id = ANY($1) GROUP BY client_id, mid`,
    [sims.map((s) => s.dev.auth.clientId)],
  );
  const byClient = new Map<string, Map<number, number>>();
  for (const r of log.rows) {
    if (!byClient.has(r.client_id)) byClient.set(r.client_id, new Map());
    byClient.get(r.client_id)!.set(r.mid, r.n);
    if (r.result === 'rejected') out.detail.push(`rejected ${r.client_id}/${r.mid}`);
  }
  const rows = await pool.query<{ station: string; id: string; n: number }>(
    `SELECT station, id, count(*)::int AS n FROM (SELECT station, id FROM records UNION ALL SELECT station, id FROM children) u WHERE station = ANY($1) GROUP BY station, id`,
    [[...new Set(sims.map((s) => s.dev.auth.station))]],
  );
  const serverRows = new Map<string, Set<string>>();
  for (const r of rows.rows) {
    if (!serverRows.has(r.station)) serverRows.set(r.station, new Set());
    serverRows.get(r.station)!.add(r.id);
    if (r.n > 1) out.doubled += r.n - 1;
  }
  const made = new Map<string, Set<string>>();
  for (const s of sims) {
    const m = byClient.get(s.dev.auth.clientId) ?? new Map<number, number>();
    for (const mid of s.mids) {
      const n = m.get(mid) ?? 0;
      if (n === 0) out.lost += 1;
      if (n > 1) out.doubled += n - 1;
    }
    // The server holds no mid the device did not send.
    if (m.size > s.mids.length) out.doubled += m.size - s.mids.length;
    const st = s.dev.auth.station;
    if (!made.has(st)) made.set(st, new Set());
    for (const id of [...s.jobs, ...s.jobs.map((j) => `${j}-ev`), ...s.notes]) made.get(st)!.add(id);
  }
  for (const [st, ids] of made) {
    const have = serverRows.get(st) ?? new Set();
    for (const id of ids) if (!have.has(id)) { out.lost += 1; out.detail.push(`server lacks ${id}`); }
    for (const id of have) if (!ids.has(id)) { out.doubled += 1; out.detail.push(`server has unmade ${id}`); }
  }
  // Each device holds exactly its station's rows.
  for (const s of sims) {
    const want = serverRows.get(s.dev.auth.station) ?? new Set();
    const local = new Set<string>([...(await s.db.records.toCollection().primaryKeys()).map((k) => (k as string[])[1]!), ...((await s.db.children.toCollection().primaryKeys()) as string[])]);
    const pending = await s.db.outbox.count();
    for (const id of want) if (!local.has(id)) { out.lost += 1; if (out.detail.length < 20) out.detail.push(`${s.dev.auth.clientId} lacks ${id} (outbox ${pending})`); }
    for (const id of local) if (!want.has(id)) { out.doubled += 1; if (out.detail.length < 20) out.detail.push(`${s.dev.auth.clientId} has extra ${id}`); }
  }
  return out;
}

export default async function load(env: Env): Promise<Figure[]> {
  const dbUrl = await env.freshDatabase('bench_load');
  const { url, child } = await startServerProcess(dbUrl, await env.appDist());
  const pool = createPool(dbUrl, 4);
  const sims: Sim[] = [];
  try {
    const stations = Array.from({ length: STATIONS }, (_, i) => `L${String(i + 1).padStart(2, '0')}`);
    const devices = await seedDevices(pool, [...stations, 'SOLO'], PER_STATION);
    const solo = devices.filter((d) => d.auth.station === 'SOLO').slice(0, 1);
    const many = devices.filter((d) => d.auth.station !== 'SOLO');

    // Floor: one device alone.
    const soloStats: Stats = { latencies: [], errors: [], requests: 0 };
    let counting = true;
    const soloSims = [await makeSim(solo[0]!, url, soloStats, () => counting, 'solo')];
    const soloBefore = await countLog(pool, [solo[0]!.auth.clientId]);
    const ts0 = performance.now();
    await drive(soloSims, SOLO_MS, [0, 0], soloStats);
    const soloSecs = (performance.now() - ts0) / 1000;
    const soloDone = (await countLog(pool, [solo[0]!.auth.clientId])) - soloBefore;
    sims.push(...soloSims);

    // 200 devices.
    const stats: Stats = { latencies: [], errors: [], requests: 0 };
    let on = true;
    for (const d of many) sims.push(await makeSim(d, url, stats, () => on, 'many'));
    const manySims = sims.slice(1);
    const ids = many.map((d) => d.auth.clientId);
    const before = await countLog(pool, ids);
    const t0 = performance.now();
    await drive(manySims, DURATION_MS, [2_000, 4_000], stats);
    const secs = (performance.now() - t0) / 1000;
    const done = (await countLog(pool, ids)) - before;
    on = false;
    counting = false;
    await settle(sims);
    const check = await verify(pool, sims);
    log(`load: ${many.length} devices ${secs.toFixed(1)} s, ${done} mutations, ${stats.requests} requests, ${stats.errors.length} errors ${stats.errors.slice(0, 5).join('; ')}`);
    log(`load: solo ${soloDone} mutations in ${soloSecs.toFixed(1)} s, ${soloStats.requests} requests; check lost ${check.lost} doubled ${check.doubled} ${check.detail.slice(0, 10).join('; ')}`);
    const zero = { on: 'value', op: '==', x: 0 } as const;
    return [
      figure({ name: 'load_200_devices_throughput', value: done / secs, unit: 'mutations/s', floor: soloDone / soloSecs, better: 'higher', note: `${many.length} devices, 2-4 s think time, ${stats.requests} requests in ${secs.toFixed(0)} s; floor: one device alone, no think time` }),
      figure({ name: 'load_200_devices_p50', value: quantile(stats.latencies, 0.5), unit: 'ms', floor: quantile(soloStats.latencies, 0.5), better: 'lower', note: 'per push or pull request, as the device sees it' }),
      figure({ name: 'load_200_devices_p95', value: quantile(stats.latencies, 0.95), unit: 'ms', floor: quantile(soloStats.latencies, 0.95), better: 'lower' }),
      figure({ name: 'load_200_devices_errors', value: stats.errors.length + soloStats.errors.length, unit: 'count', floor: null, better: 'lower', target: zero }),
      figure({ name: 'load_200_devices_lost', value: check.lost, unit: 'count', floor: null, better: 'lower', target: zero }),
      figure({ name: 'load_200_devices_doubled', value: check.doubled, unit: 'count', floor: null, better: 'lower', target: zero }),
    ];
  } finally {
    for (const s of sims) {
      s.db.close();
      await deleteUserDb(s.dev.auth.userId, { name: s.name }).catch(() => undefined);
    }
    await pool.end();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function countLog(pool: ReturnType<typeof createPool>, clients: string[]): Promise<number> {
  const r = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM mutation_log WHERE client_id = ANY($1)', [clients]);
  return r.rows[0]!.n;
}
