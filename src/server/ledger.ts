import type pg from 'pg';
import type { AuthContext } from './auth';

// The conflict ledger and the rejections, for the chief's desk. Both tables are append-only
// and station-scoped: a chief reads the station's; anyone else only what their own
// devices produced (their own rejections), never another person's values.

const CHIEFS = new Set(['chief', 'admin']);

export async function listConflicts(pool: pg.Pool, auth: AuthContext): Promise<{ status: number; body: unknown }> {
  if (!CHIEFS.has(auth.role)) return { status: 403, body: { error: 'auth.forbidden' } };
  const { rows } = await pool.query(
    `SELECT c.id, c.record_type AS "recordType", c.record_id AS "recordId", c.field, c.kept_value AS "keptValue",
            c.lost_value AS "lostValue", c.lost_author AS "lostAuthor", c.user_id AS "userId", c.at
       FROM conflicts c WHERE c.station = $1 ORDER BY c.id DESC LIMIT 500`,
    [auth.station],
  );
  return { status: 200, body: { conflicts: rows } };
}

export async function listRejectionsFor(pool: pg.Pool, auth: AuthContext): Promise<{ status: number; body: unknown }> {
  const all = CHIEFS.has(auth.role);
  const { rows } = await pool.query(
    `SELECT r.id, r.name, r.code, r.field, r.detail, r.user_id AS "userId", r.device_id AS "deviceId", r.at,
            r.args->>'type' AS "recordType", r.args->>'id' AS "recordId"
       FROM rejections r WHERE r.station = $1 AND ($2::boolean OR r.user_id = $3) ORDER BY r.id DESC LIMIT 500`,
    [auth.station, all, auth.userId],
  );
  return { status: 200, body: { rejections: rows } };
}
