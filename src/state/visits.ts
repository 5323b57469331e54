import { childrenOf, getRecord, listRecords, uuidv7 } from '../db';
import { APPEAL_STEP_FIELDS } from '../domain/appeals';
import { beijingDate } from '../domain/calendar';
import type { MutationBody } from '../domain/mutations';
import type { ChildRow, RecordRow } from '../domain/records';
import { drawCardRound, drawMonthlySample, seedOf } from '../domain/sampling';
import type { SurveyAnswers } from '../domain/survey';
import {
  attemptMutations, finishMutations, giveUpMutations, isKeyCustomer, keyVisitMutations, manualVisitMutations, sampleVisitMutations,
  type AttemptOutcome, type ManualVisitInput,
} from '../domain/visits';
import { trustedNow } from './clocks';
import { currentDevice, saveChanges, useLive, type SaveOutcome } from './device';

// Return visits: the list, contact attempts, the survey, giving up, visits made by hand,
// key customers' yearly visits and the monthly sample.

const newId = (): string => uuidv7();

export function useVisits(): RecordRow[] {
  return useLive((db) => listRecords(db, 'visit'), [], []);
}

export function useVisit(id: string): RecordRow | null | undefined {
  return useLive((db) => getRecord(db, 'visit', id), [id], undefined);
}

export function useVisitChildren(id: string): ChildRow[] {
  return useLive((db) => childrenOf(db, 'visit', id), [id], []);
}

/** The record a visit came from, when this device may see it (an appeal may be out of scope). */
export function useVisitSource(visit: RecordRow | null | undefined): RecordRow | null {
  const type = visit?.data.sourceType === 'appeal' ? 'appeal' : visit?.data.sourceType === 'repairJob' ? 'repairJob' : null;
  const id = typeof visit?.data.sourceId === 'string' ? visit.data.sourceId : '';
  return useLive(async (db) => (type && id ? getRecord(db, type, id) : null), [type, id], null);
}

function ctx(now: Date) {
  const d = currentDevice();
  return d ? { now, userId: d.session.userId, newId } : null;
}

export async function recordAttempt(visit: RecordRow, outcome: AttemptOutcome, note: string, now = trustedNow()): Promise<SaveOutcome> {
  const c = ctx(now);
  if (!c) return { ok: false, code: 'session.none' };
  return saveChanges(attemptMutations(visit, outcome, note, c), now);
}

/**
 * The visit made with its survey. A follow-up visit of an appeal also moves the appeal to
 * "followed up" in the same save, when this device holds the appeal.
 */
export async function finishVisit(visit: RecordRow, answers: SurveyAnswers, now = trustedNow()): Promise<SaveOutcome> {
  const d = currentDevice();
  const c = ctx(now);
  if (!d || !c) return { ok: false, code: 'session.none' };
  const out: MutationBody[] = finishMutations(visit, answers, c);
  if (visit.data.sourceType === 'appeal' && typeof visit.data.sourceId === 'string') {
    const appeal = await getRecord(d.db, 'appeal', visit.data.sourceId);
    if (appeal && appeal.status === 'replied') {
      const field = APPEAL_STEP_FIELDS.followedUp;
      out.push({ name: 'record.upsert', args: { type: 'appeal', id: appeal.id, fields: { [field]: now.toISOString() }, base: { [field]: appeal.clocks[field] ?? null } } });
      out.push({ name: 'record.advance', args: { type: 'appeal', id: appeal.id, status: 'followedUp', gen: appeal.statusGen } });
      out.push({ name: 'child.add', args: { type: 'statusEvent', id: newId(), parentType: 'appeal', parentId: appeal.id, fields: { status: 'followedUp', at: now.toISOString(), by: c.userId } } });
    }
  }
  return saveChanges(out, now);
}

export async function giveUpVisit(visit: RecordRow, reason: string, now = trustedNow()): Promise<SaveOutcome> {
  const c = ctx(now);
  if (!c) return { ok: false, code: 'session.none' };
  const m = giveUpMutations(visit, reason, c);
  return m ? saveChanges(m, now) : { ok: false, code: 'visit.reason.required', field: 'giveUpReason' };
}

export async function createManualVisit(input: ManualVisitInput, now = trustedNow()): Promise<SaveOutcome & { id?: string }> {
  const c = ctx(now);
  if (!c) return { ok: false, code: 'session.none' };
  const visitId = newId();
  const r = await saveChanges(manualVisitMutations(input, { ...c, visitId }), now);
  return r.ok ? { ...r, id: visitId } : r;
}

export async function planKeyVisit(customer: RecordRow, now = trustedNow()): Promise<SaveOutcome> {
  const c = ctx(now);
  if (!c) return { ok: false, code: 'session.none' };
  return saveChanges(keyVisitMutations(customer, Number(beijingDate(now).slice(0, 4)), c), now);
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}

/**
 * The month's draw: ≥ 10 % of customers not visited anyway (key customers and those with a
 * visit this month), every usage type covered; or the 连心卡 round (10 % / 1 %). Seeded by
 * station and month, so drawing again on any device picks the same customers.
 */
export async function drawSample(kind: 'monthly' | 'card', now = trustedNow()): Promise<SaveOutcome & { count?: number }> {
  const d = currentDevice();
  const c = ctx(now);
  if (!d || !c) return { ok: false, code: 'session.none' };
  const month = beijingDate(now).slice(0, 7);
  const customers = await listRecords(d.db, 'customer');
  const visits = await listRecords(d.db, 'visit');
  const inMonth = (v: RecordRow) => {
    const at = Date.parse(String(v.data.startsAt ?? ''));
    return !Number.isNaN(at) && beijingDate(new Date(at)).startsWith(month);
  };
  const visited = new Set(visits.filter(inMonth).map((v) => String(v.data.customerId ?? '')));
  const plain = customers.map((r) => ({ id: r.id, usage: (r.data.usage as string | undefined) ?? null, row: r }));
  const seed = seedOf(`${d.session.station}:${month}:${kind}`);
  const chosen = kind === 'card'
    ? drawCardRound(plain, seed)
    : drawMonthlySample(plain, seed, { exclude: new Set([...visited, ...customers.filter(isKeyCustomer).map((r) => r.id)]) });
  if (chosen.length === 0) return { ok: true, ids: [], count: 0 };
  const r = await saveChanges(sampleVisitMutations(chosen.map((x) => x.row), month, monthEnd(month), c, kind === 'card' ? 'card' : 'phone'), now);
  return r.ok ? { ...r, count: chosen.length } : r;
}
