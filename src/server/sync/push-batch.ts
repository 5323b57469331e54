import type pg from 'pg';
import { parseHlc } from '../../domain/hlc';
import { applyChildAdd, applyRecordMutation, type ConflictEntry, type MergeResult } from '../../domain/merge';
import { checkMutation, type MutationBody, type Rejection } from '../../domain/mutations';
import type { ChildRow, RecordRow } from '../../domain/records';
import type { PushMutation, PushRejection } from '../../sync/protocol';
import type { AuthContext } from '../auth';
import { MAX_CLOCK_AHEAD_MS, serverHlc, storable } from './apply';
import { audienceMayChange, noteAudienceChange } from './audience';
import { jsonbCopy } from './jsonb-order';
import { CHILD_COLUMNS, RECORD_COLUMNS, toChildRow, toRecordRow, type ChildDb, type RecordDb } from './rows';
import { mayTouch, mayWrite } from './scope';

// A pushed batch applied with a handful of statements instead of two or three per
// mutation: every row the batch touches is read (and locked) in one query, the mutations
// are merged in order against that copy, which each write updates, and the writes, log
// entries, rejections and conflicts go out together. The outcome per mutation is the one
// apply.ts gives applying them one by one: the copy stands for the database exactly, and
// whatever must see the database itself (the appeal number check, audience bookkeeping)
// first writes out what is pending. A data error PostgreSQL raises here cannot be pinned
// on one mutation, so the push is redone one by one (BatchRefused), which can.

/** PostgreSQL refused a value somewhere in the batch: redo the push one mutation at a time. */
export class BatchRefused extends Error {
  constructor(readonly error: unknown) {
    super('batch refused by the database');
  }
}

const isDataError = (e: unknown) => {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
};

const key = (type: string, id: string) => `${type}:${id}`;

interface LogRow { n: number; mid: number; name: string; args: string | null; hlc: string; applied_hlc: string; ord: number | null; result: string }

/** What the batch holds for the database: rows, log entries, rejections and conflicts, in mutation order. */
class Pending {
  /** The last write of each record; `ord` numbers the writes, each of which draws a seq. */
  records = new Map<string, { row: RecordRow; ord: number }>();
  children: { row: ChildRow; ord: number }[] = [];
  log: LogRow[] = [];
  rejections: { n: number; mid: number; name: string; args: string | null; code: string; field: string | null; detail: string | null }[] = [];
  conflicts: { n: number; x: ConflictEntry; mid: number }[] = [];
  writes = 0;

  get empty(): boolean {
    return this.log.length === 0 && this.conflicts.length === 0;
  }
}

