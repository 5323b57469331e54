import type pg from 'pg';
import { z } from 'zod';
import { RECORD_TYPES } from '../../domain/records';
import type { AuthContext } from '../auth';
import { toRecordRow, type RecordDb } from '../sync/rows';
import { Params, visibility } from '../sync/scope';

// The audit trail: writes are in mutation_log (append-only since the first schema); views of
// a complainant's identity, exports, staff and device changes are in audit_events. Neither
// table is ever updated or deleted from. The chief reads both for the station, except what
// concerns an appeal that names the chief.

export interface Reply {
  status: number;
  body: unknown;
}

export type AuditAction = 'view.identity' | 'export' | 'staff.add' | 'staff.change' | 'device.revoke' | 'setup' | 'logout' | 'conflict.settle';

export async function audit(c: pg.Pool | pg.ClientBase, auth: Pick<AuthContext, 'station' | 'userId' | 'deviceId'>, action: AuditAction, target: { type?: string; id?: string; detail?: unknown } = {}): Promise<void> {
  await c.query(
    'INSERT INTO audit_events (station, user_id, device_id, action, record_type, record_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [auth.station, auth.userId, auth.deviceId, action, target.type ?? null, target.id ?? null, target.detail === undefined ? null : JSON.stringify(target.detail)],
  );
}

const viewSchema = z.object({ type: z.enum(RECORD_TYPES), id: z.string().min(1).max(64) });

/** POST /api/audit/view: the device opened a record's identity (best-effort, when online). */
export async function handleAuditView(pool: pg.Pool, auth: AuthContext, body: unknown): Promise<Reply> {
  const parsed = viewSchema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: 'body.invalid' } };
  const { rows } = await pool.query<RecordDb>('SELECT * FROM records WHERE type = $1 AND id = $2', [parsed.data.type, parsed.data.id]);
  // Nothing is said about a row the user may not see, not even whether it exists.
  if (!rows[0] || visibility(auth, toRecordRow(rows[0])) !== 'full') return { status: 404, body: { error: 'record.not_found' } };
  await audit(pool, auth, 'view.identity', parsed.data);
  return { status: 201, body: { ok: true } };
}

const exportSchema = z.object({ what: z.string().min(1).max(64), count: z.number().int().min(0).max(1_000_000) });

/** POST /api/audit/export: the device exported something (a calendar, a list). */
export async function handleAuditExport(pool: pg.Pool, auth: AuthContext, body: unknown): Promise<Reply> {
  const parsed = exportSchema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: 'body.invalid' } };
  await audit(pool, auth, 'export', { detail: parsed.data });
  return { status: 201, body: { ok: true } };
}

export interface AuditEntry {
  at: string;
  userId: string | null;
  userName: string | null;
  deviceId: string | null;
  action: string;
  type: string | null;
  id: string | null;
  /** Field names a write set (never their values), or the event's own detail. */
  detail: unknown;
}

/** GET /api/audit?before=<cursor>: the chief's view, newest first, 100 a page. */
export async function listAudit(pool: pg.Pool, auth: AuthContext, query: URLSearchParams): Promise<Reply> {
  if (auth.role !== 'chief' && auth.role !== 'admin') return { status: 403, body: { error: 'auth.forbidden' } };
  const before = query.get('before');
  const p = new Params([auth.station, auth.userId]);
  const cut = before && !Number.isNaN(Date.parse(before)) ? `AND at < ${p.add(before)}` : '';
  // Nothing about an appeal that names the reader.
  const namesMe = (type: string, id: string) =>
    `EXISTS (SELECT 1 FROM records r WHERE r.type = 'appeal' AND ${type} = 'appeal' AND r.id = ${id} AND coalesce(r.data->>'namedStaff', '') = $2)`;
  const { rows } = await pool.query<{ at: Date; user_id: string | null; user_name: string | null; device_id: string | null; action: string; type: string | null; id: string | null; detail: unknown }>(
    `SELECT e.*, u.name AS user_name FROM (
       (SELECT at, user_id, device_id, action, record_type AS type, record_id AS id, detail FROM audit_events
         WHERE station = $1 ${cut} AND NOT ${namesMe('record_type', 'record_id')} ORDER BY at DESC LIMIT 100)
       UNION ALL
       (SELECT at, user_id, device_id, CASE WHEN result = 'rejected' THEN 'rejected:' || name ELSE name END,
               coalesce(args->>'type', args->>'parentType'), coalesce(args->>'id', args->>'parentId'),
               to_jsonb(ARRAY(SELECT jsonb_object_keys(CASE WHEN jsonb_typeof(args->'fields') = 'object' THEN args->'fields' ELSE '{}'::jsonb END)))
          FROM mutation_log WHERE station = $1 AND result <> 'unchanged' ${cut}
           AND NOT ${namesMe("coalesce(args->>'type', args->>'parentType')", "coalesce(args->>'id', args->>'parentId')")}
         ORDER BY at DESC LIMIT 100)
     ) e LEFT JOIN users u ON u.id = e.user_id ORDER BY e.at DESC LIMIT 100`,
    p.values,
  );
  const entries: AuditEntry[] = rows.map((r) => ({
    at: r.at.toISOString(), userId: r.user_id, userName: r.user_name, deviceId: r.device_id, action: r.action, type: r.type, id: r.id, detail: r.detail,
  }));
  return { status: 200, body: { entries } };
}
