import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { ROLES, type Role } from '../sync/protocol';
import { hashPassword } from './passwords';

// Station and user setup, shared by the admin CLI and the tests. Failures are reason
// codes the CLI prints as they are.

export type OpResult<T> = { ok: true; value: T } | { ok: false; error: string; detail?: string };

export const MIN_PASSWORD = 8;

export async function createStation(pool: pg.Pool | pg.ClientBase, code: string, name: string): Promise<OpResult<{ code: string }>> {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(code)) return { ok: false, error: 'station.bad_code', detail: 'letters, digits, _ or -, at most 32' };
  if (!name.trim()) return { ok: false, error: 'station.bad_name' };
  const r = await pool.query('INSERT INTO stations (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING', [code, name.trim()]);
  return r.rowCount ? { ok: true, value: { code } } : { ok: false, error: 'station.exists', detail: code };
}

export interface NewUser {
  username: string;
  role: string;
  station: string;
  password: string;
  name?: string;
}

/** Shape checks for a new user; the station's existence is checked where it is inserted. */
export function checkNewUser(u: NewUser): OpResult<null> {
  if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(u.username)) return { ok: false, error: 'user.bad_username' };
  if (!ROLES.includes(u.role as Role)) return { ok: false, error: 'user.bad_role', detail: ROLES.join('|') };
  if ([...u.password].length < MIN_PASSWORD) return { ok: false, error: 'user.password_too_short', detail: `at least ${MIN_PASSWORD} characters` };
  if ([...u.password].length > 256) return { ok: false, error: 'user.password_too_long' };
  if (u.name !== undefined && [...u.name].length > 100) return { ok: false, error: 'user.bad_name' };
  return { ok: true, value: null };
}

export async function createUser(pool: pg.Pool | pg.ClientBase, u: NewUser): Promise<OpResult<{ id: string }>> {
  const checked = checkNewUser(u);
  if (!checked.ok) return checked;
  const st = await pool.query('SELECT 1 FROM stations WHERE code = $1', [u.station]);
  if (!st.rowCount) return { ok: false, error: 'station.unknown', detail: u.station };
  const id = randomUUID();
  const hash = await hashPassword(u.password);
  const r = await pool.query(
    `INSERT INTO users (id, station, username, name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (username) DO NOTHING`,
    [id, u.station, u.username, u.name?.trim() || u.username, u.role, hash],
  );
  return r.rowCount ? { ok: true, value: { id } } : { ok: false, error: 'user.exists', detail: u.username };
}
