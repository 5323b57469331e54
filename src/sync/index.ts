// The sync routine, for the page (state/) and the service worker (sw/) alike.
export { createSyncEngine } from './engine';
export type { SyncEngine, SyncEngineOptions, SyncEngineState, SyncOutcome, SyncErrorCode, SyncPhase } from './engine';
export { httpTransport } from './transport';
export type { Transport, TransportResult } from './transport';
export { installPageTriggers, notifySaved, BACKGROUND_SYNC_TAG } from './triggers';
export type { PageTriggerOptions } from './triggers';
export type { LockManagerLike } from './lock';
