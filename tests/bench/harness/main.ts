import { applyPullPage, openUserDb } from '../../../src/db';
import { toStored } from '../../../src/db/apply';
import { evaluateItem } from '../../../src/domain/clocks-of';
import { openClockRows } from '../../../src/state/clocks';
import { NOW, station } from '../data';

// The bench harness page: the app's own device-database and clock code, bundled as the
// app bundles it, handed to the benchmarks that run in Chromium's real IndexedDB.

const api = { applyPullPage, openUserDb, toStored, evaluateItem, openClockRows, NOW, station };
export type HarnessApi = typeof api;
(globalThis as unknown as { __bench: HarnessApi }).__bench = api;
document.title = 'bench harness ready';