const FLUSH_SQL = `
WITH s AS MATERIALIZED (SELECT o AS ord, nextval('change_seq') AS seq FROM generate_series(1, $1::int) AS o),
rec AS (
  INSERT INTO records (type, id, station, data, clocks, status, status_gen, status_hlc, deleted, created_by, hlc, seq)
  SELECT r.type, r.id, r.station, r.data::jsonb, r.clocks::jsonb, r.status, r.status_gen, r.status_hlc, r.deleted, r.created_by, r.hlc, s.seq
    FROM json_to_recordset($2::json) AS r(type text, id text, station text, data text, clocks text, status text, status_gen integer,
      status_hlc text, deleted boolean, created_by text, hlc text, ord integer)
    JOIN s USING (ord)
  ON CONFLICT (type, id) DO UPDATE SET
    data = EXCLUDED.data, clocks = EXCLUDED.clocks, status = EXCLUDED.status, status_gen = EXCLUDED.status_gen,
    status_hlc = EXCLUDED.status_hlc, deleted = EXCLUDED.deleted, hlc = EXCLUDED.hlc, seq = EXCLUDED.seq),
chi AS (
  INSERT INTO children (type, id, parent_type, parent_id, station, data, author, hlc, seq)
  SELECT c.type, c.id, c.parent_type, c.parent_id, c.station, c.data::jsonb, c.author, c.hlc, s.seq
    FROM json_to_recordset($3::json) AS c(type text, id text, parent_type text, parent_id text, station text, data text, author text, hlc text, ord integer)
    JOIN s USING (ord)),
lg AS (
  INSERT INTO mutation_log (station, client_id, device_id, user_id, mid, name, args, hlc, applied_hlc, seq, result)
  SELECT $7, $8, $9, $10, l.mid, l.name, l.args::jsonb, l.hlc, l.applied_hlc, s.seq, l.result
    FROM json_to_recordset($4::json) AS l(n integer, mid bigint, name text, args text, hlc text, applied_hlc text, ord integer, result text)
    LEFT JOIN s USING (ord) ORDER BY l.n),
rej AS (
  INSERT INTO rejections (station, client_id, device_id, user_id, mid, name, args, code, field, detail)
  SELECT $7, $8, $9, $10, j.mid, j.name, j.args::jsonb, j.code, j.field, j.detail
    FROM json_to_recordset($5::json) AS j(n integer, mid bigint, name text, args text, code text, field text, detail text) ORDER BY j.n),
con AS (
  INSERT INTO conflicts (station, record_type, record_id, field, kept_value, kept_hlc, lost_value, lost_hlc, lost_author, client_id, mid, user_id)
  SELECT $7, x.record_type, x.record_id, x.field, x.kept_value::jsonb, x.kept_hlc, x.lost_value::jsonb, x.lost_hlc, x.lost_author, $8, x.mid, $10
    FROM json_to_recordset($6::json) AS x(n integer, record_type text, record_id text, field text, kept_value text, kept_hlc text,
      lost_value text, lost_hlc text, lost_author text, mid bigint) ORDER BY x.n)
SELECT ord, seq FROM s`;

/** Writes out what is pending; answers the seq each write drew, by its ord. */
async function flush(c: pg.ClientBase, auth: AuthContext, p: Pending): Promise<Map<number, number>> {
  if (p.empty) return new Map();
  const records = [...p.records.values()].map(({ row, ord }) => ({
    type: row.type, id: row.id, station: row.station, data: JSON.stringify(row.data), clocks: JSON.stringify(row.clocks), status: row.status,
    status_gen: row.statusGen, status_hlc: row.statusHlc, deleted: row.deleted, created_by: row.createdBy, hlc: row.hlc, ord,
  }));
  const children = p.children.map(({ row, ord }) => ({
    type: row.type, id: row.id, parent_type: row.parentType, parent_id: row.parentId, station: row.station, data: JSON.stringify(row.data), author: row.author, hlc: row.hlc, ord,
  }));
  const conflicts = p.conflicts.map(({ n, x, mid }) => ({
    n, record_type: x.recordType, record_id: x.recordId, field: x.field, kept_value: JSON.stringify(x.keptValue ?? null), kept_hlc: x.keptHlc,
    lost_value: JSON.stringify(x.lostValue ?? null), lost_hlc: x.lostHlc, lost_author: x.lostAuthor, mid,
  }));
  const { rows } = await c.query<{ ord: number; seq: number }>(FLUSH_SQL, [
    p.writes, JSON.stringify(records), JSON.stringify(children), JSON.stringify(p.log), JSON.stringify(p.rejections), JSON.stringify(conflicts),
    auth.station, auth.clientId, auth.deviceId, auth.userId,
  ]);
  const seqs = new Map(rows.map((r) => [r.ord, r.seq]));
  p.records.clear();
  p.children = [];
  p.log = [];
  p.rejections = [];
  p.conflicts = [];
  p.writes = 0;
  return seqs;
}

