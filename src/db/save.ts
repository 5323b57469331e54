import { formatHlc, parseHlc, tickHlc } from '../domain/hlc';
import { checkMutation, type MutationBody, type Rejection } from '../domain/mutations';
import type { ChildRow, RecordRow } from '../domain/records';
import { applyToStore, ensureShadow, readRow } from './apply';
import { readSyncState } from './open';
import { outboxKey, type OutboxEntry, type StationDb } from './schema';

// A user's save: one read-write transaction that writes the rows and appends the
// mutations to the outbox. No network, no timer inside, so a save works the same offline.

export interface SaveContext {
  /** The signed-in user's id, stamped as author like the server will from the token. */
  author: string;
  now: Date;
  /** Station code of the session; defaults to the one stored at login. */
  station?: string;
}

export type SaveResult =
  | { ok: true; ids: string[]; mids: number[] }
  /** `index`: which mutation of the batch failed; nothing of the batch was written. */
  | { ok: false; reason: Rejection; index: number };

class SaveAbort extends Error {
  constructor(readonly reason: Rejection, readonly index: number) {
    super(reason.code);
  }
}

export async function save(db: StationDb, mutations: MutationBody[], ctx: SaveContext): Promise<SaveResult> {
  if (mutations.length === 0) return { ok: true, ids: [], mids: [] };
  const checked: MutationBody[] = [];
  for (const [i, m] of mutations.entries()) {
    const c = checkMutation(m);
    if (!c.ok) return { ok: false, reason: c.reason, index: i };
    checked.push(c.value);
  }
  try {
    return await db.transaction('rw', [db.records, db.children, db.outbox, db.shadows, db.syncState, db.conflicts], async () => {
      const s = await readSyncState(db);
      const station = ctx.station ?? s.station;
      // Stamps use the server-corrected clock, so a phone whose clock is an hour slow does not always lose.
      const wall = ctx.now.getTime() + (s.clockOffsetMs ?? 0);
      let last = s.lastHlc ? parseHlc(s.lastHlc) : null;
      let mid = s.nextMid;
      const mids: number[] = [];
      for (const [i, m0] of checked.entries()) {
        const key = outboxKey(m0.name, m0.args);
        // One read of the row serves the base, the shadow and the merge.
        const current = await readRow(db, key);
        const m = withBase(m0, current);
        const stamp = tickHlc(last, wall, s.clientId);
        last = stamp;
        const hlc = formatHlc(stamp);
        await ensureShadow(db, key, current);
        const r = await applyToStore(db, m, hlc, { author: ctx.author, station }, { row: current });
        if (r.kind === 'rejected') throw new SaveAbort(r.reason, i);
        const entry: OutboxEntry = { mid, name: m.name, args: m.args, hlc, createdAt: ctx.now.toISOString(), key, author: ctx.author };
        await db.outbox.add(entry);
        mids.push(mid);
        mid += 1;
      }
      await db.syncState.update('self', { nextMid: mid, lastHlc: last ? formatHlc(last) : s.lastHlc });
      return { ok: true as const, ids: checked.map((m) => m.args.id), mids };
    });
  } catch (e) {
    if (e instanceof SaveAbort) return { ok: false, reason: e.reason, index: e.index };
    // A quota or disk failure: the caller keeps what the user typed and shows the reason.
    const name = e instanceof Error ? e.name : '';
    return { ok: false, reason: { code: name === 'QuotaExceededError' ? 'save.quota' : 'save.failed', detail: String(e) }, index: -1 };
  }
}

/**
 * An upsert names the field stamps its author had seen. A screen passes the stamps of
 * the row it showed (see baseOf); fields it did not name take the stored row's stamps.
 */
function withBase(m: MutationBody, current: RecordRow | ChildRow | null): MutationBody {
  if (m.name !== 'record.upsert') return m;
  const row = current && 'clocks' in current ? current : null;
  const base: Record<string, string | null> = { ...m.args.base };
  for (const f of Object.keys(m.args.fields)) {
    if (!(f in base)) base[f] = row?.clocks[f] ?? null;
  }
  return { ...m, args: { ...m.args, base } };
}

/** The stamps of the fields a screen showed, to pass as an upsert's base. */
export function baseOf(row: { clocks: Record<string, string> } | null, fields: string[]): Record<string, string | null> {
  const base: Record<string, string | null> = {};
  for (const f of fields) base[f] = row?.clocks[f] ?? null;
  return base;
}
