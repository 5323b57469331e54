import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { formatHlc } from '../../domain/hlc';
import { createStation, createUser } from '../admin-ops';
import { withTransaction } from '../db';
import { lockStation } from '../sync/push';
import { ADDRESS_LIMIT, addressKey, blockedFor, noteFailure, throttled } from './throttle';

// First run: a server started on a database with no station makes a one-time code, prints
// it and keeps only its hash. Until a station exists every API but health and setup answers
// 503 setup.required; POST /api/setup with the code makes the station and its chief. A
// station made with the admin command needs none of this.

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const hash = (code: string) => createHash('sha256').update(`stationdesk-setup:${code.toUpperCase().replace(/[^0-9A-Z]/g, '')}`).digest();

export async function stationsExist(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ n: boolean }>('SELECT EXISTS (SELECT 1 FROM stations) AS n');
  return rows[0]!.n;
}

/** At start: a fresh code when the database has no station (each start replaces the last), else null. */
export async function prepareSetup(pool: pg.Pool): Promise<string | null> {
  if (await stationsExist(pool)) return null;
  const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const code = `${raw.slice(0, 5)}-${raw.slice(5)}`;
  await pool.query(
    `INSERT INTO setup_code (id, hash) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET hash = EXCLUDED.hash, created_at = now()`,
    [hash(code).toString('hex')],
  );
  return code;
}

/** Remembers, per server process, that setup is done: stations are never deleted. */
export function setupGate(pool: pg.Pool): { needed(): Promise<boolean> } {
  let done = false;
  return {
    async needed() {
      if (done) return false;
      done = await stationsExist(pool);
      return !done;
    },
  };
}

const setupSchema = z.object({
  code: z.string().min(1).max(40),
  station: z.object({
    code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
    name: z.string().trim().min(1).max(100),
    shiftTimes: z.array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)).max(6).default([]),
  }),
  chief: z.object({ username: z.string().min(1).max(64), name: z.string().trim().min(1).max(100), password: z.string().min(1).max(256) }),
});

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export async function handleSetup(pool: pg.Pool, body: unknown, address?: string): Promise<Reply> {
  const parsed = setupSchema.safeParse(body);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { status: 400, body: { error: 'body.invalid', detail: i ? `${i.path.join('.')}: ${i.message}` : undefined } };
  }
  const { code, station, chief } = parsed.data;
  const keys = ['s:setup', addressKey(address)];
  const wait = await blockedFor(pool, keys);
  if (wait > 0) return throttled(wait);
  const out = await withTransaction(pool, async (c): Promise<Reply> => {
    await lockStation(c, '*setup*');
    if ((await c.query('SELECT 1 FROM stations LIMIT 1')).rowCount) return { status: 409, body: { error: 'setup.done' } };
    const stored = await c.query<{ hash: string }>('SELECT hash FROM setup_code WHERE id = 1');
    const expected = stored.rows[0] ? Buffer.from(stored.rows[0].hash, 'hex') : null;
    if (!expected || !timingSafeEqual(expected, hash(code))) return { status: 403, body: { error: 'setup.bad_code' } };
    const st = await createStation(c, station.code, station.name);
    if (!st.ok) return { status: 400, body: { error: st.error, detail: st.detail } };
    await c.query('UPDATE stations SET settings = $2 WHERE code = $1', [station.code, JSON.stringify({ shiftTimes: station.shiftTimes })]);
    const u = await createUser(c, { username: chief.username, name: chief.name, password: chief.password, role: 'chief', station: station.code });
    if (!u.ok) throw new SetupRefused(u.error, u.detail);
    // The station's own record, so every device learns its name and shift times by pull.
    const stamp = formatHlc({ ms: Date.now(), counter: 0, node: 'server' });
    await c.query(
      `INSERT INTO records (type, id, station, data, clocks, status, created_by, hlc, seq)
       VALUES ('station', $1, $1, $2, $3, NULL, $4, $5, nextval('change_seq'))`,
      [station.code, JSON.stringify({ name: station.name, shiftTimes: station.shiftTimes }), JSON.stringify({ name: stamp, shiftTimes: stamp }), u.value.id, stamp],
    );
    await c.query('DELETE FROM setup_code');
    await c.query(`INSERT INTO audit_events (station, user_id, action, detail) VALUES ($1, $2, 'setup', $3)`, [station.code, u.value.id, JSON.stringify({ chief: chief.username })]);
    return { status: 201, body: { station: station.code, chief: { id: u.value.id, username: chief.username } } };
  }).catch((e: unknown) => {
    if (e instanceof SetupRefused) return { status: 400, body: { error: e.code, detail: e.detail } };
    throw e;
  });
  if (out.status === 403) {
    await noteFailure(pool, keys[0]!, { ...ADDRESS_LIMIT, free: 10 });
    await noteFailure(pool, keys[1]!, ADDRESS_LIMIT);
  }
  return out;
}

class SetupRefused extends Error {
  constructor(readonly code: string, readonly detail?: string) {
    super(code);
  }
}