/** Every row the batch may read, keyed type:id; null where there is none. Record targets are locked, as one by one. */
async function load(c: pg.ClientBase, muts: readonly MutationBody[]) {
  const targets: [string[], string[]] = [[], []];
  const parents: [string[], string[]] = [[], []];
  const kids: [string[], string[]] = [[], []];
  const records = new Map<string, RecordRow | null>();
  const children = new Map<string, ChildRow | null>();
  for (const m of muts) {
    if (m.name === 'child.add') {
      parents[0].push(m.args.parentType);
      parents[1].push(m.args.parentId);
      kids[0].push(m.args.type);
      kids[1].push(m.args.id);
      records.set(key(m.args.parentType, m.args.parentId), null);
      children.set(key(m.args.type, m.args.id), null);
    } else {
      targets[0].push(m.args.type);
      targets[1].push(m.args.id);
      records.set(key(m.args.type, m.args.id), null);
    }
  }
  if (records.size === 0 && children.size === 0) return { records, children };
  const { rows } = await c.query<{ k: number; r: RecordDb | ChildDb }>(
    `WITH t AS MATERIALIZED (SELECT ${RECORD_COLUMNS} FROM records WHERE (type, id) IN (SELECT * FROM unnest($1::text[], $2::text[])) FOR UPDATE)
     SELECT 0 AS k, to_json(t) AS r FROM t
     UNION ALL SELECT 1, to_json(p) FROM (SELECT ${RECORD_COLUMNS} FROM records WHERE (type, id) IN (SELECT * FROM unnest($3::text[], $4::text[]))) p
     UNION ALL SELECT 2, to_json(ch) FROM (SELECT ${CHILD_COLUMNS} FROM children WHERE (type, id) IN (SELECT * FROM unnest($5::text[], $6::text[]))) ch`,
    [...targets, ...parents, ...kids],
  );
  // A locked copy of a row is the one to keep when it was also read as a parent.
  for (const { k, r } of rows.sort((a, b) => a.k - b.k)) {
    if (k === 2) children.set(key(r.type, r.id), toChildRow(r as ChildDb));
    else if (k === 0 || records.get(key(r.type, r.id)) === null) records.set(key(r.type, r.id), toRecordRow(r as RecordDb));
  }
  return { records, children };
}

const otherStation: Rejection = { code: 'record.other_station' };

export interface BatchOutcome {
  rejections: PushRejection[];
  rewritten: number;
}

/** Applies `todo` (consecutive mids, in order) inside the push transaction; the station lock is held. */
export async function applyAll(c: pg.ClientBase, auth: AuthContext, todo: readonly PushMutation[], now: number): Promise<BatchOutcome> {
  try {
    return await applyInOrder(c, auth, todo, now);
  } catch (e) {
    if (isDataError(e)) throw new BatchRefused(e);
    throw e;
  }
}

