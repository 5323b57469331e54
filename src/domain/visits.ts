import type { MutationBody } from './mutations';
import type { RecordRow } from './records';
import { surveyMutations, type SurveyAnswers } from './survey';

// Return visits (domain.md §3): contact attempts as child rows, a visit open until the
// customer is reached (then done with the survey) or given up with a reason; visits made
// by hand; key customers with a yearly visit. Pure: time and ids are arguments.

export const VISIT_METHODS = ['phone', 'onSite', 'letter', 'forum', 'card'] as const;
export type VisitMethod = (typeof VISIT_METHODS)[number];
export const ATTEMPT_OUTCOMES = ['reached', 'noAnswer', 'wrongNumber', 'callBack'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

const iso = (d: Date) => d.toISOString();

export function isOpenVisit(row: RecordRow): boolean {
  return row.status === null || row.status === 'open' || row.status === 'reached';
}

/** Open visits first, soonest due first; finished ones after, latest first. */
export function sortVisits(rows: readonly RecordRow[]): RecordRow[] {
  return [...rows].sort((a, b) => {
    const oa = isOpenVisit(a);
    const ob = isOpenVisit(b);
    if (oa !== ob) return oa ? -1 : 1;
    const da = String(a.data.dueAt ?? '');
    const db = String(b.data.dueAt ?? '');
    if (oa) return da === db ? 0 : !da ? 1 : !db ? -1 : da < db ? -1 : 1;
    return db.localeCompare(da);
  });
}

function statusEvent(id: string, visitId: string, status: string, at: Date, by: string): MutationBody {
  return { name: 'child.add', args: { type: 'statusEvent', id, parentType: 'visit', parentId: visitId, fields: { status, at: iso(at), by } } };
}

export interface VisitStepContext {
  now: Date;
  userId: string;
  newId: () => string;
}

/** A contact attempt; reaching the customer moves an open visit to "reached". */
export function attemptMutations(visit: RecordRow, outcome: AttemptOutcome, note: string, ctx: VisitStepContext): MutationBody[] {
  const fields: Record<string, unknown> = { outcome, at: iso(ctx.now) };
  if (note.trim()) fields.note = note.trim();
  const out: MutationBody[] = [{ name: 'child.add', args: { type: 'contactAttempt', id: ctx.newId(), parentType: 'visit', parentId: visit.id, fields } }];
  if (outcome === 'reached' && (visit.status === 'open' || visit.status === null)) {
    out.push({ name: 'record.upsert', args: { type: 'visit', id: visit.id, fields: { reachedAt: iso(ctx.now) }, base: { reachedAt: visit.clocks.reachedAt ?? null } } });
    out.push({ name: 'record.advance', args: { type: 'visit', id: visit.id, status: 'reached', gen: visit.statusGen } });
    out.push(statusEvent(ctx.newId(), visit.id, 'reached', ctx.now, ctx.userId));
  }
  return out;
}

/** The visit made: the survey answers and the done stamp that stops its clock. */
export function finishMutations(visit: RecordRow, answers: SurveyAnswers, ctx: VisitStepContext): MutationBody[] {
  return [
    ...surveyMutations(visit.id, answers, ctx.newId),
    { name: 'record.upsert', args: { type: 'visit', id: visit.id, fields: { doneAt: iso(ctx.now) }, base: { doneAt: visit.clocks.doneAt ?? null } } },
    { name: 'record.advance', args: { type: 'visit', id: visit.id, status: 'done', gen: visit.statusGen } },
    statusEvent(ctx.newId(), visit.id, 'done', ctx.now, ctx.userId),
  ];
}

export function giveUpMutations(visit: RecordRow, reason: string, ctx: VisitStepContext): MutationBody[] | null {
  if (!reason.trim()) return null;
  return [
    { name: 'record.upsert', args: { type: 'visit', id: visit.id, fields: { giveUpReason: reason.trim(), givenUpAt: iso(ctx.now) }, base: { giveUpReason: visit.clocks.giveUpReason ?? null, givenUpAt: visit.clocks.givenUpAt ?? null } } },
    { name: 'record.advance', args: { type: 'visit', id: visit.id, status: 'givenUp', gen: visit.statusGen } },
    statusEvent(ctx.newId(), visit.id, 'givenUp', ctx.now, ctx.userId),
  ];
}

export interface ManualVisitInput {
  customerId: string;
  customerName: string;
  customerPhone: string;
  method: VisitMethod;
  /** 'YYYY-MM-DD', the Beijing day by whose end the visit is due. */
  dueDay: string;
}

export type ManualVisitErrors = Partial<Record<keyof ManualVisitInput, 'required' | 'day.invalid' | 'day.past'>>;

export function validateManualVisit(input: ManualVisitInput, now: Date): ManualVisitErrors {
  const e: ManualVisitErrors = {};
  if (!input.customerId && !input.customerName.trim()) e.customerName = 'required';
  if (!input.dueDay) e.dueDay = 'required';
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueDay) || Number.isNaN(Date.parse(`${input.dueDay}T00:00:00+08:00`))) e.dueDay = 'day.invalid';
  else if (endOfBeijingDay(input.dueDay).getTime() <= now.getTime()) e.dueDay = 'day.past';
  return e;
}

