import type pg from 'pg';
import { SettleConflictSchema } from '../domain/ledger';
import { audit } from './access/audit';
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
       FROM conflicts c WHERE c.station = $1 AND c.settled_at IS NULL ORDER BY c.id DESC LIMIT 500`,
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

/**
 * POST /api/conflicts/settle: the chief's choice on one entry. Taking the other value is a
 * change the device has already saved and pushes like any other; this only records the
 * choice, so the entry leaves the ledger on every device. Settling twice answers the first.
 */
export async function settleConflict(pool: pg.Pool, auth: AuthContext, body: unknown): Promise<{ status: number; body: unknown }> {
  if (!CHIEFS.has(auth.role)) return { status: 403, body: { error: 'auth.forbidden' } };
  const parsed = SettleConflictSchema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: 'body.invalid', detail: parsed.error.issues[0]?.path.join('.') } };
  const { id, action } = parsed.data;
  const { rows } = await pool.query<{ settlement: string; record_type: string; record_id: string; fresh: boolean }>(
    `WITH hit AS (
       UPDATE conflicts SET settled_at = now(), settled_by = $3, settlement = $4
        WHERE id = $1 AND station = $2 AND settled_at IS NULL
        RETURNING settlement, record_type, record_id, true AS fresh)
     SELECT * FROM hit
     UNION ALL
     SELECT settlement, record_type, record_id, false FROM conflicts WHERE id = $1 AND station = $2 AND NOT EXISTS (SELECT 1 FROM hit)`,
    [id, auth.station, auth.userId, action],
  );
  const row = rows[0];
  if (!row) return { status: 404, body: { error: 'conflict.not_found' } };
  if (row.fresh) await audit(pool, auth, 'conflict.settle', { type: row.record_type, id: row.record_id, detail: { conflict: id, action } });
  return { status: 200, body: { id, settlement: row.settlement } };
}
