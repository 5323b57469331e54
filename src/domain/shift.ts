import { beijingDate } from './calendar';
import type { MutationBody } from './mutations';
import { DEFAULT_POLICY, ruleAt, type StationPolicy } from './policy';
import type { RecordRow } from './records';
import { currentShift, type ShiftInstance } from './zones';

// The shift leader's daily log (003 日巡检, 营业厅班长工作内容): checks before business,
// patrols during it (at least every 4 hours: rule 'shift.patrol'), checks after it, and
// the end-of-day work log. One shiftLog record per entry, so two leaders never collide.

export const SHIFT_PHASES = ['before', 'during', 'after', 'workLog'] as const;
export type ShiftPhase = (typeof SHIFT_PHASES)[number];

/** What each phase checks (003): keys, shown in each device's language. */
export const PHASE_CHECKS: Readonly<Record<ShiftPhase, readonly string[]>> = {
  before: ['signIn', 'hygiene', 'equipment', 'materials', 'appearance'],
  during: ['onPost', 'serviceManner', 'order', 'equipment', 'safety', 'hygiene'],
  after: ['doorsWindows', 'powerOff', 'handoverAccounts'],
  workLog: [],
};

export interface ShiftLogInput {
  phase: ShiftPhase;
  checks: string[];
  note: string;
}

export function validateShiftLog(input: ShiftLogInput): 'required' | null {
  if (input.phase === 'workLog' && !input.note.trim()) return 'required';
  return null;
}

export function shiftLogMutations(id: string, input: ShiftLogInput, ctx: { now: Date; userId: string; shift: ShiftInstance | null }): MutationBody[] {
  return [
    {
      name: 'record.upsert',
      args: {
        type: 'shiftLog',
        id,
        fields: {
          day: ctx.shift?.date ?? beijingDate(ctx.now),
          phase: input.phase,
          checks: input.checks,
          note: input.note.trim(),
          at: ctx.now.toISOString(),
          by: ctx.userId,
          ...(ctx.shift ? { shiftIndex: ctx.shift.index } : {}),
        },
        base: {},
      },
    },
  ];
}

/** Hours between patrols, from the station's policy (003: at least every 4 hours). */
export function patrolHours(policy: StationPolicy = DEFAULT_POLICY, at: Date = new Date(0)): number {
  const r = ruleAt(policy, 'shift.patrol', at);
  if (!r) return 4;
  return r.unit === 'minutes' ? r.amount / 60 : r.unit === 'hours' ? r.amount : 4;
}

export interface PatrolState {
  /** The last check before or during business in this shift, or null. */
  last: Date | null;
  /** The next patrol is due by this time; null once the after-business check is in. */
  dueBy: Date | null;
  overdue: boolean;
}

/** When the next patrol is due: hours after the last before/during check, or after the shift starts. */
export function patrolState(logs: readonly RecordRow[], shift: ShiftInstance, now: Date, hours: number): PatrolState {
  const inShift = logs.filter((l) => {
    const at = Date.parse(String(l.data.at ?? ''));
    return !l.deleted && at >= shift.start.getTime() && at < shift.end.getTime();
  });
  if (inShift.some((l) => l.data.phase === 'after')) return { last: null, dueBy: null, overdue: false };
  const times = inShift.filter((l) => l.data.phase === 'before' || l.data.phase === 'during').map((l) => Date.parse(String(l.data.at)));
  const last = times.length ? new Date(Math.max(...times)) : null;
  const from = last ?? shift.start;
  let dueBy = new Date(from.getTime() + hours * 3_600_000);
  if (dueBy > shift.end) dueBy = shift.end;
  return { last, dueBy, overdue: now.getTime() > dueBy.getTime() };
}

/**
 * The people on the current shift: whoever logged a check in it, took a handover in it, or
 * holds a zone duty of it. Order: earliest sign of presence first.
 */
export function crewOf(now: Date, shiftTimes: readonly string[], r: { logs: readonly RecordRow[]; handovers: readonly RecordRow[]; duties: readonly RecordRow[] }): string[] {
  const shift = currentShift(now, shiftTimes);
  if (!shift) return [];
  const seen = new Map<string, number>();
  const note = (who: unknown, at: unknown) => {
    if (typeof who !== 'string' || !who) return;
    const t = Date.parse(String(at ?? '')) || shift.start.getTime();
    if (t < shift.start.getTime() || t >= shift.end.getTime()) return;
    if (!seen.has(who) || seen.get(who)! > t) seen.set(who, t);
  };
  for (const l of r.logs) if (!l.deleted) note(l.data.by, l.data.at);
  for (const h of r.handovers) if (!h.deleted && h.status === 'confirmed') note(h.data.to, h.data.confirmedAt);
  for (const d of r.duties) {
    if (d.deleted || d.data.holderKind === 'office' || d.data.kind !== 'shift') continue;
    if (d.data.shiftDate === shift.date && d.data.shiftIndex === shift.index) note(d.data.holder, d.data.startsAt);
  }
  return [...seen.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
}

