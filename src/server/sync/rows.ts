import type { ChildRow, ChildType, RecordRow, RecordType } from '../../domain/records';

// Stored rows <-> the RecordRow/ChildRow shapes the device keeps. One mapping, used by
// push (read, merge, write back) and pull (hand out).

export interface RecordDb {
  type: string;
  id: string;
  station: string;
  data: Record<string, unknown>;
  clocks: Record<string, string>;
  status: string | null;
  status_gen: number;
  status_hlc: string | null;
  deleted: boolean;
  created_by: string | null;
  hlc: string;
  seq: number;
}

export interface ChildDb {
  type: string;
  id: string;
  parent_type: string;
  parent_id: string;
  station: string;
  data: Record<string, unknown>;
  author: string | null;
  hlc: string;
  seq: number;
}

export const RECORD_COLUMNS = 'type, id, station, data, clocks, status, status_gen, status_hlc, deleted, created_by, hlc, seq';
export const CHILD_COLUMNS = 'type, id, parent_type, parent_id, station, data, author, hlc, seq';

export function toRecordRow(r: RecordDb): RecordRow {
  return {
    id: r.id,
    type: r.type as RecordType,
    station: r.station,
    data: r.data,
    clocks: r.clocks,
    status: r.status,
    statusGen: r.status_gen,
    statusHlc: r.status_hlc,
    deleted: r.deleted,
    createdBy: r.created_by,
    hlc: r.hlc,
  };
}

export function toChildRow(r: ChildDb): ChildRow {
  return {
    id: r.id,
    type: r.type as ChildType,
    parentType: r.parent_type as RecordType,
    parentId: r.parent_id,
    station: r.station,
    data: r.data,
    author: r.author,
    hlc: r.hlc,
  };
}

/** Upsert of a merged record with the next change seq ($1..$11), RETURNING seq; the caller holds the station lock. */
export const RECORD_WRITE_SQL = `INSERT INTO records (type, id, station, data, clocks, status, status_gen, status_hlc, deleted, created_by, hlc, seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, nextval('change_seq'))
     ON CONFLICT (type, id) DO UPDATE SET
       data = EXCLUDED.data, clocks = EXCLUDED.clocks, status = EXCLUDED.status, status_gen = EXCLUDED.status_gen,
       status_hlc = EXCLUDED.status_hlc, deleted = EXCLUDED.deleted, hlc = EXCLUDED.hlc, seq = EXCLUDED.seq
     RETURNING seq`;

export const recordWriteParams = (row: RecordRow): unknown[] => [row.type, row.id, row.station, JSON.stringify(row.data),
  JSON.stringify(row.clocks), row.status, row.statusGen, row.statusHlc, row.deleted, row.createdBy, row.hlc];

/** Insert of a new child row with the next change seq ($1..$8), RETURNING seq. */
export const CHILD_WRITE_SQL = `INSERT INTO children (type, id, parent_type, parent_id, station, data, author, hlc, seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nextval('change_seq')) RETURNING seq`;

export const childWriteParams = (row: ChildRow): unknown[] => [row.type, row.id, row.parentType, row.parentId, row.station,
  JSON.stringify(row.data), row.author, row.hlc];