async function applyInOrder(c: pg.ClientBase, auth: AuthContext, todo: readonly PushMutation[], now: number): Promise<BatchOutcome> {
  const out: BatchOutcome = { rejections: [], rewritten: 0 };
  const p = new Pending();
  let n = 0;
  const reject = (m: PushMutation, reason: Rejection, keepArgs = true) => {
    const args = keepArgs ? JSON.stringify(m.args ?? null) : null;
    const name = m.name.slice(0, 64);
    n += 1;
    p.rejections.push({ n, mid: m.mid, name, args, code: reason.code, field: reason.field ?? null, detail: reason.detail?.slice(0, 2000) ?? null });
    p.log.push({ n, mid: m.mid, name, args, hlc: m.hlc, applied_hlc: m.hlc, ord: null, result: 'rejected' });
    out.rejections.push({ mid: m.mid, reason });
  };

  // Checks that need no stored row, in one pass, so the read below asks only for rows that matter.
  const checked: (MutationBody | Rejection & { unstorable?: true })[] = todo.map((m) => {
    if (!storable(m.args) || !storable(m.name)) return { code: 'mutation.unstorable', detail: 'NUL or unpaired surrogate in text', unstorable: true };
    const ok = checkMutation({ name: m.name, args: m.args });
    if (!ok.ok) return ok.reason;
    return mayWrite(auth, ok.value) ?? ok.value;
  });
  const isBody = (x: MutationBody | Rejection): x is MutationBody => 'args' in x;
  const { records, children } = await load(c, checked.filter(isBody));

  for (let i = 0; i < todo.length; i++) {
    const m = todo[i]!;
    const body = checked[i]!;
    if (!isBody(body)) {
      const { unstorable, ...reason } = body as Rejection & { unstorable?: true };
      reject(m, reason, !unstorable);
      continue;
    }
    const stamp = parseHlc(m.hlc)!;
    // A device clock far ahead would win every later merge; its write counts at server time.
    const hlcRewritten = stamp.ms > now + MAX_CLOCK_AHEAD_MS;
    const hlc = hlcRewritten ? serverHlc(stamp.node, now) : m.hlc;
    const ctx = { hlc, author: auth.userId, station: auth.station };

    let res: MergeResult;
    let before: RecordRow | null = null;
    if (body.name === 'child.add') {
      const parent = records.get(key(body.args.parentType, body.args.parentId)) ?? null;
      const existing = children.get(key(body.args.type, body.args.id)) ?? null;
      if ((parent && parent.station !== auth.station) || (existing && existing.station !== auth.station)) res = { kind: 'rejected', reason: otherStation };
      else {
        const outside = mayTouch(auth, parent && { type: body.args.parentType, station: parent.station, data: parent.data, createdBy: parent.createdBy }, body.args.parentType);
        res = outside ? { kind: 'rejected', reason: outside } : applyChildAdd(existing, body, ctx);
      }
    } else {
      before = records.get(key(body.args.type, body.args.id)) ?? null;
      const outside = before && before.station !== auth.station ? otherStation : mayTouch(auth, before, body.args.type);
      if (outside) res = { kind: 'rejected', reason: outside };
      else if (body.name === 'record.upsert' && body.args.type === 'appeal' && typeof body.args.fields.number === 'string' && await numberTaken(c, auth, p, body.args.id, body.args.fields.number)) {
        res = { kind: 'rejected', reason: { code: 'appeal.number_duplicate', field: 'number', detail: body.args.fields.number } };
      } else res = applyRecordMutation(before, body, ctx);
    }

    if (res.kind === 'rejected') {
      reject(m, res.reason);
      continue;
    }
    n += 1;
    const entry: LogRow = { n, mid: m.mid, name: m.name.slice(0, 64), args: JSON.stringify(m.args ?? null), hlc: m.hlc, applied_hlc: hlc, ord: null, result: 'unchanged' };
    p.log.push(entry);
    for (const x of res.conflicts) p.conflicts.push({ n: ++n, x, mid: m.mid });
    if (hlcRewritten) out.rewritten++;
    if (!res.changed) continue;
    entry.result = 'applied';
    entry.ord = ++p.writes;
    if (res.kind === 'child') {
      p.children.push({ row: res.row, ord: entry.ord });
      children.set(key(res.row.type, res.row.id), res.row);
      continue;
    }
    const k = key(res.row.type, res.row.id);
    p.records.set(k, { row: res.row, ord: entry.ord });
    // What a later mutation reads is what PostgreSQL would give back: jsonb orders object keys.
    records.set(k, { ...res.row, data: jsonbCopy(res.row.data) as Record<string, unknown>, clocks: jsonbCopy(res.row.clocks) as Record<string, string> });
    if (audienceMayChange(before, res.row)) {
      const seqs = await flush(c, auth, p);
      await noteAudienceChange(c, auth.userId, before, res.row, seqs.get(entry.ord)!);
    }
  }
  await flush(c, auth, p);
  return out;
}

/** [appeal numbers] Another appeal of the station holds it, counting the batch's earlier writes. */
async function numberTaken(c: pg.ClientBase, auth: AuthContext, p: Pending, id: string, number: string): Promise<boolean> {
  await flush(c, auth, p);
  const dup = await c.query(`SELECT 1 FROM records WHERE station = $1 AND type = 'appeal' AND data->>'number' = $2 AND id <> $3`, [auth.station, number, id]);
  return (dup.rowCount ?? 0) > 0;
}
