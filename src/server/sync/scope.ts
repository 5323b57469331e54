import type { MutationBody, Rejection } from '../../domain/mutations';
import type { RecordType } from '../../domain/records';
import type { AuthContext } from '../auth';

// What a device may write and read. Everything role- or assignment-based lives here, so
// the access rules grow in one file: pull asks `visibleWhere`, push asks `mayWrite`.

/** The chief sets the station's rules and calendar and declares disaster periods. */
const CHIEF_ONLY: ReadonlySet<RecordType> = new Set(['policyRule', 'calendarYear', 'disasterPeriod', 'station']);

export function mayWrite(auth: AuthContext, m: MutationBody): Rejection | null {
  const type = m.name === 'child.add' ? m.args.parentType : m.args.type;
  if (CHIEF_ONLY.has(type) && auth.role !== 'chief' && auth.role !== 'admin') {
    return { code: 'mutation.forbidden', detail: `${type} is changed by the chief` };
  }
  return null;
}

/**
 * SQL condition (over a table aliased `t` with `station` and `seq`) selecting the rows
 * this device may pull, with its parameters starting at `$first`. Station only for now;
 * role scopes add their clauses here.
 */
export function visibleWhere(auth: AuthContext, first: number): { sql: string; params: unknown[] } {
  return { sql: `t.station = $${first}`, params: [auth.station] };
}
