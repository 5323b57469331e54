import type pg from 'pg';
import { PULL_PAGE, pullRequestSchema, type Change, type PullResponse } from '../../sync/protocol';
import type { AuthContext } from '../auth';
import { isTransient } from '../db';
import { error as logError } from '../log';
import { CHILD_COLUMNS, RECORD_COLUMNS, toChildRow, toRecordRow, type ChildDb, type RecordDb } from './rows';
import { serverError, unavailable, type Reply } from './push';
import { visibleWhere } from './scope';

// POST /api/sync/pull: rows of this device's scope with seq > cursor, in seq order. The
// scope comes from the token (scope.ts), never from the body.

type Tagged = ({ kind: 'record' } & RecordDb) | ({ kind: 'child' } & ChildDb);

export async function handlePull(pool: pg.Pool, auth: AuthContext, body: unknown): Promise<Reply> {
  const parsed = pullRequestSchema.safeParse(body ?? {});
  if (!parsed.success) {
    return { status: 400, body: { error: 'body.invalid', detail: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } };
  }
  const { cursor } = parsed.data;
  const limit = Math.min(parsed.data.limit, PULL_PAGE);
  try {
    const scopeR = visibleWhere(auth, 3);
    const scopeC = visibleWhere(auth, 3 + scopeR.params.length);
    // One page across both tables; limit+1 rows tell whether there is more.
    const sql = `
      SELECT * FROM (
        (SELECT 'record' AS kind, ${RECORD_COLUMNS}, NULL AS parent_type, NULL AS parent_id, NULL AS author
           FROM records t WHERE t.seq > $1 AND ${scopeR.sql} ORDER BY t.seq LIMIT $2)
        UNION ALL
        (SELECT 'child' AS kind, type, id, station, data, NULL, NULL, 0, NULL, false, NULL, hlc, seq, parent_type, parent_id, author
           FROM children t WHERE t.seq > $1 AND ${scopeC.sql} ORDER BY t.seq LIMIT $2)
      ) u ORDER BY seq LIMIT $2`;
    // lastMid is read before the page: every mid it covers has committed, so its rows are in
    // this page or a later one, and the device never drops an outbox entry it cannot yet see.
    const client = await pool.query<{ last_mid: number }>('SELECT last_mid FROM clients WHERE client_id = $1', [auth.clientId]);
    const page = await pool.query<Tagged>(sql, [cursor, limit + 1, ...scopeR.params, ...scopeC.params]);
    const rows = page.rows.slice(0, limit);
    const changes: Change[] = rows.map((r) =>
      r.kind === 'record' ? { seq: r.seq, kind: 'record', row: toRecordRow(r) } : { seq: r.seq, kind: 'child', row: toChildRow(r) },
    );
    const answer: PullResponse = {
      changes,
      cursor: changes.length ? changes[changes.length - 1]!.seq : cursor,
      lastMid: client.rows[0]?.last_mid ?? 0,
      serverTime: new Date().toISOString(),
      hasMore: page.rows.length > limit,
    };
    return { status: 200, body: answer };
  } catch (e) {
    if (isTransient(e)) return unavailable;
    logError('pull failed', e);
    return serverError;
  }
}
