import type pg from 'pg';
import type { RecordRow } from '../../domain/records';
import type { Role } from '../../sync/protocol';
import { SCOPED_TYPES, typesSeenWhole, visibility, type Level } from './scope';

// Removals without a per-device ledger: when a write changes who may see a row (only rows
// of the SCOPED_TYPES can: an appeal's named staff, handler or registrar, a visit's
// assignee, a handover's people), the users who lost sight of it are noted in scope_exits.
// A pull then answers a row changed since its cursor and out of scope with a removal if,
// and only if, the user is noted there, so ids never reach a device that never held the
// row. The row's children get fresh seqs, so a user who gains sight of the row receives
// them, and one who lost it receives their removals.

const rank = (l: Level) => (l === 'full' ? 2 : l === 'redacted' ? 1 : 0);

const SCOPE_FIELDS = ['namedStaff', 'handler', 'registeredBy', 'assignee', 'sourceType', 'from', 'to'];
// created_by never changes after the first write, so it is not part of the key.

function scopeKey(row: Pick<RecordRow, 'station' | 'data'>): string {
  return JSON.stringify([row.station, ...SCOPE_FIELDS.map((f) => row.data[f] ?? null)]);
}

/** True when the write may have changed the row's audience: a round trip is spent only then. */
export function audienceMayChange(before: RecordRow | null, after: RecordRow): boolean {
  if (!SCOPED_TYPES.has(after.type)) return false;
  return before === null || scopeKey(before) !== scopeKey(after);
}

const bumpChildren = `UPDATE children SET seq = nextval('change_seq') WHERE parent_type = $1 AND parent_id = $2`;

export async function noteAudienceChange(c: pg.ClientBase, writer: string, before: RecordRow | null, after: RecordRow, seq: number): Promise<void> {
  // A new row's children (rare: they came first) get fresh seqs now, before anyone is judged.
  const early = before ? 0 : (await c.query(bumpChildren, [after.type, after.id])).rowCount ?? 0;
  const { rows: users } = await c.query<{ id: string; role: Role }>('SELECT id, role FROM users WHERE station = $1', [after.station]);
  const lost: string[] = [];
  let changed = false;
  for (const u of users) {
    const v = { userId: u.id, role: u.role, station: after.station };
    // Before the row existed, its author held it, and so did anyone shown its early children.
    const had: Level = before ? visibility(v, before) : u.id === writer || (early > 0 && typesSeenWhole(u.role).includes(after.type)) ? 'full' : null;
    const now = visibility(v, after);
    if (had !== now) changed = true;
    if (rank(now) < rank(had)) lost.push(u.id);
  }
  if (lost.length) {
    await c.query(
      `INSERT INTO scope_exits (user_id, type, id, seq) SELECT u, $2, $3, $4 FROM unnest($1::text[]) AS u
       ON CONFLICT (user_id, type, id) DO UPDATE SET seq = EXCLUDED.seq`,
      [lost, after.type, after.id, seq],
    );
  }
  if (changed && before) await c.query(bumpChildren, [after.type, after.id]);
}