function endOfBeijingDay(day: string): Date {
  return new Date(Date.parse(`${day}T23:59:59.999+08:00`));
}

/** A visit made by hand, for anyone: due at the end of the day chosen. */
export function manualVisitMutations(input: ManualVisitInput, ctx: VisitStepContext & { visitId: string; sourceType?: 'manual' | 'keyCustomer' | 'sample' }): MutationBody[] {
  return [
    {
      name: 'record.upsert',
      args: {
        type: 'visit',
        id: ctx.visitId,
        fields: {
          sourceType: ctx.sourceType ?? 'manual',
          sourceId: null,
          customerId: input.customerId || null,
          customerName: input.customerName.trim(),
          customerPhone: input.customerPhone.trim(),
          method: input.method,
          startsAt: iso(ctx.now),
          dueAt: iso(endOfBeijingDay(input.dueDay)),
        },
        base: {},
      },
    },
    statusEvent(ctx.newId(), ctx.visitId, 'open', ctx.now, ctx.userId),
  ];
}

/** Voltage in kV from what the directory holds ("10kV", "10 kV", "0.4", "380V", "35千伏"). */
export function voltageKv(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(kv|千伏|v|伏)?\s*$/i.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'kv').toLowerCase();
  return unit === 'v' || unit === '伏' ? n / 1000 : n;
}

/** 001 第四条: people's deputies, media, social supervisors, and 10 kV and above. */
export function isKeyCustomer(c: RecordRow): boolean {
  const flags = Array.isArray(c.data.flags) ? c.data.flags : [];
  const kv = voltageKv(c.data.voltage);
  return flags.length > 0 || (kv !== null && kv >= 10);
}

/** The key customer's yearly visit: one per customer per year, due by the year's end. */
export function keyVisitId(customerId: string, year: number): string {
  return `kv-${year}-${customerId}`.slice(0, 64);
}

export function keyVisitMutations(customer: RecordRow, year: number, ctx: VisitStepContext): MutationBody[] {
  return manualVisitMutations(
    {
      customerId: customer.id,
      customerName: String(customer.data.name ?? ''),
      customerPhone: String(customer.data.phone ?? ''),
      method: 'phone',
      dueDay: `${year}-12-31`,
    },
    { ...ctx, visitId: keyVisitId(customer.id, year), sourceType: 'keyCustomer' },
  );
}

/** Visits for the customers a draw chose (sampling.ts), due by the end of the month's last day. */
export function sampleVisitMutations(customers: readonly RecordRow[], month: string, dueDay: string, ctx: VisitStepContext, method: VisitMethod = 'phone'): MutationBody[] {
  return customers.flatMap((c) =>
    manualVisitMutations(
      { customerId: c.id, customerName: String(c.data.name ?? ''), customerPhone: String(c.data.phone ?? ''), method, dueDay },
      { ...ctx, visitId: `sv-${month}-${method === 'card' ? 'c-' : ''}${c.id}`.slice(0, 64), sourceType: 'sample' },
    ),
  );
}
