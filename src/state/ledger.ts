import { createStore } from 'zustand/vanilla';
import { getRecord, listRejections, markRejectionsSeen, type StoredRejection } from '../db';
import { SettleConflictSchema, type SettleAction } from '../domain/ledger';
import type { RecordType } from '../domain/records';
import { itemName } from './clocks';
import { currentDevice, saveChanges, useLive, type SaveOutcome } from './device';
import { useStore } from './store';

// The chief's view of the server's conflict ledger and rejections. Settling a conflict by
// taking the other value is an ordinary new change; keeping the current value only marks
// the entry settled. The server keeps the choice, so the chief's other devices agree.

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
  /** Entries settled here, whether or not the server has heard of it yet. */
  settled: number[];
  /** Names of the records the entries are about, from this device's copy. */
  names: Record<string, string>;
  error: string | null;
}

interface PendingSettlement {
  id: number;
  action: SettleAction;
}

// A settlement made while the server could not be reached is kept here and sent on the next
// refresh; the entry stays hidden meanwhile.
const PENDING_KEY = 'stationdesk.settledConflicts.pending';
const readPending = (): PendingSettlement[] => {
  try {
    const list = JSON.parse(localStorage.getItem(PENDING_KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((p): p is PendingSettlement => SettleConflictSchema.safeParse(p).success) : [];
  } catch {
    return [];
  }
};
const writePending = (list: PendingSettlement[]) => localStorage.setItem(PENDING_KEY, JSON.stringify(list));

export const ledgerStore = createStore<LedgerView>(() => ({ conflicts: [], rejections: [], settled: readPending().map((p) => p.id), names: {}, error: null }));

function token(): string | null {
  return currentDevice()?.session.accessToken ?? null;
}

async function get<T>(path: string): Promise<T | null> {
  const access = token();
  if (!access) return null;
  const res = await fetch(path, { headers: { authorization: `Bearer ${access}` }, cache: 'no-store' });
  if (!res.ok) throw new Error(`http.${res.status}`);
  return (await res.json()) as T;
}

/** Sends one settlement; true once the server has it (or the entry no longer exists there). */
async function sendSettlement(p: PendingSettlement): Promise<boolean> {
  const access = token();
  if (!access) return false;
  try {
    const res = await fetch('/api/conflicts/settle', {
      method: 'POST',
      headers: { authorization: `Bearer ${access}`, 'content-type': 'application/json' },
      body: JSON.stringify(p),
      cache: 'no-store',
    });
    return res.ok || res.status === 404;
  } catch {
    return false;
  }
}

async function flushPending(): Promise<void> {
  const left: PendingSettlement[] = [];
  for (const p of readPending()) if (!(await sendSettlement(p))) left.push(p);
  writePending(left);
}

async function namesOf(conflicts: readonly ConflictRow[]): Promise<Record<string, string>> {
  const d = currentDevice();
  const names: Record<string, string> = {};
  if (!d) return names;
  for (const c of conflicts) {
    const key = `${c.recordType}:${c.recordId}`;
    if (key in names) continue;
    const row = await getRecord(d.db, c.recordType, c.recordId);
    if (row) names[key] = itemName(row);
  }
  return names;
}

export async function refreshLedger(): Promise<void> {
  try {
    await flushPending();
    const [c, r] = await Promise.all([get<{ conflicts: ConflictRow[] }>('/api/conflicts'), get<{ rejections: RejectionRow[] }>('/api/rejections')]);
    const conflicts = c?.conflicts ?? [];
    ledgerStore.setState({ conflicts, rejections: r?.rejections ?? [], names: await namesOf(conflicts), settled: readPending().map((p) => p.id), error: null });
  } catch (e) {
    ledgerStore.setState({ error: e instanceof TypeError ? 'network' : e instanceof Error ? e.message : 'unknown' });
  }
}

async function settle(id: number, action: SettleAction): Promise<void> {
  ledgerStore.setState({ settled: [...new Set([...ledgerStore.getState().settled, id])] });
  if (!(await sendSettlement({ id, action }))) writePending([...readPending().filter((p) => p.id !== id), { id, action }]);
}

/** Keeps the current value: nothing changes in the record; the entry is settled. */
export function keepCurrent(c: ConflictRow): Promise<void> {
  return settle(c.id, 'keep');
}

/** Takes the other value as a new change (saved here first, synced like any other), then settles. */
export async function takeOther(c: ConflictRow): Promise<SaveOutcome> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  const row = await getRecord(d.db, c.recordType, c.recordId);
  const r = await saveChanges([
    { name: 'record.upsert', args: { type: c.recordType, id: c.recordId, fields: { [c.field]: c.lostValue }, base: { [c.field]: row?.clocks[c.field] ?? null } } },
  ]);
  if (r.ok) await settle(c.id, 'take');
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
