import type pg from 'pg';
import type { Rejection } from '../../domain/mutations';
import { MAX_PUSH_MUTATIONS, readPushBody, type PushMutation, type PushRejection, type PushRequest, type PushResponse } from '../../sync/protocol';
import type { AuthContext } from '../auth';
import { isTransient, withTransaction } from '../db';
import { error as logError, warn } from '../log';
import { applyPushed, PoisonedMutation } from './apply';
import { applyAll, BatchRefused } from './push-batch';

// POST /api/sync/push, per design.md "Sync protocol v1". One transaction per push; the
// station's advisory lock is taken first, so seq is drawn in commit order within the
// station and a pull can never pass over a row that commits late.

export interface Reply {
  status: number;
  body: unknown;
}

/** Two-key advisory locks live in their own key space; 0x5d01 marks "station push". */
const STATION_LOCK_CLASS = 0x5d01;

export const unavailable: Reply = { status: 503, body: { error: 'server.unavailable' } };
export const serverError: Reply = { status: 500, body: { error: 'server.error' } };

export async function lockStation(c: pg.ClientBase, station: string): Promise<void> {
  await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [STATION_LOCK_CLASS, station]);
}

/** `oneByOne`: start on the path a refused batch falls back to (tests hold the two paths to the same outcome). */
export async function handlePush(pool: pg.Pool, auth: AuthContext, body: unknown, opts: { oneByOne?: boolean } = {}): Promise<Reply> {
  const list = body && typeof body === 'object' ? (body as { mutations?: unknown }).mutations : undefined;
  if (Array.isArray(list) && list.length > MAX_PUSH_MUTATIONS) {
    return { status: 413, body: { error: 'push.too_many', detail: `at most ${MAX_PUSH_MUTATIONS} mutations per push` } };
  }
  // Either protocol version (protocol.ts): a device that has not updated still sends version 1.
  const parsed = readPushBody(body);
  if (!parsed.success) {
    return { status: 400, body: { error: 'body.invalid', detail: parsed.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ') } };
  }
  const req = parsed.data;
  if (req.clientId !== auth.clientId) return { status: 403, body: { error: 'push.client_mismatch' } };

  // Mutations PostgreSQL refused on an earlier attempt of this push, by mid. Rare: the
  // checks before writing catch what is known; this keeps the unknown from blocking the queue.
  // Such a push is redone one mutation at a time (apply.ts), the only way to tell which.
  const poisoned = new Map<number, string>();
  let oneByOne = opts.oneByOne === true;
  for (;;) {
    try {
      return await applyBatch(pool, auth, req, poisoned, oneByOne);
    } catch (e) {
      if (e instanceof BatchRefused && !oneByOne) {
        oneByOne = true;
        continue;
      }
      if (e instanceof PoisonedMutation && !poisoned.has(e.mid)) {
        poisoned.set(e.mid, e.detail);
        continue;
      }
      if (isTransient(e)) return unavailable;
      logError('push failed', e);
      return serverError;
    }
  }
}

function applyBatch(pool: pg.Pool, auth: AuthContext, req: PushRequest, poisoned: Map<number, string>, oneByOne: boolean): Promise<Reply> {
  return withTransaction(pool, async (c) => {
    await lockStation(c, auth.station);
    const cl = await c.query<{ last_mid: number }>('SELECT last_mid FROM clients WHERE client_id = $1 FOR UPDATE', [auth.clientId]);
    if (!cl.rows[0]) return { status: 403, body: { error: 'push.unknown_client' } };
    let lastMid = cl.rows[0].last_mid;
    const start = lastMid;
    const now = Date.now();
    const repeats: number[] = [];
    const todo: PushMutation[] = [];
    for (const m of req.mutations) {
      if (m.mid <= lastMid) {
        repeats.push(m.mid);
        continue;
      }
      // A gap means the device lost or reordered something: hold here and tell it where we are.
      if (m.mid > lastMid + 1) break;
      todo.push(m);
      lastMid = m.mid;
    }
    let rejections: PushRejection[] = [];
    let rewritten = 0;
    if (oneByOne) {
      for (const m of todo) {
        const out = await applyPushed(c, auth, m, now, poisoned.get(m.mid));
        if (out.result === 'rejected') rejections.push({ mid: m.mid, reason: out.reason });
        else if (out.hlcRewritten) rewritten++;
      }
    } else if (todo.length) {
      ({ rejections, rewritten } = await applyAll(c, auth, todo, now));
    }
    if (lastMid !== start) await c.query('UPDATE clients SET last_mid = $2 WHERE client_id = $1', [auth.clientId, lastMid]);
    await c.query('UPDATE devices SET health = $2, last_sync_at = now() WHERE id = $1', [auth.deviceId, JSON.stringify({ ...req.device, schemaVersion: req.schemaVersion })]);
    if (rewritten) warn(`device ${auth.deviceId}: clock more than 5 min ahead; ${rewritten} mutation(s) applied at server time`);
    // A repeated batch (its answer was lost) must still tell the device what was rejected.
    const earlier = repeats.length ? await earlierRejections(c, auth.clientId, repeats) : [];
    const answer: PushResponse = { lastMid, rejections: [...earlier, ...rejections] };
    // A revoked device's last push: once the server holds all it has, it is told to wipe,
    // and from then on its tokens answer 401.
    const sentUpTo = req.mutations.reduce((m, x) => Math.max(m, x.mid), 0);
    if (auth.wipe && lastMid >= sentUpTo && req.device.pending <= req.mutations.length) {
      await c.query('UPDATE devices SET wipe_sent_at = now() WHERE id = $1', [auth.deviceId]);
      await c.query('UPDATE tokens SET revoked_at = now() WHERE device_id = $1 AND revoked_at IS NULL', [auth.deviceId]);
      answer.wipe = true;
    }
    return { status: 200, body: answer };
  });
}

async function earlierRejections(c: pg.ClientBase, clientId: string, mids: number[]): Promise<PushRejection[]> {
  const { rows } = await c.query<{ mid: number; code: string; field: string | null; detail: string | null }>(
    'SELECT mid, code, field, detail FROM rejections WHERE client_id = $1 AND mid = ANY($2::bigint[]) ORDER BY mid',
    [clientId, mids],
  );
  return rows.map((r) => {
    const reason: Rejection = { code: r.code };
    if (r.field !== null) reason.field = r.field;
    if (r.detail !== null) reason.detail = r.detail;
    return { mid: r.mid, reason };
  });
}
