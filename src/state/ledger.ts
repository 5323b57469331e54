import { createStore } from 'zustand/vanilla';
import { getRecord, listRejections, markRejectionsSeen, type StoredRejection } from '../db';
import type { RecordType } from '../domain/records';
import { currentDevice, saveChanges, useLive, type SaveOutcome } from './device';
import { useStore } from './store';

// The chief's view of the server's conflict ledger and rejections. Settling a conflict by
// taking the other value is an ordinary new change; keeping the current value only marks
// the entry as seen on this device.

export interface ConflictRow {
  id: number;
  recordType: RecordType;
  recordId: string;
  field: string;
  keptValue: unknown;
  lostValue: unknown;
  lostAuthor: string | null;
  userId: string;
  at: string;
}

export interface RejectionRow {
  id: number;
  name: string;
  code: string;
  field: string | null;
  detail: string | null;
  userId: string;
  recordType: string | null;
  recordId: string | null;
  at: string;
}

interface LedgerView {
  conflicts: ConflictRow[];
  rejections: RejectionRow[];
  settled: number[];
  error: string | null;
}

const SETTLED_KEY = 'stationdesk.settledConflicts';
const readSettled = (): number[] => {
  try {
    return JSON.parse(localStorage.getItem(SETTLED_KEY) ?? '[]') as number[];
  } catch {
    return [];
  }
};

export const ledgerStore = createStore<LedgerView>(() => ({ conflicts: [], rejections: [], settled: readSettled(), error: null }));

async function get<T>(path: string): Promise<T | null> {
  const d = currentDevice();
  if (!d) return null;
  const res = await fetch(path, { headers: { authorization: `Bearer ${d.session.accessToken}` }, cache: 'no-store' });
  if (!res.ok) throw new Error(`http.${res.status}`);
  return (await res.json()) as T;
}

export async function refreshLedger(): Promise<void> {
  try {
    const [c, r] = await Promise.all([get<{ conflicts: ConflictRow[] }>('/api/conflicts'), get<{ rejections: RejectionRow[] }>('/api/rejections')]);
    ledgerStore.setState({ conflicts: c?.conflicts ?? [], rejections: r?.rejections ?? [], error: null });
  } catch (e) {
    ledgerStore.setState({ error: e instanceof TypeError ? 'network' : e instanceof Error ? e.message : 'unknown' });
  }
}

function settle(id: number) {
  const settled = [...new Set([...ledgerStore.getState().settled, id])];
  localStorage.setItem(SETTLED_KEY, JSON.stringify(settled));
  ledgerStore.setState({ settled });
}

export function keepCurrent(c: ConflictRow): void {
  settle(c.id);
}

export async function takeOther(c: ConflictRow): Promise<SaveOutcome> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  const row = await getRecord(d.db, c.recordType, c.recordId);
  const r = await saveChanges([
    { name: 'record.upsert', args: { type: c.recordType, id: c.recordId, fields: { [c.field]: c.lostValue }, base: { [c.field]: row?.clocks[c.field] ?? null } } },
  ]);
  if (r.ok) settle(c.id);
  return r;
}

export const useLedger = (): LedgerView => useStore(ledgerStore, (s) => s);

/** Changes of this user the server refused and the user has not yet acknowledged. */
export function useMyRejections(): StoredRejection[] {
  return useLive((db) => listRejections(db, { unseenOnly: true }), [], []);
}

export async function acknowledgeRejections(mids: number[]): Promise<void> {
  const d = currentDevice();
  if (d) await markRejectionsSeen(d.db, mids);
}
