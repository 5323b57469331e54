import { formatHlc, parseHlc, receiveHlc } from '../domain/hlc';
import type { Rejection } from '../domain/mutations';
import { CHILD_TYPES, normalizeChild, normalizeRecord, RECORD_TYPES, type ChildRow, type ChildType, type RecordRow, type RecordType } from '../domain/records';
import { keyOfRow, rebuildFromShadow, toStored, type LocalCtx } from './apply';
import { readSyncState } from './open';
import { childKey, recordKey, type OutboxEntry, type StationDb, type SyncStateRow } from './schema';

// The storage half of sync: what the sync routine reads before a push and writes after an
// answer. Each function is one transaction, so a cut connection leaves a consistent state.

/** Unacknowledged entries in mid order, at most `max` and about `maxBytes` of JSON. */
export async function nextPushBatch(db: StationDb, max: number, maxBytes: number): Promise<{ state: SyncStateRow; entries: OutboxEntry[]; pending: number }> {
  return db.transaction('r', db.syncState, db.outbox, async () => {
    const state = await readSyncState(db);
    const candidates = await db.outbox.where('mid').above(state.ackedMid).limit(max).toArray();
    const pending = candidates.length < max ? candidates.length : await db.outbox.where('mid').above(state.ackedMid).count();
    const entries: OutboxEntry[] = [];
    let bytes = 0;
    for (const e of candidates) {
      const size = JSON.stringify(e.args).length + e.name.length + e.hlc.length + 40;
      // Always send at least one entry: the server answers 413 for a single oversize one, which we record.
      if (entries.length > 0 && bytes + size > maxBytes) break;
      entries.push(e);
      bytes += size;
    }
    return { state, entries, pending };
  });
}

export interface PushAnswer {
  lastMid: number;
  rejections: { mid: number; reason: Rejection }[];
}

/**
 * Records the server's answer to a push. Acknowledged entries stay in the outbox (no
 * longer counted as pending) until a complete pull has brought their effect, so the screen
 * never flickers back to the old value; rejected ones leave at once and their rows are
 * rebuilt from the server's copy.
 */
export async function recordPushAnswer(db: StationDb, answer: PushAnswer, now: Date): Promise<{ rejected: number }> {
  return db.transaction('rw', [db.records, db.children, db.outbox, db.shadows, db.syncState, db.rejections, db.conflicts], async () => {
    const s = await readSyncState(db);
    const ctx: LocalCtx = { author: s.userId, station: s.station };
    const at = now.toISOString();
    let rejected = 0;
    const keys = new Set<string>();
    for (const r of answer.rejections) {
      if (await db.rejections.get(r.mid)) continue; // a repeated answer
      const entry = await db.outbox.where('mid').equals(r.mid).first();
      await db.rejections.put({ mid: r.mid, name: entry?.name ?? 'unknown', args: entry?.args ?? null, reason: r.reason, at, seen: 0 });
      if (entry) {
        await db.outbox.where('mid').equals(r.mid).delete();
        keys.add(entry.key);
      }
      rejected += 1;
    }
    for (const key of keys) await rebuildFromShadow(db, key, ctx, at);
    if (answer.lastMid > s.ackedMid) await db.syncState.update('self', { ackedMid: answer.lastMid });
    return { rejected };
  });
}

export type PulledChange =
  | { seq: number; kind: 'record'; row: unknown }
  | { seq: number; kind: 'child'; row: unknown }
  | { seq: number; kind: 'remove'; type: string; id: string };

export interface PulledPage {
  changes: PulledChange[];
  cursor: number;
  lastMid: number;
  hasMore: boolean;
  reset?: boolean;
}

export interface PageApplied {
  /** The cursor now stored: the next page starts here. */
  cursor: number;
  applied: number;
  removed: number;
  ignored: number;
  confirmed: number;
}

/**
 * Applies one pull page in one transaction: the server's rows replace ours, our still
 * unconfirmed outbox entries are merged again on top with the same rules the server uses,
 * and on the last page (hasMore false) acknowledged entries are dropped and their rows
 * settle to exactly the server's copy.
 */
