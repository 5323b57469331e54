import type { MutationBody } from './mutations';
import type { RecordRow } from './records';
import { isOpenDuty } from './zones';

// Shift handover (交接班, 004 第十条): the outgoing person lists every unresolved item to
// the incoming one, with a note each; the incoming person confirms; the record of who
// handed what to whom and when is kept. Pure: time is an argument.

export const HANDOVER_ITEM_TYPES = ['repairJob', 'appeal', 'visit', 'zoneDuty'] as const;
export type HandoverItemType = (typeof HANDOVER_ITEM_TYPES)[number];

export interface OpenItem {
  itemType: HandoverItemType;
  itemId: string;
  row: RecordRow;
}

export interface Registers {
  jobs: readonly RecordRow[];
  appeals: readonly RecordRow[];
  visits: readonly RecordRow[];
  duties: readonly RecordRow[];
}

/** Duties due within this long count as this shift's (handing over a little before the end). */
export const DUTY_HORIZON_MS = 60 * 60_000;

const ORDER: Record<HandoverItemType, number> = { repairJob: 0, appeal: 1, visit: 2, zoneDuty: 3 };

/**
 * What a person leaves open at the end of the shift: repair jobs assigned to them and not
 * archived, appeals they handle and not closed, return visits of theirs not done or given
 * up, zone duties they hold not yet passed and due by now (a failed duty is represented by its
 * re-clean, which is always listed).
 */
export function openItemsOf(userId: string, r: Registers, now: Date): OpenItem[] {
  // A duty of a later shift or a clean-up days away is not left open by this shift.
  const soon = now.getTime() + DUTY_HORIZON_MS;
  const out: OpenItem[] = [];
  for (const j of r.jobs) if (!j.deleted && j.data.assignee === userId && j.status !== 'archived') out.push({ itemType: 'repairJob', itemId: j.id, row: j });
  for (const a of r.appeals) if (!a.deleted && a.data.handler === userId && a.status !== 'closed') out.push({ itemType: 'appeal', itemId: a.id, row: a });
  for (const v of r.visits) {
    const mine = typeof v.data.assignee === 'string' ? v.data.assignee === userId : v.createdBy === userId;
    if (!v.deleted && mine && v.status !== 'done' && v.status !== 'givenUp') out.push({ itemType: 'visit', itemId: v.id, row: v });
  }
  for (const d of r.duties) {
    if (d.data.holder !== userId || d.data.holderKind === 'office' || !isOpenDuty(d)) continue;
    const due = Date.parse(String(d.data.dueAt ?? ''));
    if (d.data.kind === 'reclean' || Number.isNaN(due) || due <= soon) out.push({ itemType: 'zoneDuty', itemId: d.id, row: d });
  }
  out.sort((a, b) => ORDER[a.itemType] - ORDER[b.itemType] || (a.row.hlc < b.row.hlc ? -1 : a.row.hlc > b.row.hlc ? 1 : 0));
  return out;
}

export interface HandoverInput {
  to: string;
  items: { itemType: HandoverItemType; itemId: string; note: string; title?: string }[];
  note: string;
}

export type HandoverErrors = Partial<Record<'to' | 'items', 'required' | 'self'>>;

export function validateHandover(input: HandoverInput, from: string): HandoverErrors {
  const e: HandoverErrors = {};
  if (!input.to) e.to = 'required';
  else if (input.to === from) e.to = 'self';
  return e;
}

export interface HandoverCtx {
  handoverId: string;
  itemIds: string[];
  now: Date;
  userId: string;
}

/** The outgoing person's save: the handover, one child per item, handed over. */
export function handoverMutations(input: HandoverInput, ctx: HandoverCtx): MutationBody[] {
  const at = ctx.now.toISOString();
  const out: MutationBody[] = [
    {
      name: 'record.upsert',
      args: { type: 'handover', id: ctx.handoverId, fields: { from: ctx.userId, to: input.to, at, note: input.note.trim(), itemCount: input.items.length }, base: {} },
    },
  ];
  input.items.forEach((it, i) => {
    out.push({
      name: 'child.add',
      args: {
        type: 'handoverItem',
        id: ctx.itemIds[i]!,
        parentType: 'handover',
        parentId: ctx.handoverId,
        fields: { itemType: it.itemType, itemId: it.itemId, note: it.note.trim(), ...(it.title ? { title: it.title.slice(0, 200) } : {}) },
      },
    });
  });
  out.push({ name: 'record.advance', args: { type: 'handover', id: ctx.handoverId, status: 'handedOver', gen: 0 } });
  return out;
}

/** The incoming person takes the items over: who and when, and their note. */
export function confirmMutations(handover: RecordRow, ctx: { now: Date; userId: string; note?: string; noteId?: string }): MutationBody[] {
  const at = ctx.now.toISOString();
  const out: MutationBody[] = [
    {
      name: 'record.upsert',
      args: { type: 'handover', id: handover.id, fields: { confirmedAt: at, confirmedBy: ctx.userId }, base: { confirmedAt: handover.clocks.confirmedAt ?? null, confirmedBy: handover.clocks.confirmedBy ?? null } },
    },
    { name: 'record.advance', args: { type: 'handover', id: handover.id, status: 'confirmed', gen: handover.statusGen } },
  ];
  if (ctx.note?.trim() && ctx.noteId) {
    out.push({ name: 'child.add', args: { type: 'note', id: ctx.noteId, parentType: 'handover', parentId: handover.id, fields: { text: ctx.note.trim(), at, by: ctx.userId } } });
  }
  return out;
}

/** Only the person it is handed to confirms it. */
export function mayConfirm(handover: RecordRow, userId: string): boolean {
  return handover.status === 'handedOver' && handover.data.to === userId;
}

/** Handovers to this person, unconfirmed first, then newest first. */
export function handedTo(userId: string, handovers: readonly RecordRow[]): RecordRow[] {
  return handovers
    .filter((h) => !h.deleted && h.data.to === userId && (h.status === 'handedOver' || h.status === 'confirmed'))
    .sort((a, b) => {
      const wa = a.status === 'handedOver' ? 0 : 1;
      const wb = b.status === 'handedOver' ? 0 : 1;
      return wa - wb || String(b.data.at ?? '').localeCompare(String(a.data.at ?? ''));
    });
}

/** Whether a handed item is still open, given its current row (null: not on this device). */
export function itemStillOpen(itemType: string, row: RecordRow | null): boolean {
  if (!row || row.deleted) return row === null;
  switch (itemType) {
    case 'repairJob':
      return row.status !== 'archived';
    case 'appeal':
      return row.status !== 'closed';
    case 'visit':
      return row.status !== 'done' && row.status !== 'givenUp';
    case 'zoneDuty':
      return isOpenDuty(row);
    default:
      return true;
  }
}
