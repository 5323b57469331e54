import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { loginRequestSchema, type LoginResponse, type Role } from '../sync/protocol';
import { ACCOUNT_LIMIT, accountKey, ADDRESS_LIMIT, addressKey, blockedFor, clearFailures, noteFailure, throttled } from './access/throttle';
import { withTransaction } from './db';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { hashToken, issueTokens, TOKEN_RE, type TokenConfig } from './tokens';

// Login and refresh. Both answer a LoginResponse; both leave exactly one live token pair
// per device. The device, its client id, short code and last mid outlive any login, so a
// lineman who logs in again after a month keeps his outbox.

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const invalid = (detail: string): Reply => ({ status: 400, body: { error: 'body.invalid', detail } });
const authInvalid: Reply = { status: 401, body: { error: 'auth.invalid' } };

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Crockford base-32 of a sequence number, at least two characters: short enough to read out in an appeal number. */
export function deviceCode(n: number): string {
  let s = '';
  let v = n;
  do {
    s = CODE_ALPHABET[v % 32]! + s;
    v = Math.floor(v / 32);
  } while (v > 0);
  return s.padStart(2, '0');
}

interface UserRow {
  id: string;
  name: string;
  role: Role;
  station: string;
  password_hash: string;
  disabled: boolean;
}

interface DeviceRow {
  id: string;
  code: string;
  client_id: string;
}

function response(user: Omit<UserRow, 'password_hash' | 'disabled'>, device: DeviceRow, tokens: Awaited<ReturnType<typeof issueTokens>>): LoginResponse {
  return {
    ...tokens,
    deviceId: device.id,
    clientId: device.client_id,
    deviceCode: device.code,
    user: { id: user.id, name: user.name, role: user.role, station: user.station },
  };
}

export async function handleLogin(pool: pg.Pool, body: unknown, cfg: TokenConfig, address?: string): Promise<Reply> {
  const parsed = loginRequestSchema.safeParse(body);
  if (!parsed.success) return invalid(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { username, password, deviceName, clientId } = parsed.data;
  // Per account and per address; an unknown username counts exactly like a known one.
  const keys = [accountKey(username), addressKey(address)];
  const wait = await blockedFor(pool, keys);
  if (wait > 0) return throttled(wait);
  const failed = async (): Promise<Reply> => {
    await noteFailure(pool, keys[0]!, ACCOUNT_LIMIT);
    await noteFailure(pool, keys[1]!, ADDRESS_LIMIT);
    return authInvalid;
  };
  const { rows } = await pool.query<UserRow>(
    'SELECT id, name, role, station, password_hash, disabled FROM users WHERE username = $1',
    [username],
  );
  const user = rows[0];
  if (!user) {
    await burnPasswordCheck(password);
    return failed();
  }
  if (!(await verifyPassword(password, user.password_hash))) return failed();
  await clearFailures(pool, keys[0]!);
  if (user.disabled) return { status: 403, body: { error: 'auth.disabled' } };

  return withTransaction(pool, async (c) => {
    let device: DeviceRow | undefined;
    let newClientId: string = randomUUID();
    if (clientId) {
      const found = await c.query<DeviceRow & { user_id: string; revoked: boolean }>(
        `SELECT d.id, d.code, d.client_id, d.user_id, d.revoked_at IS NOT NULL AS revoked
           FROM clients cl JOIN devices d ON d.id = cl.device_id WHERE cl.client_id = $1 FOR UPDATE OF d`,
        [clientId],
      );
      const row = found.rows[0];
      if (row && row.user_id === user.id && !row.revoked) {
        device = row;
        await c.query('UPDATE devices SET name = $2 WHERE id = $1', [row.id, deviceName]);
      } else if (!row) {
        // A client id the device made itself and the server has never seen: adopt it.
        newClientId = clientId;
      }
    }
    if (!device) {
      const seq = await c.query<{ n: number }>("SELECT nextval('device_code_seq') AS n");
      device = { id: randomUUID(), code: deviceCode(seq.rows[0]!.n), client_id: newClientId };
      await c.query(
        'INSERT INTO devices (id, user_id, station, name, code, client_id) VALUES ($1, $2, $3, $4, $5, $6)',
        [device.id, user.id, user.station, deviceName, device.code, device.client_id],
      );
      await c.query('INSERT INTO clients (client_id, device_id) VALUES ($1, $2)', [device.client_id, device.id]);
    }
    const tokens = await issueTokens(c, device.id, cfg);
    return { status: 200, body: response(user, device, tokens) };
  });
}

const refreshSchema = z.object({ refreshToken: z.string().max(100) });

export async function handleRefresh(pool: pg.Pool, body: unknown, cfg: TokenConfig): Promise<Reply> {
  const parsed = refreshSchema.safeParse(body);
  if (!parsed.success) return invalid('refreshToken: required');
  const token = parsed.data.refreshToken;
  if (!TOKEN_RE.test(token)) return authInvalid;
  return withTransaction(pool, async (c) => {
    // Revoking in the same statement that checks makes a replayed refresh token lose the race.
    const { rows } = await c.query<{ device_id: string; expired: boolean }>(
      `UPDATE tokens SET revoked_at = now()
        WHERE hash = $1 AND kind = 'refresh' AND revoked_at IS NULL
        RETURNING device_id, expires_at <= now() AS expired`,
      [hashToken(token)],
    );
    const t = rows[0];
    if (!t) return authInvalid;
    if (t.expired) return { status: 401, body: { error: 'auth.expired' } };
    // A revoked device not yet told to wipe may still refresh: its last push needs a live token.
    const found = await c.query<UserRow & DeviceRow & { device_revoked: boolean }>(
      `SELECT u.id, u.name, u.role, u.station, u.disabled, d.id AS device_id, d.code, d.client_id,
              d.revoked_at IS NOT NULL AND d.wipe_sent_at IS NOT NULL AS device_revoked
         FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = $1`,
      [t.device_id],
    );
    const r = found.rows[0] as (UserRow & DeviceRow & { device_id: string; device_revoked: boolean }) | undefined;
    if (!r || r.disabled || r.device_revoked) return authInvalid;
    const tokens = await issueTokens(c, r.device_id, cfg);
    return { status: 200, body: response(r, { id: r.device_id, code: r.code, client_id: r.client_id }, tokens) };
  });
}

/** POST /api/auth/logout: the device's tokens end; the device, its client id and outbox stay. */
export async function handleLogout(pool: pg.Pool, deviceId: string): Promise<Reply> {
  await pool.query('UPDATE tokens SET revoked_at = now() WHERE device_id = $1 AND revoked_at IS NULL', [deviceId]);
  return { status: 200, body: { ok: true } };
}
