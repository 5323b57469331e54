import type { RecordRow, RecordType } from '../../../src/domain/records';

let n = 0;
/** A stored record as the db returns it, for pure tests. */
export function row(type: RecordType, data: Record<string, unknown>, status: string | null = null, extra: Partial<RecordRow> = {}): RecordRow {
  n += 1;
  const first: Partial<Record<RecordType, string>> = { repairJob: 'registered', appeal: 'registered', visit: 'open', zoneDuty: 'due' };
  return {
    id: `${type}-${n}`, type, station: 'S1', data, clocks: {}, status: status ?? first[type] ?? null, statusGen: 0, statusHlc: null,
    deleted: false, createdBy: 'u1', hlc: String(n).padStart(8, '0'), ...extra,
  };
}
