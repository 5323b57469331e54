import type pg from 'pg';
import { formatHlc, parseHlc, tickHlc, type Hlc } from '../../domain/hlc';
import { applyChildAdd, applyRecordMutation, type ConflictEntry, type MergeResult } from '../../domain/merge';
import { checkMutation, type MutationBody, type Rejection } from '../../domain/mutations';
import type { RecordRow } from '../../domain/records';
import type { PushMutation } from '../../sync/protocol';
import type { AuthContext } from '../auth';
import { CHILD_COLUMNS, CHILD_WRITE_SQL, childWriteParams, RECORD_COLUMNS, RECORD_WRITE_SQL, recordWriteParams, toChildRow, toRecordRow, type ChildDb, type RecordDb } from './rows';
import { audienceMayChange, noteAudienceChange } from './audience';
import { mayTouch, mayWrite } from './scope';

// Applies one pushed mutation inside the push transaction (station lock held). Every mid
// ends in mutation_log exactly once: applied, unchanged, or rejected with a reason code.
// Round trips are the cost of a push, so the row write and its log entry go as one statement.

export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

let serverClock: Hlc | null = null;

/** A stamp from the server's clock under the device's node id, unique within this process. */
export function serverHlc(node: string, now: number): string {
  serverClock = tickHlc(serverClock, now, node);
  return formatHlc(serverClock);
}

export type Outcome = { result: 'applied' | 'unchanged'; seq: number | null; hlcRewritten: boolean } | { result: 'rejected'; reason: Rejection };

/** A mutation PostgreSQL refused to store (a data or constraint error): the push is redone with it rejected. */
export class PoisonedMutation extends Error {
  constructor(readonly mid: number, readonly detail: string) {
    super(`mutation ${mid} cannot be stored: ${detail}`);
  }
}

