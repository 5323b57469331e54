import type { IncomingMessage } from 'node:http';
import type pg from 'pg';
import type { Role } from '../sync/protocol';
import { hashToken, TOKEN_RE } from './tokens';

// Bearer authentication for every /api route but login, refresh and health. The one place
// that turns a request into "who is this": later access rules (scopes, revoke with wipe,
// rate limits) extend this module rather than the routes.

export interface AuthContext {
  userId: string;
  role: Role;
  station: string;
  deviceId: string;
  clientId: string;
  /** The device was revoked and has not yet been told to wipe: it may push once more. */
  wipe?: boolean;
}

export type AuthErrorCode = 'auth.required' | 'auth.invalid' | 'auth.expired' | 'auth.revoked';

export interface AuthFailure {
  status: 401;
  error: AuthErrorCode;
}

export const isAuthFailure = (a: AuthContext | AuthFailure): a is AuthFailure => 'error' in a;

export function bearerToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : '';
}

interface TokenRow {
  kind: string;
  expired: boolean;
  token_revoked: boolean;
  device_id: string;
  client_id: string;
  device_revoked: boolean;
  wipe_sent: boolean;
  user_id: string;
  role: Role;
  station: string;
  disabled: boolean;
}

/**
 * Resolves an access token; database faults are thrown (the HTTP layer answers 503).
 * `lastPush`: the route is part of a push (push, photo upload, pull asking for the wipe),
 * which a revoked device may still make until it has been told to wipe.
 */
export async function authenticateToken(pool: pg.Pool, token: string | null, lastPush = false): Promise<AuthContext | AuthFailure> {
  if (token === null) return { status: 401, error: 'auth.required' };
  if (!TOKEN_RE.test(token)) return { status: 401, error: 'auth.invalid' };
  const { rows } = await pool.query<TokenRow>(
    `SELECT t.kind, t.expires_at <= now() AS expired, t.revoked_at IS NOT NULL AS token_revoked,
            d.id AS device_id, d.client_id, d.revoked_at IS NOT NULL AS device_revoked, d.wipe_sent_at IS NOT NULL AS wipe_sent,
            u.id AS user_id, u.role, u.station, u.disabled
       FROM tokens t JOIN devices d ON d.id = t.device_id JOIN users u ON u.id = d.user_id
      WHERE t.hash = $1`,
    [hashToken(token)],
  );
  const r = rows[0];
  if (!r || r.kind !== 'access' || r.token_revoked || r.disabled) return { status: 401, error: 'auth.invalid' };
  if (r.expired) return { status: 401, error: 'auth.expired' };
  const auth: AuthContext = { userId: r.user_id, role: r.role, station: r.station, deviceId: r.device_id, clientId: r.client_id };
  if (r.device_revoked) {
    if (!lastPush || r.wipe_sent) return { status: 401, error: 'auth.revoked' };
    auth.wipe = true;
  }
  return auth;
}

export function authenticate(pool: pg.Pool, req: IncomingMessage, lastPush = false): Promise<AuthContext | AuthFailure> {
  return authenticateToken(pool, bearerToken(req), lastPush);
}
