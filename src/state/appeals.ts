import { childrenOf, getRecord, listRecords, uuidv7 } from '../db';
import { nextCounter } from '../db/counters';
import {
  appealStepMutations, beijingYear, followUpVisitId, formatAppealNumber, highestSeq, reassignMutations, registerMutations, stepBlocked,
  type AppealInput, type AppealKind, type AppealStep, type StepExtra,
} from '../domain/appeals';
import type { ChildRow, RecordRow } from '../domain/records';
import { clockCalendar, clockPolicy, trustedNow } from './clocks';
import { currentDevice, saveChanges, useLive, type SaveOutcome } from './device';

// The appeal register's reads and writes. The number is made on the device at once, even
// offline, from the server-issued device code and this device's own counter.

export const newId = (): string => uuidv7();

export function useAppeals(): RecordRow[] {
  return useLive((db) => listRecords(db, 'appeal'), [], []);
}

export function useAppeal(id: string): RecordRow | null | undefined {
  return useLive((db) => getRecord(db, 'appeal', id), [id], undefined);
}

export function useAppealChildren(id: string): ChildRow[] {
  return useLive((db) => childrenOf(db, 'appeal', id), [id], []);
}

/**
 * The next number for this device: `${year}${letter}-${deviceCode}-${seq}`. The counter
 * lives in the device's counter database; numbers already on this device (its own earlier
 * appeals) set a floor, so a cleared counter never hands out a number twice.
 */
export async function nextAppealNumber(kind: AppealKind, now = trustedNow()): Promise<{ ok: true; number: string } | { ok: false; code: string }> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  const code = d.session.deviceCode;
  const year = beijingYear(now);
  const own = await listRecords(d.db, 'appeal', { includeDeleted: true });
  const floor = highestSeq(own.map((r) => r.data.number), code, year);
  const seq = await nextCounter(`appeal:${code}:${year}`, floor);
  const number = formatAppealNumber(year, kind, code, seq);
  return number ? { ok: true, number } : { ok: false, code: 'appeal.number_overflow' };
}

export async function registerAppeal(input: AppealInput, now = trustedNow()): Promise<SaveOutcome & { number?: string; id?: string }> {
  const d = currentDevice();
  if (!d || !input.kind) return { ok: false, code: 'session.none' };
  const n = await nextAppealNumber(input.kind, now);
  if (!n.ok) return n;
  const appealId = newId();
  const r = await saveChanges(registerMutations(input, { appealId, eventId: newId(), number: n.number, now, userId: d.session.userId }), now);
  return r.ok ? { ...r, number: n.number, id: appealId } : r;
}

export async function advanceAppeal(row: RecordRow, step: AppealStep, extra: StepExtra = {}, now = trustedNow()): Promise<SaveOutcome> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  const blocked = stepBlocked(row, step, extra);
  if (blocked) return { ok: false, code: `appeal.${blocked}` };
  return saveChanges(appealStepMutations(row, step, { eventId: newId(), now, userId: d.session.userId, policy: clockPolicy(), calendar: clockCalendar() }, extra), now);
}

export async function reassignAppeal(row: RecordRow, handler: string, now = trustedNow()): Promise<SaveOutcome> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  const followUp = (await getRecord(d.db, 'visit', followUpVisitId(row.id))) ?? null;
  return saveChanges(reassignMutations(row, handler, { eventId: newId(), now, userId: d.session.userId }, followUp), now);
}

export async function saveResultUpward(row: RecordRow, text: string, now = trustedNow()): Promise<SaveOutcome> {
  if (!text.trim()) return { ok: false, code: 'appeal.resultUpward.required' };
  return saveChanges([{ name: 'record.upsert', args: { type: 'appeal', id: row.id, fields: { resultUpward: text.trim() }, base: { resultUpward: row.clocks.resultUpward ?? null } } }], now);
}