export async function applyPullPage(db: StationDb, page: PulledPage, opts: { now: Date; clockOffsetMs: number | null }): Promise<PageApplied> {
  const tables = [db.records, db.children, db.outbox, db.shadows, db.syncState, db.conflicts];
  return db.transaction('rw', tables, async () => {
    const s = await readSyncState(db);
    const ctx: LocalCtx = { author: s.userId, station: s.station };
    const at = opts.now.toISOString();
    const result: PageApplied = { cursor: page.reset ? 0 : page.cursor, applied: 0, removed: 0, ignored: 0, confirmed: 0 };
    if (page.reset) {
      await forgetConfirmedRows(db);
      await db.syncState.update('self', { cursor: 0, clockOffsetMs: opts.clockOffsetMs ?? s.clockOffsetMs });
      return result;
    }
    // Later changes of the same row win: the page is in seq order.
    const latest = new Map<string, { row: RecordRow | ChildRow | null; kind: 'record' | 'child' }>();
    let maxHlc: string | null = null;
    for (const c of page.changes) {
      if (c.kind === 'remove') {
        const isChild = CHILD_TYPES.includes(c.type as ChildType);
        if (!isChild && !RECORD_TYPES.includes(c.type as RecordType)) { result.ignored += 1; continue; }
        latest.set(isChild ? childKey(c.id) : recordKey(c.type, c.id), { row: null, kind: isChild ? 'child' : 'record' });
        result.removed += 1;
        continue;
      }
      const row = c.kind === 'record' ? normalizeRecord(c.row) : normalizeChild(c.row);
      if (!row) { result.ignored += 1; continue; }
      latest.set(keyOfRow(c.kind, row), { row, kind: c.kind });
      if (parseHlc(row.hlc) && (!maxHlc || row.hlc > maxHlc)) maxHlc = row.hlc;
      result.applied += 1;
    }
    const keys = [...latest.keys()];
    const shadows = keys.length ? await db.shadows.bulkGet(keys) : [];
    const putRecords = [];
    const putChildren = [];
    const touched = new Set<string>();
    for (const [i, key] of keys.entries()) {
      const { row, kind } = latest.get(key)!;
      if (shadows[i]) {
        await db.shadows.put({ key, row });
        touched.add(key);
      }
      if (row && kind === 'record') putRecords.push(toStored(row as RecordRow));
      else if (row) putChildren.push(row as ChildRow);
      else if (kind === 'child') await db.children.delete(key.slice(2));
      else {
        const [, type, id] = /^r:([^:]+):(.*)$/.exec(key)!;
        await db.records.delete([type as RecordType, id!]);
        // Children of a row that left this device's scope left with it.
        await db.children.where('[parentType+parentId]').equals([type!, id!]).delete();
      }
    }
    if (putRecords.length) await db.records.bulkPut(putRecords);
    if (putChildren.length) await db.children.bulkPut(putChildren);

    const ackedMid = Math.max(s.ackedMid, page.lastMid);
    if (!page.hasMore) {
      const confirmed = await db.outbox.where('mid').belowOrEqual(ackedMid).toArray();
      for (const e of confirmed) touched.add(e.key);
      await db.outbox.where('mid').belowOrEqual(ackedMid).delete();
      result.confirmed = confirmed.length;
    }
    for (const key of touched) await rebuildFromShadow(db, key, ctx, at);

    const patch: Partial<SyncStateRow> = { cursor: page.cursor, ackedMid, clockOffsetMs: opts.clockOffsetMs ?? s.clockOffsetMs };
    const remote = maxHlc ? parseHlc(maxHlc) : null;
    if (remote) {
      // Later local edits sort after everything this device has seen, whatever its clock says.
      const wall = opts.now.getTime() + (opts.clockOffsetMs ?? s.clockOffsetMs ?? 0);
      patch.lastHlc = formatHlc(receiveHlc(s.lastHlc ? parseHlc(s.lastHlc) : null, remote, wall, s.clientId));
    }
    await db.syncState.update('self', patch);
    return result;
  });
}

/** Server reset: keep only rows with unconfirmed local edits; the pull from 0 brings the rest back. */
async function forgetConfirmedRows(db: StationDb): Promise<void> {
  const shadowed = new Set((await db.shadows.toCollection().primaryKeys()) as string[]);
  await db.records.filter((r) => !shadowed.has(recordKey(r.type, r.id))).delete();
  await db.children.filter((c) => !shadowed.has(childKey(c.id))).delete();
}

/** Ends a sync run: stores its outcome and answers the summary the progress display shows, in one transaction. */
export async function closeRun(db: StationDb, patch: Partial<Omit<SyncStateRow, 'id'>>): Promise<{ pending: number; lastSyncAt: string | null }> {
  return db.transaction('rw', db.syncState, db.outbox, async () => {
    if (Object.keys(patch).length) await db.syncState.update('self', patch);
    const s = await readSyncState(db);
    return { pending: await db.outbox.where('mid').above(s.ackedMid).count(), lastSyncAt: s.lastSyncAt };
  });
}

export async function updateSyncState(db: StationDb, patch: Partial<Omit<SyncStateRow, 'id'>>): Promise<void> {
  await db.syncState.update('self', patch);
}
