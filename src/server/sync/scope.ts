import { APPEAL_STEP_FIELDS } from '../../domain/appeals';
import type { MutationBody, Rejection } from '../../domain/mutations';
import { RECORD_TYPES, type RecordRow, type RecordType } from '../../domain/records';
import type { Role } from '../../sync/protocol';

// What a device may write and read: the one place for role and assignment rules. Pull
// asks `scopeSql` (the same rules as SQL), push asks `mayWrite` and `mayTouch`, and the
// audience bookkeeping (audience.ts) and every endpoint ask `visibility`. The JavaScript
// and SQL forms are checked against each other by tests/server/access-admin.test.ts and access-visits.test.ts.
//
//   chief/admin  the station, but never an appeal that names them
//   clerk        the station; an appeal in full only as its handler or registrar (the
//                registeredBy field, or the author of its first write), else
//                redacted to number, kind, channel, status and the loop's step times
//   lineman      repair jobs, zones, the station's rules and calendar, visits he is to make
//                (visitMaker), handovers he is part of, appeals he handles
// An appeal whose namedStaff is a user never reaches that user, not even redacted.

export interface Viewer {
  userId: string;
  role: Role;
  station: string;
}

export type Level = 'full' | 'redacted' | null;

/** The station's rules and calendar: every device needs them to compute deadlines. */
const SETTINGS: readonly RecordType[] = ['policyRule', 'calendarYear', 'disasterPeriod', 'station'];
/** Types a lineman sees whatever their content. */
export const LINEMAN_TYPES: readonly RecordType[] = ['repairJob', 'zone', 'zoneAssignment', 'zoneDuty', ...SETTINGS];
/** Types whose audience depends on the row's content: audience.ts watches their writes. */
export const SCOPED_TYPES: ReadonlySet<RecordType> = new Set(['appeal', 'visit', 'handover']);
/**
 * Fields an appeal keeps when redacted (with status and the stamps of these fields): what
 * names the case, and every time the loop stamps. The regulation clocks (clocks-of.ts) run
 * on the redacted device too and stop on those times; without them a replied complaint
 * would stay overdue there for ever. None of them says who complained or about what.
 */
export const REDACTED_APPEAL_FIELDS: readonly string[] = ['number', 'kind', 'channel', 'receivedAt', 'dueBy', ...Object.values(APPEAL_STEP_FIELDS)];

/** Record types a role sees whatever their content (used for children whose parent is not here yet). */
export function typesSeenWhole(role: Role): readonly RecordType[] {
  if (role === 'lineman') return LINEMAN_TYPES;
  if (role === 'clerk') return RECORD_TYPES.filter((t) => t !== 'appeal');
  return RECORD_TYPES;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Who makes a visit: its assignee when one is named, else, for the follow-up visit of an
 * appeal, the appeal's handler it names (the handler closes the loop, domain.md §2). Such a
 * visit carries no name, phone or content (appeals.ts followUpVisitMutation).
 */
function visitMaker(d: Record<string, unknown>): string {
  return str(d.assignee) || (str(d.sourceType) === 'appeal' ? str(d.handler) : '');
}

export type Scoped = Pick<RecordRow, 'type' | 'station' | 'data'> & { createdBy?: string | null };

export function visibility(v: Viewer, row: Scoped): Level {
  if (row.station !== v.station) return null;
  const d = row.data;
  if (row.type === 'appeal' && str(d.namedStaff) === v.userId) return null;
  if (v.role === 'chief' || v.role === 'admin') return 'full';
  if (v.role === 'clerk') {
    if (row.type !== 'appeal') return 'full';
    return str(d.handler) === v.userId || str(d.registeredBy) === v.userId || row.createdBy === v.userId ? 'full' : 'redacted';
  }
  if (LINEMAN_TYPES.includes(row.type)) return 'full';
  if (row.type === 'visit') return visitMaker(d) === v.userId ? 'full' : null;
  if (row.type === 'appeal') return str(d.handler) === v.userId ? 'full' : null;
  if (row.type === 'handover') return str(d.from) === v.userId || str(d.to) === v.userId ? 'full' : null;
  return null;
}

/** The row as a viewer with `level` may hold it. */
export function shapeFor(row: RecordRow, level: Exclude<Level, null>): RecordRow {
  if (level === 'full') return row;
  const keep = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => REDACTED_APPEAL_FIELDS.includes(k)));
  return { ...row, data: keep(row.data), clocks: keep(row.clocks) as Record<string, string>, createdBy: null, redacted: true } as RecordRow;
}

