import Dexie, { type Table } from 'dexie';
import type { ChildRow, RecordRow, RecordType } from '../domain/records';
import type { ConflictEntry } from '../domain/merge';
import type { Rejection } from '../domain/mutations';

// The device's IndexedDB. Versions are only ever appended: a phone may skip several
// releases, and Dexie runs every upgrade between its version and ours in order.

/** A record as stored: the synced row plus columns kept only for local indexes. */
export type StoredRecord = RecordRow & {
  /** The row's own due field while it is live, so the overdue list can range-scan it. */
  dueAt?: string;
};

export interface OutboxEntry {
  seq?: number;
  /** Per-device sequence, rising by one; the server skips a mid it already holds. */
  mid: number;
  name: string;
  args: unknown;
  hlc: string;
  createdAt: string;
  /** Which row the mutation touches (see rowKey), so a pull can re-apply pending work row by row. */
  key: string;
  author?: string | null;
}

/** The server's last known copy of a row this device has unacknowledged edits on. */
export interface ShadowEntry {
  key: string;
  /** null: the server has no such row (the device created it). */
  row: RecordRow | ChildRow | null;
}

export interface Lease {
  holder: string;
  until: number;
}

export interface SyncStateRow {
  id: 'self';
  clientId: string;
  userId: string;
  station: string;
  nextMid: number;
  /** Highest mid the server said it holds; entries at or below stay until a complete pull confirms their effect. */
  ackedMid: number;
  cursor: number;
  lastHlc: string | null;
  lastSyncAt: string | null;
  lastError: string | null;
  clockOffsetMs: number | null;
  authNeeded: boolean;
  lease: Lease | null;
  accessToken?: string | null;
  refreshToken?: string | null;
  tokenExpiresAt?: string | null;
  deviceCode?: string | null;
}

export interface StoredConflict extends ConflictEntry {
  /** Deterministic, so seeing the same lost write again does not add a second entry. */
  id: string;
  at: string;
}

export interface StoredRejection {
  mid: number;
  name: string;
  args: unknown;
  reason: Rejection;
  at: string;
  /** 0 until the author has seen it; a number because IndexedDB cannot index booleans. */
  seen: 0 | 1;
}

export interface StoredBlob {
  sha256: string;
  blob: Blob;
  thumbnail?: Blob;
  bytes: number;
  type: string;
  uploaded: 0 | 1;
  createdAt: string;
}

export class StationDb extends Dexie {
  records!: Table<StoredRecord, [RecordType, string]>;
  children!: Table<ChildRow, string>;
  outbox!: Table<OutboxEntry, number>;
  shadows!: Table<ShadowEntry, string>;
  syncState!: Table<SyncStateRow, 'self'>;
  conflicts!: Table<StoredConflict, string>;
  rejections!: Table<StoredRejection, number>;
  blobs!: Table<StoredBlob, string>;

  constructor(name: string, options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
    // Strict durability: a save the user saw succeed must survive the phone dying a second later.
    super(name, { chromeTransactionDurability: 'strict', ...options });
    declareSchema(this);
  }
}

export const SCHEMA_V1 = {
  records: '[type+id], type, status, hlc, data.assignee, data.handler',
  children: 'id, parentId, [parentType+parentId], type, hlc',
  outbox: '++seq, &mid, createdAt',
  shadows: 'key',
  syncState: 'id',
  conflicts: 'id, recordId, at',
  rejections: 'mid, at, seen',
  blobs: 'sha256, uploaded',
} as const;

export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  records: '[type+id], type, status, [type+status], hlc, dueAt, data.assignee, data.handler',
  outbox: '++seq, &mid, createdAt, key',
} as const;

export const CURRENT_VERSION = 2;

export function declareSchema(db: Dexie): void {
  db.version(1).stores(SCHEMA_V1);
  db.version(2)
    .stores(SCHEMA_V2)
    .upgrade(async (tx) => {
      // v2 indexes rows by due time and the outbox by the row it touches; fill both for data v1 wrote.
      await tx.table('records').toCollection().modify((r: StoredRecord) => {
        const due = dueAtOf(r);
        if (due) r.dueAt = due;
        else delete r.dueAt;
      });
      await tx.table('outbox').toCollection().modify((e: OutboxEntry) => {
        e.key = outboxKey(e.name, e.args);
      });
    });
}

const DUE_FIELDS = ['dueAt', 'dueBy', 'expectedRestoreAt'] as const;

/** The row's own stated due time; computed policy clocks live in domain/ and use [type+status]. */
export function dueAtOf(r: Pick<RecordRow, 'data' | 'deleted'>): string | undefined {
  if (r.deleted) return undefined;
  for (const f of DUE_FIELDS) {
    const v = r.data[f];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return undefined;
}

export function recordKey(type: string, id: string): string {
  return `r:${type}:${id}`;
}
export function childKey(id: string): string {
  return `c:${id}`;
}

export function outboxKey(name: string, args: unknown): string {
  const a = (args ?? {}) as { type?: unknown; id?: unknown };
  const id = typeof a.id === 'string' ? a.id : '';
  if (name === 'child.add') return childKey(id);
  return recordKey(typeof a.type === 'string' ? a.type : '', id);
}
