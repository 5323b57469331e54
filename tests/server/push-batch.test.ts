import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type pg from 'pg';
import { formatHlc } from '../../src/domain/hlc';
import { LIFECYCLES } from '../../src/domain/records';
import type { AuthContext } from '../../src/server/auth';
import { createPool } from '../../src/server/db';
import { migrate } from '../../src/server/migrations';
import { handlePush } from '../../src/server/sync/push';
import type { Role } from '../../src/sync/protocol';
import { createTestDatabase, type TestDatabase } from './pg-harness';

// The batched push apply against the one-by-one apply it replaced (which stays as the
// fallback for a batch PostgreSQL refuses): the same random pushes go to two databases,
// one through each path, and every answer and every table must come out the same:
// records, children, the mutation log (one entry per mid), rejections, the conflict
// ledger, scope exits and each client's last mid. Seqs are compared by their order.

const DEVICES: { auth: AuthContext }[] = ([
  ['u-chief', 'chief', 'S1'], ['u-k1', 'clerk', 'S1'], ['u-k2', 'clerk', 'S1'], ['u-l1', 'lineman', 'S1'], ['u-l2', 'lineman', 'S1'], ['u-o1', 'clerk', 'S2'],
] as const).map(([userId, role, station]) => ({ auth: { userId, role: role as Role, station, deviceId: `d-${userId}`, clientId: `c-${userId}` } }));
const USER_IDS = DEVICES.map((d) => d.auth.userId);

async function seeded(): Promise<{ db: TestDatabase; pool: pg.Pool }> {
  const db = await createTestDatabase(inject('pgUrl'), 'pb');
  const pool = createPool(db.url, 4);
  await migrate(pool);
  await pool.query("INSERT INTO stations (code, name) VALUES ('S1', 'S1'), ('S2', 'S2')");
  for (const { auth: a } of DEVICES) {
    await pool.query('INSERT INTO users (id, station, username, name, role, password_hash) VALUES ($1, $2, $1, $1, $3, $4)', [a.userId, a.station, a.role, 'x']);
    await pool.query('INSERT INTO devices (id, user_id, station, name, code, client_id) VALUES ($1, $2, $3, $1, $1, $4)', [a.deviceId, a.userId, a.station, a.clientId]);
    await pool.query('INSERT INTO clients (client_id, device_id) VALUES ($1, $2)', [a.clientId, a.deviceId]);
  }
  return { db, pool };
}

