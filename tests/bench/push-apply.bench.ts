import { createPool } from '../../src/server/db';
import { migrate } from '../../src/server/migrations';
import { handlePush } from '../../src/server/sync/push';
import { encodePush, PUSH_V1, type PushRequest } from '../../src/sync/protocol';
import { formatHlc } from '../../src/domain/hlc';
import { intakeOf, NOW } from './data';
import { figure, log, type Env, type Figure } from './lib';
import { seedDevices } from './seed';

// push_apply_per_s: the server's handlePush on the embedded PostgreSQL, pushes of 100
// mutations (50 repair-job intakes: the job and its status event), one transaction each
// with the station lock, merge, row write, mutation log; the bodies are in the form the
// app sends (protocol version 2). The floor: the same resulting
// rows (read back from records and children) INSERTed one statement per row into copies
// of those tables in the same database, 100 rows per transaction.

const PUSHES = 30;
const PER_PUSH = 100;

export default async function pushApply(env: Env): Promise<Figure[]> {
  const pool = createPool(await env.freshDatabase('bench_push'));
  try {
    await migrate(pool);
    const [dev] = await seedDevices(pool, ['P1'], 1);
    const auth = dev!.auth;
    const bodies: unknown[] = [];
    let mid = 0;
    for (let p = 0; p < PUSHES; p += 1) {
      const mutations: PushRequest['mutations'] = [];
      for (let j = 0; j < PER_PUSH / 2; j += 1) {
        const i = p * PER_PUSH + j;
        const at = new Date(NOW.getTime() + i * 1000);
        for (const m of intakeOf(i, at, null)) {
          mid += 1;
          mutations.push({ mid, name: m.name, args: m.args, hlc: formatHlc({ ms: at.getTime(), counter: mid % 1000, node: auth.clientId }) });
        }
      }
      const req: PushRequest = { clientId: auth.clientId, schemaVersion: PUSH_V1, device: { pending: 0, oldestPendingAt: null, appVersion: 'bench', storageUsed: null, storageQuota: null, clockOffsetMs: 0 }, mutations };
      // As the app's HTTP transport sends it (protocol version 2), parsed as the server gets it.
      bodies.push(JSON.parse(JSON.stringify(encodePush(req))));
    }
    const t0 = performance.now();
    for (const body of bodies) {
      const r = await handlePush(pool, auth, body);
      const b = r.body as { lastMid?: number; rejections?: unknown[] };
      if (r.status !== 200 || b.rejections?.length) throw new Error(`push answered ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    const pushMs = performance.now() - t0;
    const total = PUSHES * PER_PUSH;

    await pool.query('CREATE TABLE raw_records (LIKE records INCLUDING ALL)');
    await pool.query('CREATE TABLE raw_children (LIKE children INCLUDING ALL)');
    const recs = (await pool.query('SELECT * FROM records ORDER BY seq')).rows as Record<string, unknown>[];
    const kids = (await pool.query('SELECT * FROM children ORDER BY seq')).rows as Record<string, unknown>[];
    if (recs.length + kids.length !== total) throw new Error(`push stored ${recs.length}+${kids.length} rows, expected ${total}`);
    const rows: { sql: string; params: unknown[] }[] = [];
    for (const r of recs) {
      rows.push({
        sql: 'INSERT INTO raw_records (type, id, station, data, clocks, status, status_gen, status_hlc, deleted, created_by, hlc, seq) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)',
        params: [r.type, r.id, r.station, JSON.stringify(r.data), JSON.stringify(r.clocks), r.status, r.status_gen, r.status_hlc, r.deleted, r.created_by, r.hlc, r.seq],
      });
    }
    for (const c of kids) {
      rows.push({
        sql: 'INSERT INTO raw_children (type, id, parent_type, parent_id, station, data, author, hlc, seq) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
        params: [c.type, c.id, c.parent_type, c.parent_id, c.station, JSON.stringify(c.data), c.author, c.hlc, c.seq],
      });
    }
    // Interleave as the push did (job, event, job, event ...).
    rows.sort((a, b) => Number(a.params[a.params.length - 1]) - Number(b.params[b.params.length - 1]));
    const t1 = performance.now();
    for (let i = 0; i < rows.length; i += PER_PUSH) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        for (const r of rows.slice(i, i + PER_PUSH)) await c.query(r.sql, r.params);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    }
    const rawMs = performance.now() - t1;
    log(`push apply: ${total} mutations in ${Math.round(pushMs)} ms; raw inserts ${Math.round(rawMs)} ms`);
    return [
      figure({
        name: 'push_apply_per_s', value: total / (pushMs / 1000), unit: 'mutations/s', floor: total / (rawMs / 1000), better: 'higher',
        target: { on: 'ratio', op: '>=', x: 0.3 }, note: `${PUSHES} pushes of ${PER_PUSH} through handlePush; floor: per-row INSERT, ${PER_PUSH} per transaction`,
      }),
    ];
  } finally {
    await pool.end();
  }
}
