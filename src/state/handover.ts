import { childrenOf, getRecord, listRecords, uuidv7, type StationDb } from '../db';
import { confirmMutations, handedTo, handoverMutations, itemStillOpen, openItemsOf, type HandoverInput, type OpenItem } from '../domain/handover';
import type { ChildRow, RecordRow, RecordType } from '../domain/records';
import { trustedNow } from './clocks';
import { currentDevice, saveChanges, useLive, type SaveOutcome } from './device';

// Shift handover (交接班): the outgoing person's open items, the handover itself, the
// incoming person's confirmation, and what was handed to whom for the homes.

const newId = (): string => uuidv7();

async function openItemsFor(db: StationDb, userId: string): Promise<OpenItem[]> {
  const [jobs, appeals, visits, duties] = await Promise.all([
    listRecords(db, 'repairJob', { assignee: userId }),
    listRecords(db, 'appeal', { handler: userId }),
    listRecords(db, 'visit', { status: ['open', 'reached'] }),
    listRecords(db, 'zoneDuty', { status: ['due', 'cleaned'] }),
  ]);
  return openItemsOf(userId, { jobs, appeals, visits, duties }, trustedNow());
}

/** What I leave open at the end of my shift. */
export function useMyOpenItems(): OpenItem[] {
  const userId = currentDevice()?.session.userId ?? '';
  return useLive((db) => openItemsFor(db, userId), [userId], []);
}

export function useHandovers(): RecordRow[] {
  return useLive(async (db) => (await listRecords(db, 'handover')).sort((a, b) => String(b.data.at ?? '').localeCompare(String(a.data.at ?? ''))), [], []);
}

export function useHandover(id: string): RecordRow | null | undefined {
  return useLive((db) => getRecord(db, 'handover', id), [id], undefined);
}

export function useHandoverChildren(id: string): ChildRow[] {
  return useLive((db) => childrenOf(db, 'handover', id), [id], []);
}

export interface HandedItem {
  handover: RecordRow;
  item: ChildRow;
  /** The item's record as this device holds it (null: not here). */
  row: RecordRow | null;
  open: boolean;
}

async function handedToMe(db: StationDb, userId: string): Promise<{ handovers: RecordRow[]; items: HandedItem[] }> {
  const handovers = handedTo(userId, await listRecords(db, 'handover'));
  const items: HandedItem[] = [];
  for (const h of handovers) {
    for (const item of await childrenOf(db, 'handover', h.id)) {
      if (item.type !== 'handoverItem') continue;
      const type = String(item.data.itemType) as RecordType;
      const row = await getRecord(db, type, String(item.data.itemId));
      items.push({ handover: h, item, row, open: itemStillOpen(type, row) });
    }
  }
  return { handovers, items };
}

/** Handovers to me (unconfirmed first) and their items, for the home: chased first. */
export function useHandedToMe(): { handovers: RecordRow[]; items: HandedItem[] } {
  const userId = currentDevice()?.session.userId ?? '';
  return useLive((db) => handedToMe(db, userId), [userId], { handovers: [], items: [] });
}

export async function handOver(input: HandoverInput, now = trustedNow()): Promise<SaveOutcome & { id?: string }> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  const handoverId = newId();
  const r = await saveChanges(handoverMutations(input, { handoverId, itemIds: input.items.map(() => newId()), now, userId: d.session.userId }), now);
  return r.ok ? { ...r, id: handoverId } : r;
}

export async function confirmHandover(handover: RecordRow, note: string, now = trustedNow()): Promise<SaveOutcome> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  if (handover.data.to !== d.session.userId) return { ok: false, code: 'handover.notYours' };
  return saveChanges(confirmMutations(handover, { now, userId: d.session.userId, note, noteId: newId() }), now);
}
