import { compareHlc } from './hlc';
import { LIFECYCLES, stageIndex, type ChildRow, type RecordRow, type RecordType } from './records';
import type { MutationBody, Rejection } from './mutations';

// Merge rules [MG*] of SPEC.md. Pure: the server applies pushed mutations with these
// functions, and the device re-applies its pending ones on top of pulled rows with the same.

export interface WriteContext {
  hlc: string;
  author: string | null;
  station: string;
}

export interface ConflictEntry {
  recordType: RecordType;
  recordId: string;
  field: string;
  keptValue: unknown;
  keptHlc: string | null;
  lostValue: unknown;
  lostHlc: string;
  lostAuthor: string | null;
}

export type MergeResult =
  | { kind: 'record'; row: RecordRow; changed: boolean; conflicts: ConflictEntry[] }
  | { kind: 'child'; row: ChildRow; changed: boolean; conflicts: ConflictEntry[] }
  | { kind: 'rejected'; reason: Rejection };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function emptyRow(type: RecordType, id: string, ctx: WriteContext): RecordRow {
  const stages = LIFECYCLES[type];
  return {
    id,
    type,
    station: ctx.station,
    data: {},
    clocks: {},
    status: stages ? stages[0]! : null,
    statusGen: 0,
    statusHlc: null,
    deleted: false,
    createdBy: ctx.author,
    hlc: ctx.hlc,
  };
}

const maxHlc = (a: string, b: string) => (compareHlc(a, b) >= 0 ? a : b);

/**
 * Applies one checked mutation to the stored row (null when none). Never mutates its inputs.
 * `authorOf` names who wrote a field's current value, for the ledger; optional.
 */
export function applyRecordMutation(existing: RecordRow | null, m: MutationBody, ctx: WriteContext): MergeResult {
  if (m.name === 'child.add') return { kind: 'rejected', reason: { code: 'mutation.not_record' } };
  const { type, id } = m.args;
  if (existing && existing.type !== type) return { kind: 'rejected', reason: { code: 'record.type_mismatch' } };

  if (m.name === 'record.delete') {
    // [MG5] deletes are tombstones: the row stays, marked, and nothing revives it.
    if (!existing) return { kind: 'record', row: { ...emptyRow(type, id, ctx), deleted: true }, changed: true, conflicts: [] };
    if (existing.deleted) return { kind: 'record', row: existing, changed: false, conflicts: [] };
    return { kind: 'record', row: { ...existing, deleted: true, hlc: maxHlc(existing.hlc, ctx.hlc) }, changed: true, conflicts: [] };
  }

  if (m.name === 'record.upsert') {
    const row = existing ? { ...existing, data: { ...existing.data }, clocks: { ...existing.clocks } } : emptyRow(type, id, ctx);
    if (row.deleted) return { kind: 'record', row: existing!, changed: false, conflicts: [] };
    const conflicts: ConflictEntry[] = [];
    let changed = !existing;
    for (const [field, value] of Object.entries(m.args.fields)) {
      const stored = row.clocks[field];
      if (stored === ctx.hlc) continue; // [MG6] the same write seen again changes nothing
      const base = m.args.base[field] ?? null;
      const clean = stored === undefined || stored === base;
      if (clean || compareHlc(ctx.hlc, stored) > 0) {
        // [MG1] a concurrent write loses to the later HLC, ties broken by device id inside the stamp
        if (!clean && !same(row.data[field], value)) {
          conflicts.push({ recordType: type, recordId: id, field, keptValue: value, keptHlc: ctx.hlc, lostValue: row.data[field], lostHlc: stored!, lostAuthor: null });
        }
        row.data[field] = value;
        row.clocks[field] = ctx.hlc;
        changed = true;
      } else if (!same(row.data[field], value)) {
        // [MG2] the losing value is kept in the ledger, never silently dropped
        conflicts.push({ recordType: type, recordId: id, field, keptValue: row.data[field], keptHlc: stored!, lostValue: value, lostHlc: ctx.hlc, lostAuthor: ctx.author });
      }
    }
    if (changed) row.hlc = maxHlc(row.hlc, ctx.hlc);
    return { kind: 'record', row, changed, conflicts };
  }

  // advance / reopen
  const stages = LIFECYCLES[type];
  if (!stages) return { kind: 'rejected', reason: { code: 'status.no_lifecycle' } };
  const row = existing ? { ...existing } : emptyRow(type, id, ctx);
  if (row.deleted) return { kind: 'record', row: existing!, changed: false, conflicts: [] };
  const current = row.status ? stageIndex(type, row.status) : -1;
  const target = stageIndex(type, m.args.status);
  if (m.name === 'record.advance') {
    // [MG3] the later stage wins within a generation; an advance made before a reopen it never saw is stale
    if (m.args.gen < row.statusGen) {
      return {
        kind: 'record', row: existing ?? row, changed: false,
        conflicts: [{ recordType: type, recordId: id, field: 'status', keptValue: row.status, keptHlc: row.statusHlc, lostValue: m.args.status, lostHlc: ctx.hlc, lostAuthor: ctx.author }],
      };
    }
    if (target <= current) return { kind: 'record', row: existing ?? row, changed: !existing, conflicts: [] };
    return { kind: 'record', row: { ...row, status: m.args.status, statusGen: Math.max(row.statusGen, m.args.gen), statusHlc: ctx.hlc, hlc: maxHlc(row.hlc, ctx.hlc) }, changed: true, conflicts: [] };
  }
  // [MG4] reopening is its own mutation: it moves back and opens a new generation, once per generation seen
  if (!existing) return { kind: 'rejected', reason: { code: 'record.not_found' } };
  if (m.args.gen < row.statusGen) return { kind: 'record', row: existing, changed: false, conflicts: [] };
  if (target >= current) return { kind: 'rejected', reason: { code: 'status.reopen_forward', detail: m.args.status } };
  return { kind: 'record', row: { ...row, status: m.args.status, statusGen: row.statusGen + 1, statusHlc: ctx.hlc, hlc: maxHlc(row.hlc, ctx.hlc) }, changed: true, conflicts: [] };
}

/** [MG7] child rows are only ever added; a second add of the same id changes nothing. */
export function applyChildAdd(existing: ChildRow | null, m: MutationBody, ctx: WriteContext): MergeResult {
  if (m.name !== 'child.add') return { kind: 'rejected', reason: { code: 'mutation.not_child' } };
  if (existing) return { kind: 'child', row: existing, changed: false, conflicts: [] };
  const { type, id, parentType, parentId, fields } = m.args;
  return { kind: 'child', row: { id, type, parentType, parentId, station: ctx.station, data: fields, author: ctx.author, hlc: ctx.hlc }, changed: true, conflicts: [] };
}
