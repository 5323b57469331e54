import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';

// Opaque bearer tokens: 32 random bytes, stored only as their SHA-256, so a copy of the
// database does not let anyone sign in.

export const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export interface TokenConfig {
  accessTtlMs: number;
  refreshTtlMs: number;
}

export const DEFAULT_TOKENS: TokenConfig = { accessTtlMs: 60 * 60_000, refreshTtlMs: 30 * 24 * 60 * 60_000 };

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
}

/** Revokes whatever the device held and issues a fresh pair: one live session per device. */
export async function issueTokens(c: pg.ClientBase, deviceId: string, cfg: TokenConfig): Promise<IssuedTokens> {
  const accessToken = newToken();
  const refreshToken = newToken();
  const now = Date.now();
  const accessExp = new Date(now + Math.min(cfg.accessTtlMs, 60 * 60_000));
  await c.query('UPDATE tokens SET revoked_at = now() WHERE device_id = $1 AND revoked_at IS NULL', [deviceId]);
  await c.query(
    `INSERT INTO tokens (hash, kind, device_id, expires_at) VALUES ($1, 'access', $3, $4), ($2, 'refresh', $3, $5)`,
    [hashToken(accessToken), hashToken(refreshToken), deviceId, accessExp, new Date(now + cfg.refreshTtlMs)],
  );
  return { accessToken, refreshToken, expiresAt: accessExp.toISOString() };
}