/** mulberry32: the scenario is the seed, printed when they differ. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}

const T = Date.now() - 86_400_000;
const TYPES = ['repairJob', 'customer', 'appeal', 'visit', 'handover', 'policyRule'] as const;
// Nested values whose keys jsonb reorders: a later write of the same field must compare as one-by-one would.
const NESTED = [{ b: 1, a: 2 }, { a: 2, b: 1 }, { list: [1, { d: 1, c: 2 }], é: 'x', z: null }, { 10: 'x', 2: 'y', ab: 1, b: 0 }];

function scenario(seed: number) {
  const r = rng(seed);
  const p = `s${seed}-`;
  const ids = (t: string) => [0, 1, 2].map((i) => `${p}${t}-${i}`);
  const seen = new Map<string, string[]>();
  const stamp = () => formatHlc({ ms: T + r.int(0, 50_000), counter: r.int(0, 2), node: r.pick(['A', 'B', 'C']) });
  const fieldsOf = (type: string): Record<string, unknown> => {
    const user = () => r.pick([...USER_IDS, null]);
    const all: Record<string, () => unknown> = {
      repairJob: () => ({ customerName: r.pick(['王', '李']), address: r.pick(['北村', '南村']), assignee: user(), extra: r.pick(NESTED), cause: r.pick(['树障', '线路老化']) }),
      customer: () => ({ name: r.pick(['甲', '乙']), flags: r.pick([['media'], ['deputy', 'media']]), extra: r.pick(NESTED) }),
      appeal: () => ({ number: r.pick([`${p}N1`, `${p}N2`, `${p}N3`]).slice(-16), kind: r.pick(['complaint', 'report']), handler: user(), namedStaff: user(), registeredBy: r.pick(USER_IDS), content: r.pick(['a', 'b']), extra: r.pick(NESTED) }),
      visit: () => ({ assignee: user(), handler: user(), sourceType: r.pick(['repairJob', 'appeal', 'manual']), customerName: r.pick(['王', '李']) }),
      handover: () => ({ from: r.pick(USER_IDS), to: r.pick(USER_IDS), note: r.pick(['a', 'b']) }),
      policyRule: () => ({}),
    };
    const full = all[type]!() as Record<string, unknown>;
    const keys = Object.keys(full).filter(() => r.chance(0.5));
    const out = Object.fromEntries(keys.map((k) => [k, full[k]]));
    if (type === 'repairJob' && r.chance(0.05)) out.customerPhone = '12345';
    if (r.chance(0.03)) out.cause = 'nul\u0000byte';
    return out;
  };
  const mutation = (mid: number) => {
    const hlc = stamp();
    const type = r.pick(TYPES);
    const id = r.pick(ids(type));
    const roll = r.next();
    if (roll < 0.45) {
      const fields = fieldsOf(type);
      const base: Record<string, string | null> = {};
      for (const f of Object.keys(fields)) {
        const s = seen.get(`${type}:${id}:${f}`) ?? [];
        if (s.length && r.chance(0.5)) base[f] = r.pick(s);
        seen.set(`${type}:${id}:${f}`, [...s, hlc]);
      }
      return { mid, name: 'record.upsert', args: { type, id, fields, base }, hlc };
    }
    const stages = LIFECYCLES[type] ?? ['x'];
    if (roll < 0.6) return { mid, name: 'record.advance', args: { type, id, status: r.pick(stages), gen: r.chance(0.1) ? 1e12 : r.int(0, 2) }, hlc };
    if (roll < 0.66) return { mid, name: 'record.reopen', args: { type, id, status: r.pick(stages), gen: r.int(0, 2), reason: '重开' }, hlc };
    if (roll < 0.7) return { mid, name: 'record.delete', args: { type, id }, hlc };
    if (roll < 0.95) {
      const parentType = r.pick(TYPES);
      return { mid, name: 'child.add', args: { type: 'note', id: `${p}n-${r.int(0, 6)}`, parentType, parentId: r.pick(ids(parentType)), fields: { text: r.pick(['a', 'b']) } }, hlc };
    }
    return { mid, name: 'record.explode', args: { type, id }, hlc };
  };
  return { r, mutation };
}

type Row = Record<string, unknown>;

async function snapshot(pool: pg.Pool) {
  const q = async (sql: string) => (await pool.query<Row>(sql)).rows;
  const tables = {
    records: await q('SELECT type, id, station, data, clocks, status, status_gen, status_hlc, deleted, created_by, hlc, seq FROM records ORDER BY type, id'),
    children: await q('SELECT type, id, parent_type, parent_id, station, data, author, hlc, seq FROM children ORDER BY type, id'),
    log: await q('SELECT station, client_id, device_id, user_id, mid, name, args, hlc, applied_hlc, seq, result FROM mutation_log ORDER BY id'),
    rejections: await q('SELECT station, client_id, device_id, user_id, mid, name, args, code, field, detail FROM rejections ORDER BY id'),
    conflicts: await q('SELECT station, record_type, record_id, field, kept_value, kept_hlc, lost_value, lost_hlc, lost_author, client_id, mid, user_id FROM conflicts ORDER BY id'),
    exits: await q('SELECT user_id, type, id, seq FROM scope_exits ORDER BY user_id, type, id'),
    clients: await q('SELECT client_id, last_mid FROM clients ORDER BY client_id'),
  };
  // Seqs by rank: a refused batch draws some before it is redone one by one.
  const seqs = [...new Set(Object.values(tables).flat().map((x) => x.seq).filter((s): s is number => typeof s === 'number'))].sort((a, b) => a - b);
  const rank = new Map(seqs.map((s, i) => [s, i]));
  for (const rows of Object.values(tables)) for (const x of rows) if (typeof x.seq === 'number') x.seq = rank.get(x.seq);
  return tables;
}

let a: { db: TestDatabase; pool: pg.Pool };
let b: { db: TestDatabase; pool: pg.Pool };
beforeAll(async () => {
  [a, b] = await Promise.all([seeded(), seeded()]);
});
afterAll(async () => {
  for (const x of [a, b]) {
    await x?.pool.end();
    await x?.db.drop();
  }
});

describe('batched push apply', () => {
  it('gives every mutation the outcome one-by-one applying gives: answers, rows, log, rejections, conflicts, scope exits', async () => {
    const next = new Map(DEVICES.map((d) => [d.auth.clientId, 1]));
    const last = new Map<string, unknown[]>();
    let pushes = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const { r, mutation } = scenario(seed);
      for (let i = 0; i < 10; i++) {
        const { auth } = r.pick(DEVICES);
        let muts: unknown[];
        if (last.has(auth.clientId) && r.chance(0.15)) muts = last.get(auth.clientId)!; // an answer lost: the same batch again
        else {
          let mid = next.get(auth.clientId)!;
          muts = Array.from({ length: r.int(1, 30) }, () => mutation(r.chance(0.03) ? (mid += 2) : mid++));
        }
        last.set(auth.clientId, muts);
        const body = JSON.parse(JSON.stringify({ clientId: auth.clientId, schemaVersion: 1, device: { pending: 0, oldestPendingAt: null, appVersion: 't', storageUsed: null, storageQuota: null, clockOffsetMs: 0 }, mutations: muts }));
        const batched = await handlePush(a.pool, auth, body);
        const oneByOne = await handlePush(b.pool, auth, structuredClone(body), { oneByOne: true });
        expect(batched, `seed ${seed} push ${i}`).toEqual(oneByOne);
        expect(batched.status).toBe(200);
        next.set(auth.clientId, (batched.body as { lastMid: number }).lastMid + 1);
        pushes++;
      }
      expect(await snapshot(a.pool), `after seed ${seed}`).toEqual(await snapshot(b.pool));
    }
    // The scenarios reach what they are meant to: every outcome, in numbers.
    const { rows } = await a.pool.query<{ result: string; n: number }>('SELECT result, count(*)::int AS n FROM mutation_log GROUP BY result');
    const by = Object.fromEntries(rows.map((x) => [x.result, x.n]));
    expect(by.applied).toBeGreaterThan(200);
    expect(by.unchanged).toBeGreaterThan(20);
    expect(by.rejected).toBeGreaterThan(50);
    const codes = (await a.pool.query<{ code: string }>('SELECT DISTINCT code FROM rejections')).rows.map((x) => x.code);
    expect(codes).toEqual(expect.arrayContaining(['mutation.invalid', 'mutation.forbidden', 'mutation.unstorable', 'record.other_station', 'appeal.number_duplicate', 'field.invalid']));
    // Batches PostgreSQL refused (a generation beyond integer), redone one by one.
    expect((await a.pool.query("SELECT 1 FROM rejections WHERE code = 'mutation.unstorable' AND detail LIKE '%out of range%'")).rowCount).toBeGreaterThan(0);
    expect((await a.pool.query('SELECT 1 FROM conflicts')).rowCount).toBeGreaterThan(20);
    expect((await a.pool.query('SELECT 1 FROM scope_exits')).rowCount).toBeGreaterThan(0);
    expect(pushes).toBe(120);
  }, 240_000);
});
