import type pg from 'pg';
import { formatHlc, parseHlc, tickHlc, type Hlc } from '../../domain/hlc';
import { applyChildAdd, applyRecordMutation, type ConflictEntry, type MergeResult } from '../../domain/merge';
import { checkMutation, type MutationBody, type Rejection } from '../../domain/mutations';
import type { PushMutation } from '../../sync/protocol';
import type { AuthContext } from '../auth';
import { CHILD_COLUMNS, insertChild, RECORD_COLUMNS, toChildRow, toRecordRow, writeRecord, type ChildDb, type RecordDb } from './rows';
import { mayWrite } from './scope';

// Applies one pushed mutation inside the push transaction (station lock held). Every mid
// ends in mutation_log exactly once: applied, unchanged, or rejected with a reason code.

export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

let serverClock: Hlc | null = null;

/** A stamp from the server's clock under the device's node id, unique within this process. */
export function serverHlc(node: string, now: number): string {
  serverClock = tickHlc(serverClock, now, node);
  return formatHlc(serverClock);
}

export type Outcome = { result: 'applied' | 'unchanged'; seq: number | null; hlcRewritten: boolean } | { result: 'rejected'; reason: Rejection };

/** jsonb refuses NUL characters and unpaired surrogates; such a mutation could never be stored. */
export function storable(value: unknown): boolean {
  const s = JSON.stringify(value) ?? '';
  // JSON.stringify escapes exactly these (a lone surrogate as \udXXX); an even run of backslashes before is a literal one.
  return !/(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i.test(s);
}

async function logMutation(c: pg.ClientBase, auth: AuthContext, m: PushMutation, appliedHlc: string, seq: number | null, result: string, keepArgs: boolean) {
  await c.query(
    `INSERT INTO mutation_log (station, client_id, device_id, user_id, mid, name, args, hlc, applied_hlc, seq, result)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [auth.station, auth.clientId, auth.deviceId, auth.userId, m.mid, m.name.slice(0, 64),
      keepArgs ? JSON.stringify(m.args ?? null) : null, m.hlc, appliedHlc, seq, result],
  );
}

async function reject(c: pg.ClientBase, auth: AuthContext, m: PushMutation, reason: Rejection, keepArgs = true): Promise<Outcome> {
  await c.query(
    `INSERT INTO rejections (station, client_id, device_id, user_id, mid, name, args, code, field, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [auth.station, auth.clientId, auth.deviceId, auth.userId, m.mid, m.name.slice(0, 64),
      keepArgs ? JSON.stringify(m.args ?? null) : null, reason.code, reason.field ?? null, reason.detail?.slice(0, 2000) ?? null],
  );
  await logMutation(c, auth, m, m.hlc, null, 'rejected', keepArgs);
  return { result: 'rejected', reason };
}

async function writeConflicts(c: pg.ClientBase, auth: AuthContext, mid: number, conflicts: ConflictEntry[]) {
  for (const x of conflicts) {
    await c.query(
      `INSERT INTO conflicts (station, record_type, record_id, field, kept_value, kept_hlc, lost_value, lost_hlc, lost_author, client_id, mid, user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [auth.station, x.recordType, x.recordId, x.field, JSON.stringify(x.keptValue ?? null), x.keptHlc,
        JSON.stringify(x.lostValue ?? null), x.lostHlc, x.lostAuthor, auth.clientId, mid, auth.userId],
    );
  }
}

const otherStation: Rejection = { code: 'record.other_station' };

async function merge(c: pg.ClientBase, auth: AuthContext, m: MutationBody, ctx: { hlc: string; author: string; station: string }): Promise<MergeResult> {
  if (m.name === 'child.add') {
    const parent = await c.query<{ station: string }>('SELECT station FROM records WHERE type = $1 AND id = $2', [m.args.parentType, m.args.parentId]);
    if (parent.rows[0] && parent.rows[0].station !== auth.station) return { kind: 'rejected', reason: otherStation };
    const found = await c.query<ChildDb>(`SELECT ${CHILD_COLUMNS} FROM children WHERE type = $1 AND id = $2`, [m.args.type, m.args.id]);
    const existing = found.rows[0];
    if (existing && existing.station !== auth.station) return { kind: 'rejected', reason: otherStation };
    return applyChildAdd(existing ? toChildRow(existing) : null, m, ctx);
  }
  const found = await c.query<RecordDb>(`SELECT ${RECORD_COLUMNS} FROM records WHERE type = $1 AND id = $2 FOR UPDATE`, [m.args.type, m.args.id]);
  const existing = found.rows[0];
  if (existing && existing.station !== auth.station) return { kind: 'rejected', reason: otherStation };
  if (m.name === 'record.upsert' && m.args.type === 'appeal' && typeof m.args.fields.number === 'string') {
    const dup = await c.query(
      `SELECT 1 FROM records WHERE station = $1 AND type = 'appeal' AND data->>'number' = $2 AND id <> $3`,
      [auth.station, m.args.fields.number, m.args.id],
    );
    if (dup.rowCount) return { kind: 'rejected', reason: { code: 'appeal.number_duplicate', field: 'number', detail: m.args.fields.number } };
  }
  return applyRecordMutation(existing ? toRecordRow(existing) : null, m, ctx);
}

const isDataError = (e: unknown) => {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
};

export async function applyPushed(c: pg.ClientBase, auth: AuthContext, m: PushMutation, now: number): Promise<Outcome> {
  if (!storable(m.args) || !storable(m.name)) return reject(c, auth, m, { code: 'mutation.unstorable', detail: 'NUL or unpaired surrogate in text' }, false);
  const checked = checkMutation({ name: m.name, args: m.args });
  if (!checked.ok) return reject(c, auth, m, checked.reason);
  const forbidden = mayWrite(auth, checked.value);
  if (forbidden) return reject(c, auth, m, forbidden);

  const stamp = parseHlc(m.hlc)!;
  // A device clock far ahead would win every later merge; its write counts at server time.
  const hlcRewritten = stamp.ms > now + MAX_CLOCK_AHEAD_MS;
  const hlc = hlcRewritten ? serverHlc(stamp.node, now) : m.hlc;
  const ctx = { hlc, author: auth.userId, station: auth.station };

  await c.query('SAVEPOINT mutation');
  try {
    const res = await merge(c, auth, checked.value, ctx);
    if (res.kind === 'rejected') {
      await c.query('RELEASE SAVEPOINT mutation');
      return reject(c, auth, m, res.reason);
    }
    let seq: number | null = null;
    if (res.changed) seq = res.kind === 'record' ? await writeRecord(c, res.row) : await insertChild(c, res.row);
    await writeConflicts(c, auth, m.mid, res.conflicts);
    const result = res.changed ? 'applied' : 'unchanged';
    await logMutation(c, auth, m, hlc, seq, result, true);
    await c.query('RELEASE SAVEPOINT mutation');
    return { result, seq, hlcRewritten };
  } catch (e) {
    // A value PostgreSQL will not store (or a constraint) is this mutation's fault, not a passing one.
    if (!isDataError(e)) throw e;
    await c.query('ROLLBACK TO SAVEPOINT mutation');
    return reject(c, auth, m, { code: 'mutation.unstorable', detail: (e as Error).message.slice(0, 200) }, false);
  }
}