/** Collects positional parameters for one statement. */
export class Params {
  readonly values: unknown[];
  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * SQL for the rules above over a records table aliased `a`: `visible` (any level) and
 * `full`. Both are plain booleans (never NULL).
 */
export function scopeSql(v: Viewer, a: string, p: Params): { visible: string; full: string } {
  const u = p.add(v.userId);
  const s = p.add(v.station);
  const f = (k: string) => `coalesce(${a}.data->>'${k}', '')`;
  const base = `${a}.station = ${s} AND NOT (${a}.type = 'appeal' AND ${f('namedStaff')} = ${u})`;
  if (v.role === 'chief' || v.role === 'admin') return { visible: `(${base})`, full: `(${base})` };
  if (v.role === 'clerk') {
    return { visible: `(${base})`, full: `(${base} AND (${a}.type <> 'appeal' OR ${f('handler')} = ${u} OR ${f('registeredBy')} = ${u} OR coalesce(${a}.created_by, '') = ${u}))` };
  }
  const types = p.add(LINEMAN_TYPES);
  const vis = `(${base} AND (${a}.type = ANY(${types}::text[])
      OR (${a}.type = 'visit' AND (CASE WHEN ${f('assignee')} <> '' THEN ${f('assignee')} WHEN ${f('sourceType')} = 'appeal' THEN ${f('handler')} ELSE '' END) = ${u})
      OR (${a}.type = 'appeal' AND ${f('handler')} = ${u})
      OR (${a}.type = 'handover' AND (${f('from')} = ${u} OR ${f('to')} = ${u}))))`;
  return { visible: vis, full: vis };
}

/**
 * The station's rules, calendar and disaster periods are the chief's to change, and so are
 * the hygiene zones and who holds each (划片包干, domain.md §4: the chief divides the station
 * and contracts each zone). A zone's duties, their cleaning and the incoming shift's
 * inspections (children of the duty) stay open to staff: the holder and the next shift do them.
 */
const CHIEF_ONLY: ReadonlySet<RecordType> = new Set(['policyRule', 'calendarYear', 'disasterPeriod', 'station', 'zone', 'zoneAssignment']);

/**
 * What the handler's steps write (appeals.ts appealStepMutations, the follow-up in
 * state/visits.ts): the step times the clocks stop on, the reply and the result sent upward.
 * Not `assignedAt` or `handler`: handing a case on is the chief's.
 */
const HANDLER_FIELDS: ReadonlySet<string> = new Set([...Object.values(APPEAL_STEP_FIELDS).filter((f) => f !== APPEAL_STEP_FIELDS.assigned), 'reply', 'resultUpward']);

const forbidden = (detail: string): Rejection => ({ code: 'mutation.forbidden', detail });

/** Checks that need only the mutation: role against type. */
export function mayWrite(auth: Viewer, m: MutationBody): Rejection | null {
  const type = m.name === 'child.add' ? m.args.parentType : m.args.type;
  const chief = auth.role === 'chief' || auth.role === 'admin';
  if (CHIEF_ONLY.has(type) && !chief) return forbidden(`${type} is changed by the chief`);
  // A lineman takes part in an appeal only as its handler (mayTouch: status, notes and the
  // loop's own stamps); he never registers one or edits who complained, about what, or who handles it.
  if (type === 'appeal' && auth.role === 'lineman') {
    if (m.name === 'record.delete') return forbidden('appeals are registered and edited at the counter');
    if (m.name === 'record.upsert' && !Object.keys(m.args.fields).every((f) => HANDLER_FIELDS.has(f))) {
      return forbidden('appeals are registered and edited at the counter');
    }
  }
  return null;
}

/**
 * Checks against the stored row (for child.add: its parent) of `type`: a device writes only
 * to rows it holds in full. A new row is fine unless the mutation itself is forbidden, or a
 * lineman would start an appeal: his handler's fields (mayWrite) are for a case the counter
 * registered, and on a new id they would make a case with no customer and no content.
 */
export function mayTouch(auth: Viewer, existing: Scoped | null, type: RecordType): Rejection | null {
  if (!existing) return type === 'appeal' && auth.role === 'lineman' ? forbidden('appeals are registered and edited at the counter') : null;
  if (existing.station !== auth.station) return { code: 'record.other_station' };
  return visibility(auth, existing) === 'full' ? null : forbidden(`${existing.type} is outside this user's scope`);
}
