// The device database: the only place that imports Dexie. state/ and sync/ import from here.
export { StationDb, CURRENT_VERSION, dueAtOf, recordKey, childKey, outboxKey } from './schema';
export type { StoredRecord, OutboxEntry, SyncStateRow, StoredConflict, StoredRejection, StoredBlob, ShadowEntry, Lease } from './schema';
export { openUserDb, deleteUserDb, userDbName, readSyncState, rebindClient } from './open';
export type { OpenOptions } from './open';
export { uuidv7, UUID_RE } from './ids';
export { save, baseOf } from './save';
export type { SaveContext, SaveResult } from './save';
export {
  getRecord, listRecords, dueBefore, childrenOf, listChildren, pendingCount, oldestPending, listRejections,
  markRejectionsSeen, conflictsFor, syncSummary, live,
} from './queries';
export type { RecordFilter, Subscribable, SyncSummary } from './queries';
export { putBlob, getBlob, cacheFetchedBlob, markBlobUploaded, blobsAwaitingUpload, sha256Hex } from './blobs';
export { nextPushBatch, recordPushAnswer, applyPullPage, updateSyncState, closeRun } from './sync-store';
export type { PushAnswer, PulledPage, PulledChange, PageApplied } from './sync-store';
export { acquireLease, releaseLease, renewLease } from './lease';
