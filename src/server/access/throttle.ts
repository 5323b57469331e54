import type pg from 'pg';

// Login and setup attempts, limited per account and per address. Kept in the database,
// so every copy of the server behind a load balancer counts the same attempts. A blocked
// key answers 429 without checking the password, the same for unknown and known users.

export interface Limit {
  /** Failures allowed before the key is blocked. */
  free: number;
  /** First block; each further failure while counting doubles it, up to `maxBlockMs`. */
  blockMs: number;
  maxBlockMs: number;
  /** Failures older than this no longer count. */
  windowMs: number;
}

export const ACCOUNT_LIMIT: Limit = { free: 10, blockMs: 30_000, maxBlockMs: 15 * 60_000, windowMs: 60 * 60_000 };
export const ADDRESS_LIMIT: Limit = { free: 30, blockMs: 60_000, maxBlockMs: 15 * 60_000, windowMs: 15 * 60_000 };

export const accountKey = (username: string) => `u:${username.trim().toLowerCase().slice(0, 64)}`;
export const addressKey = (address: string | undefined) => `a:${address ?? 'unknown'}`;

/** Seconds until every given key is free again; 0 when none is blocked. */
export async function blockedFor(pool: pg.Pool | pg.ClientBase, keys: string[]): Promise<number> {
  const { rows } = await pool.query<{ s: number | null }>(
    `SELECT max(ceil(extract(epoch FROM blocked_until - now())))::int AS s FROM login_attempts
      WHERE key = ANY($1::text[]) AND blocked_until > now()`,
    [keys],
  );
  return rows[0]?.s ?? 0;
}

export async function noteFailure(pool: pg.Pool | pg.ClientBase, key: string, limit: Limit): Promise<void> {
  await pool.query(
    `INSERT INTO login_attempts AS a (key, failures, last_at) VALUES ($1, 1, now())
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN a.last_at < now() - make_interval(secs => $2 / 1000.0) THEN 1 ELSE a.failures + 1 END,
       last_at = now()`,
    [key, limit.windowMs],
  );
  await pool.query(
    `UPDATE login_attempts SET blocked_until = now() + make_interval(secs => LEAST($3::float8, $2::float8 * power(2, failures - $4 - 1)) / 1000.0)
      WHERE key = $1 AND failures > $4`,
    [key, limit.blockMs, limit.maxBlockMs, limit.free],
  );
}

export async function clearFailures(pool: pg.Pool | pg.ClientBase, key: string): Promise<void> {
  await pool.query('DELETE FROM login_attempts WHERE key = $1', [key]);
}

export interface Throttled {
  status: 429;
  body: { error: 'auth.throttled'; retryAfterSeconds: number };
  headers: { 'Retry-After': string };
}

export const throttled = (seconds: number): Throttled => ({
  status: 429,
  body: { error: 'auth.throttled', retryAfterSeconds: Math.max(1, seconds) },
  headers: { 'Retry-After': String(Math.max(1, seconds)) },
});
