import { applyChildAdd, applyRecordMutation, type ConflictEntry, type MergeResult } from '../domain/merge';
import { checkMutation, type MutationBody } from '../domain/mutations';
import { normalizeChild, normalizeRecord, RECORD_TYPES, type ChildRow, type RecordRow, type RecordType } from '../domain/records';
import { childKey, dueAtOf, recordKey, type OutboxEntry, type StationDb, type StoredConflict, type StoredRecord } from './schema';

// Applying a mutation to the stored rows, with the same merge functions the server uses.
// Every function here runs inside a transaction its caller opened.

export interface LocalCtx {
  author: string | null;
  station: string;
}

export function toStored(row: RecordRow): StoredRecord {
  const stored: StoredRecord = { ...row };
  const due = dueAtOf(row);
  if (due) stored.dueAt = due;
  else delete stored.dueAt;
  return stored;
}

export async function readRow(db: StationDb, key: string): Promise<RecordRow | ChildRow | null> {
  const k = parseKey(key);
  if (!k) return null;
  if (k.kind === 'c') return normalizeChild(await db.children.get(k.id));
  return normalizeRecord(await db.records.get([k.type as RecordType, k.id]));
}

/** Puts a row back to a known state (null: absent). */
export async function writeRow(db: StationDb, key: string, row: RecordRow | ChildRow | null): Promise<void> {
  const k = parseKey(key);
  if (!k) return;
  if (k.kind === 'c') {
    if (row) await db.children.put(row as ChildRow);
    else await db.children.delete(k.id);
    return;
  }
  if (row) await db.records.put(toStored(row as RecordRow));
  else await db.records.delete([k.type as RecordType, k.id]);
}

export function parseKey(key: string): { kind: 'r'; type: string; id: string } | { kind: 'c'; id: string } | null {
  if (key.startsWith('c:')) return { kind: 'c', id: key.slice(2) };
  const m = /^r:([^:]+):(.*)$/.exec(key);
  if (!m || !RECORD_TYPES.includes(m[1] as RecordType)) return null;
  return { kind: 'r', type: m[1]!, id: m[2]! };
}

export function keyOfRow(kind: 'record' | 'child', row: { type: string; id: string }): string {
  return kind === 'child' ? childKey(row.id) : recordKey(row.type, row.id);
}

/** Merges one mutation into the stored row and writes the result when it changed. */
export async function applyToStore(db: StationDb, m: MutationBody, hlc: string, ctx: LocalCtx, known?: { row: RecordRow | ChildRow | null }): Promise<MergeResult> {
  const wctx = { hlc, author: ctx.author, station: ctx.station };
  if (m.name === 'child.add') {
    const existing = known ? (known.row as ChildRow | null) : normalizeChild(await db.children.get(m.args.id));
    const r = applyChildAdd(existing, m, wctx);
    if (r.kind === 'child' && r.changed) await db.children.put(r.row);
    return r;
  }
  const existing = known ? (known.row as RecordRow | null) : normalizeRecord(await db.records.get([m.args.type, m.args.id]));
  const r = applyRecordMutation(existing, m, wctx);
  if (r.kind === 'record' && r.changed) await db.records.put(toStored(r.row));
  return r;
}

export function conflictId(c: ConflictEntry): string {
  return `${c.recordType}:${c.recordId}:${c.field}:${c.lostHlc}`;
}

export async function storeConflicts(db: StationDb, conflicts: ConflictEntry[], at: string): Promise<void> {
  if (conflicts.length === 0) return;
  const rows: StoredConflict[] = conflicts.map((c) => ({ ...c, id: conflictId(c), at }));
  await db.conflicts.bulkPut(rows);
}

/**
 * The row as the server last sent it (its shadow) with this device's outbox entries for
 * it applied again on top. Entries the server already applied change nothing a second
 * time: the merge rules are idempotent for the same mutation and stamp.
 */
export async function rebuildFromShadow(db: StationDb, key: string, ctx: LocalCtx, at: string): Promise<void> {
  const shadow = await db.shadows.get(key);
  const entries = await db.outbox.where('key').equals(key).sortBy('mid');
  if (!shadow) {
    // No unconfirmed edits since the server's copy: the stored row already is that copy.
    return;
  }
  await writeRow(db, key, shadow.row);
  await reapply(db, entries, ctx, at);
  if (entries.length === 0) await db.shadows.delete(key);
}

export async function reapply(db: StationDb, entries: OutboxEntry[], ctx: LocalCtx, at: string): Promise<void> {
  for (const e of entries) {
    const checked = checkMutation({ name: e.name, args: e.args });
    // An entry that no longer parses (older build's shape) waits for the server's verdict.
    if (!checked.ok) continue;
    const r = await applyToStore(db, checked.value, e.hlc, { author: e.author ?? ctx.author, station: ctx.station });
    if (r.kind !== 'rejected') await storeConflicts(db, r.conflicts.filter((c) => c.lostHlc === e.hlc), at);
  }
}

/** Before the first unconfirmed edit of a row, remember the server's copy of it (the row as stored now). */
export async function ensureShadow(db: StationDb, key: string, current: RecordRow | ChildRow | null): Promise<void> {
  if (await db.shadows.get(key)) return;
  await db.shadows.put({ key, row: current });
}