/** jsonb refuses NUL characters and unpaired surrogates; such a mutation could never be stored. */
export function storable(value: unknown): boolean {
  const s = JSON.stringify(value) ?? '';
  // JSON.stringify escapes exactly these (a lone surrogate as \udXXX); an even run of backslashes before is a literal one.
  return !/(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i.test(s);
}

const LOG_COLUMNS = 'station, client_id, device_id, user_id, mid, name, args, hlc, applied_hlc, seq, result';

/** mutation_log parameters, numbered from `first`; `seq` comes from the statement it follows. */
function logParams(auth: AuthContext, m: PushMutation, keepArgs: boolean, appliedHlc: string): unknown[] {
  return [auth.station, auth.clientId, auth.deviceId, auth.userId, m.mid, m.name.slice(0, 64), keepArgs ? JSON.stringify(m.args ?? null) : null, m.hlc, appliedHlc];
}
const logValues = (first: number) => Array.from({ length: 9 }, (_, i) => `$${first + i}`).join(', ');

async function writeAndLog(c: pg.ClientBase, writeSql: string, writeParams: unknown[], auth: AuthContext, m: PushMutation, hlc: string): Promise<number> {
  const n = writeParams.length;
  const { rows } = await c.query<{ seq: number }>(
    `WITH w AS (${writeSql}) INSERT INTO mutation_log (${LOG_COLUMNS}) SELECT ${logValues(n + 1)}, w.seq, 'applied' FROM w RETURNING seq`,
    [...writeParams, ...logParams(auth, m, true, hlc)],
  );
  return rows[0]!.seq;
}

async function reject(c: pg.ClientBase, auth: AuthContext, m: PushMutation, reason: Rejection, keepArgs = true): Promise<Outcome> {
  await c.query(
    `WITH r AS (INSERT INTO rejections (station, client_id, device_id, user_id, mid, name, args, code, field, detail)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $10, $11, $12))
     INSERT INTO mutation_log (${LOG_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, 'rejected')`,
    [...logParams(auth, m, keepArgs, m.hlc), reason.code, reason.field ?? null, reason.detail?.slice(0, 2000) ?? null],
  );
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

async function merge(c: pg.ClientBase, auth: AuthContext, m: MutationBody, ctx: { hlc: string; author: string; station: string }, seen: { before: RecordRow | null }): Promise<MergeResult> {
  if (m.name === 'child.add') {
    const found = await c.query<ChildDb & { parent_station: string | null; parent_data: Record<string, unknown> | null; parent_created_by: string | null }>(
      `SELECT p.station AS parent_station, p.data AS parent_data, p.created_by AS parent_created_by, ch.*
         FROM (SELECT 1) one LEFT JOIN (SELECT station, data, created_by FROM records WHERE type = $1 AND id = $2) p ON true
         LEFT JOIN (SELECT ${CHILD_COLUMNS} FROM children WHERE type = $3 AND id = $4) ch ON true`,
      [m.args.parentType, m.args.parentId, m.args.type, m.args.id],
    );
    const r = found.rows[0]!;
    if (r.parent_station !== null && r.parent_station !== auth.station) return { kind: 'rejected', reason: otherStation };
    if (r.id !== null && r.station !== auth.station) return { kind: 'rejected', reason: otherStation };
    const parent = r.parent_station === null ? null : { type: m.args.parentType, station: r.parent_station, data: r.parent_data ?? {}, createdBy: r.parent_created_by };
    const outside = mayTouch(auth, parent, m.args.parentType);
    if (outside) return { kind: 'rejected', reason: outside };
    return applyChildAdd(r.id !== null ? toChildRow(r) : null, m, ctx);
  }
  const found = await c.query<RecordDb>(`SELECT ${RECORD_COLUMNS} FROM records WHERE type = $1 AND id = $2 FOR UPDATE`, [m.args.type, m.args.id]);
  const existing = found.rows[0];
  seen.before = existing ? toRecordRow(existing) : null;
  if (existing && existing.station !== auth.station) return { kind: 'rejected', reason: otherStation };
  const outside = mayTouch(auth, seen.before, m.args.type);
  if (outside) return { kind: 'rejected', reason: outside };
  if (m.name === 'record.upsert' && m.args.type === 'appeal' && typeof m.args.fields.number === 'string') {
    const dup = await c.query(
      `SELECT 1 FROM records WHERE station = $1 AND type = 'appeal' AND data->>'number' = $2 AND id <> $3`,
      [auth.station, m.args.fields.number, m.args.id],
    );
    if (dup.rowCount) return { kind: 'rejected', reason: { code: 'appeal.number_duplicate', field: 'number', detail: m.args.fields.number } };
  }
  return applyRecordMutation(seen.before, m, ctx);
}

const isDataError = (e: unknown) => {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
};

/** `poisoned`: PostgreSQL refused this mutation on an earlier attempt of the same push. */
export async function applyPushed(c: pg.ClientBase, auth: AuthContext, m: PushMutation, now: number, poisoned?: string): Promise<Outcome> {
  if (poisoned !== undefined) return reject(c, auth, m, { code: 'mutation.unstorable', detail: poisoned }, false);
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

  try {
    const seen: { before: RecordRow | null } = { before: null };
    const res = await merge(c, auth, checked.value, ctx, seen);
    if (res.kind === 'rejected') return reject(c, auth, m, res.reason);
    let seq: number | null = null;
    if (!res.changed) {
      await c.query(`INSERT INTO mutation_log (${LOG_COLUMNS}) VALUES (${logValues(1)}, NULL, 'unchanged')`, logParams(auth, m, true, hlc));
    } else if (res.kind === 'record') {
      seq = await writeAndLog(c, RECORD_WRITE_SQL, recordWriteParams(res.row), auth, m, hlc);
      if (audienceMayChange(seen.before, res.row)) await noteAudienceChange(c, auth.userId, seen.before, res.row, seq);
    } else {
      seq = await writeAndLog(c, CHILD_WRITE_SQL, childWriteParams(res.row), auth, m, hlc);
    }
    await writeConflicts(c, auth, m.mid, res.conflicts);
    return { result: res.changed ? 'applied' : 'unchanged', seq, hlcRewritten };
  } catch (e) {
    // A value PostgreSQL will not store is this mutation's fault, not a passing one.
    if (isDataError(e)) throw new PoisonedMutation(m.mid, (e as Error).message.slice(0, 200));
    throw e;
  }
}
