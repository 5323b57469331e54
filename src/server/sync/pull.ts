import type pg from 'pg';
import { PULL_PAGE, pullRequestSchema, type Change, type PullResponse } from '../../sync/protocol';
import type { AuthContext } from '../auth';
import { isTransient } from '../db';
import { error as logError } from '../log';
import { toChildRow, toRecordRow, type ChildDb, type RecordDb } from './rows';
import { serverError, unavailable, type Reply } from './push';
import { Params, scopeSql, shapeFor, typesSeenWhole } from './scope';

// POST /api/sync/pull: the rows of this device's scope with seq > cursor, in seq order,
// and a removal for each row changed since the cursor that has left the user's sight
// (audience.ts explains how removals are found). The scope comes from the token
// (scope.ts), never from the body.

type Tagged = { kind: 'record' | 'child' | 'remove'; full: boolean } & RecordDb & Pick<ChildDb, 'parent_type' | 'parent_id' | 'author'>;

function pageSql(auth: AuthContext, cursor: number, limit: number): { sql: string; params: unknown[] } {
  const p = new Params([cursor, limit]);
  const rec = scopeSql(auth, 't', p);
  const par = scopeSql(auth, 'p', p);
  const u = p.add(auth.userId);
  const s = p.add(auth.station);
  const whole = p.add(typesSeenWhole(auth.role));
  // A child shows with its parent in full; a child whose parent has not arrived yet shows
  // only to roles that see every row of the parent's type.
  const childVisible = `(CASE WHEN p.id IS NULL THEN t.station = ${s} AND t.parent_type = ANY(${whole}::text[]) ELSE ${par.full} END)`;
  const exited = (type: string, id: string) => `EXISTS (SELECT 1 FROM scope_exits x WHERE x.user_id = ${u} AND x.type = ${type} AND x.id = ${id})`;
  const recCols = 't.type, t.id, t.station, t.data, t.clocks, t.status, t.status_gen, t.status_hlc, t.deleted, t.created_by, t.hlc, t.seq';
  const childCols = `t.type, t.id, t.station, t.data, NULL::jsonb, NULL::text, 0, NULL::text, false, NULL::text, t.hlc, t.seq`;
  const sql = `
    SELECT * FROM (
      (SELECT 'record' AS kind, ${rec.full} AS full, ${recCols}, NULL AS parent_type, NULL AS parent_id, NULL AS author
         FROM records t WHERE t.seq > $1 AND t.station = ${s} AND ${rec.visible} ORDER BY t.seq LIMIT $2)
      UNION ALL
      (SELECT 'child', true, ${childCols}, t.parent_type, t.parent_id, t.author
         FROM children t LEFT JOIN records p ON p.type = t.parent_type AND p.id = t.parent_id
        WHERE t.seq > $1 AND t.station = ${s} AND ${childVisible} ORDER BY t.seq LIMIT $2)
      UNION ALL
      (SELECT 'remove', false, ${recCols}, NULL, NULL, NULL
         FROM records t WHERE t.seq > $1 AND t.station = ${s} AND NOT ${rec.visible} AND ${exited('t.type', 't.id')} ORDER BY t.seq LIMIT $2)
      UNION ALL
      (SELECT 'remove', false, ${childCols}, t.parent_type, t.parent_id, t.author
         FROM children t JOIN records p ON p.type = t.parent_type AND p.id = t.parent_id
        WHERE t.seq > $1 AND t.station = ${s} AND NOT ${par.full} AND ${exited('t.parent_type', 't.parent_id')} ORDER BY t.seq LIMIT $2)
    ) u ORDER BY seq LIMIT $2`;
  return { sql, params: p.values };
}

function toChange(r: Tagged): Change {
  if (r.kind === 'remove') return { seq: r.seq, kind: 'remove', type: r.type, id: r.id };
  if (r.kind === 'child') return { seq: r.seq, kind: 'child', row: toChildRow(r as unknown as ChildDb) };
  return { seq: r.seq, kind: 'record', row: shapeFor(toRecordRow(r), r.full ? 'full' : 'redacted') };
}

export async function handlePull(pool: pg.Pool, auth: AuthContext, body: unknown): Promise<Reply> {
  const parsed = pullRequestSchema.safeParse(body ?? {});
  if (!parsed.success) {
    return { status: 400, body: { error: 'body.invalid', detail: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } };
  }
  const { cursor } = parsed.data;
  // A revoked device learns nothing more: it is asked for its last push.
  if (auth.wipe) return { status: 200, body: { changes: [], cursor, lastMid: 0, serverTime: new Date().toISOString(), hasMore: false, wipe: true } };
  const limit = Math.min(parsed.data.limit, PULL_PAGE);
  try {
    // lastMid is read before the page: every mid it covers has committed, so its rows are in
    // this page or a later one, and the device never drops an outbox entry it cannot yet see.
    // A pending reset (the user's role changed) makes the device start again from 0.
    const client = await pool.query<{ last_mid: number; reset_pending: boolean }>('SELECT last_mid, reset_pending FROM clients WHERE client_id = $1', [auth.clientId]);
    const lastMid = client.rows[0]?.last_mid ?? 0;
    if (client.rows[0]?.reset_pending) {
      await pool.query('UPDATE clients SET reset_pending = false WHERE client_id = $1', [auth.clientId]);
      if (cursor > 0) {
        const answer: PullResponse = { changes: [], cursor: 0, lastMid, serverTime: new Date().toISOString(), reset: true, hasMore: true };
        return { status: 200, body: answer };
      }
    }
    const { sql, params } = pageSql(auth, cursor, limit + 1);
    const page = await pool.query<Tagged>(sql, params);
    const rows = page.rows.slice(0, limit);
    const changes = rows.map(toChange);
    const answer: PullResponse = {
      changes,
      cursor: changes.length ? changes[changes.length - 1]!.seq : cursor,
      lastMid,
      serverTime: new Date().toISOString(),
      hasMore: page.rows.length > limit,
    };
    // A device that only pulls has synced too: the chief's device list counts it.
    if (!answer.hasMore) await pool.query('UPDATE devices SET last_sync_at = now() WHERE id = $1', [auth.deviceId]);
    return { status: 200, body: answer };
  } catch (e) {
    if (isTransient(e)) return unavailable;
    logError('pull failed', e);
    return serverError;
  }
}
