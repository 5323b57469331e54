/**
 * The chief's station settings, read from stored records into the policy and
 * calendar every device's clocks use, and the checks a new change passes before
 * it is saved. Rules: SPEC.md [DL10], [DL11], [CA8].
 */
import { OFFICIAL_CALENDAR, beijingInstant, knownUntil, parseDay, type WorkCalendar } from './calendar';
import { importCalendarYear } from './calendar-import';
import {
  DEFAULT_POLICY,
  DueSoonFractionSchema,
  applyPolicyChange,
  ruleAt,
  type PolicyChange,
  type PolicyChangeReason,
  type StationPolicy,
  type Unit,
} from './policy';
import type { RecordRow } from './records';
import { policyFieldsProblem } from './settings-fields';

/** A stored record the settings could not use, and why (a reason code). */
export interface SettingsProblem {
  readonly type: 'policyRule' | 'calendarYear' | 'station';
  readonly id: string;
  readonly reason: string;
  readonly detail?: string;
}

export interface StoredPolicyChange {
  readonly id: string;
  readonly change: PolicyChange;
  /** Who made it (user id), when known. */
  readonly by: string | null;
}

export interface PolicyFromRecords {
  readonly policy: StationPolicy;
  /** Valid changes in the order they apply (the order they were made in). */
  readonly changes: readonly StoredPolicyChange[];
  readonly problems: readonly SettingsProblem[];
}

/** The stamp of the write that made a change: equal on every device, so the order is too. */
const madeAt = (r: RecordRow): string => r.clocks.effectiveFrom ?? r.clocks.amount ?? r.hlc;

/**
 * [DL10] The station's policy from its policyRule records (one change each) and
 * its station record (due-soon fraction, [DL3]). Deleted records do not count;
 * invalid ones are left out and reported, never thrown.
 */
export function policyFromRecords(
  rules: readonly RecordRow[],
  station: RecordRow | null,
  base: StationPolicy = DEFAULT_POLICY,
): PolicyFromRecords {
  const problems: SettingsProblem[] = [];
  const ordered = rules
    .filter((r) => r.type === 'policyRule' && !r.deleted)
    .sort((a, b) => (madeAt(a) < madeAt(b) ? -1 : madeAt(a) > madeAt(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let policy: StationPolicy = { ...base, changes: [...base.changes] };
  const changes: StoredPolicyChange[] = [];
  for (const r of ordered) {
    const bad = policyFieldsProblem(r.data);
    const applied = bad ? null : applyPolicyChange(policy, r.data);
    if (!applied || !applied.ok) {
      problems.push({ type: 'policyRule', id: r.id, reason: bad?.reason ?? (applied && !applied.ok ? applied.reason : 'policy.invalid_change') });
      continue;
    }
    policy = applied.policy;
    changes.push({ id: r.id, change: applied.change, by: r.createdBy });
  }
  let dueSoonFraction = base.dueSoonFraction;
  const raw = station && !station.deleted ? station.data.dueSoonFraction : undefined;
  if (raw !== undefined && raw !== null) {
    const parsed = DueSoonFractionSchema.safeParse(raw);
    if (parsed.success) dueSoonFraction = parsed.data;
    else problems.push({ type: 'station', id: station!.id, reason: 'policy.bad_due_soon', detail: String(raw) });
  }
  return { policy: Object.freeze({ ...policy, dueSoonFraction }), changes, problems };
}

// ---------------------------------------------------------------------------
// New changes.

export type NewChangeReason = PolicyChangeReason | 'policy.effective_in_past' | 'policy.no_change';

export interface NewChangeInput {
  readonly ruleId: string;
  readonly amount: number;
  readonly unit: Unit;
  readonly dueTime?: string;
  readonly startEvent?: string;
  /** ISO instant; absent means now. */
  readonly effectiveFrom?: string | null;
  readonly note?: string;
}

export type NewChangeResult =
  | { readonly ok: true; readonly change: PolicyChange; readonly policy: StationPolicy }
  | { readonly ok: false; readonly reason: NewChangeReason; readonly detail?: string };

/**
 * [DL11] A chief's new change, checked before it is saved: it takes effect now
 * or later (an earlier instant would move clocks already running, against
 * [DL2]), and it must change something.
 */
export function newPolicyChange(policy: StationPolicy, input: NewChangeInput, now: Date): NewChangeResult {
  const from = input.effectiveFrom ? Date.parse(input.effectiveFrom) : now.getTime();
  if (Number.isNaN(from)) return { ok: false, reason: 'policy.invalid_change', detail: 'effectiveFrom' };
  if (from < now.getTime()) return { ok: false, reason: 'policy.effective_in_past', detail: new Date(from).toISOString() };
  const change: Record<string, unknown> = {
    ruleId: input.ruleId,
    effectiveFrom: new Date(from).toISOString(),
    amount: input.amount,
    unit: input.unit,
  };
  if (input.unit === 'monthlyReport' && input.dueTime) change.dueTime = input.dueTime;
  if (input.startEvent) change.startEvent = input.startEvent;
  if (input.note?.trim()) change.note = input.note.trim();
  const r = applyPolicyChange(policy, change);
  if (!r.ok) return r;
  // What would be in force just after the change, were it not made.
  const current = ruleAt(policy, input.ruleId, new Date(from + 1));
  if (
    current &&
    current.amount === r.change.amount &&
    current.unit === r.change.unit &&
    (current.unit !== 'monthlyReport' || current.dueTime === r.change.dueTime) &&
    current.startEvent === (r.change.startEvent ?? policy.rules.find((x) => x.id === input.ruleId)?.startEvent)
  ) {
    return { ok: false, reason: 'policy.no_change' };
  }
  return r;
}

/** [DL3] The due-soon setting from a percentage the chief typed (1–99). */
export function dueSoonFromPercent(text: string): { ok: true; fraction: number } | { ok: false; reason: 'policy.bad_due_soon' } {
  const n = Number(text.trim().replace(/[%％]$/, ''));
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n >= 100) return { ok: false, reason: 'policy.bad_due_soon' };
  return { ok: true, fraction: Math.round(n * 100) / 10_000 };
}

/**
 * [CA3] A date and time the chief typed ('YYYY-MM-DDTHH:MM', as a datetime-local
 * input gives it) read as Beijing time, whatever the device's zone; null if not one.
 */
export function beijingLocalInstant(value: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
  if (!m || parseDay(m[1]!) === null) return null;
  return beijingInstant(m[1]!, Number(m[2]), Number(m[3]));
}

// ---------------------------------------------------------------------------
// Calendar.

/**
 * [CA8] The id of a station's record for one year. Record ids are unique per
 * type across all stations on a server, so the station is part of it; the same
 * year from two imports is the same record, merged last-writer-wins.
 */
export function calendarYearId(station: string, year: number): string {
  return `cal-${station}-${year}`;
}

export interface KnownYear {
  readonly year: number;
  readonly source: 'shipped' | 'imported';
  readonly off: number;
  readonly workdays: number;
  readonly notice?: string;
  readonly recordId?: string;
  readonly by?: string | null;
}

export interface CalendarFromRecords {
  readonly calendar: WorkCalendar;
  readonly years: readonly KnownYear[];
  /** [CA4] Dec 31 of the last year known, or null. */
  readonly knownUntil: string | null;
  readonly problems: readonly SettingsProblem[];
}

/**
 * [CA8] The shipped calendar with the station's imported years on top: each
 * replaces its year whole ([CA5]); an invalid one is left out and reported, and
 * the shipped year (if any) stays.
 */
export function calendarFromRecords(rows: readonly RecordRow[], base: WorkCalendar = OFFICIAL_CALENDAR): CalendarFromRecords {
  const problems: SettingsProblem[] = [];
  const imported = new Map<number, RecordRow>();
  const live = rows.filter((r) => r.type === 'calendarYear' && !r.deleted);
  // Two records for one year (ids made differently): the later write wins, as within one record.
  live.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  let calendar = base;
  for (const r of live) {
    const d = r.data;
    const r2 = importCalendarYear(calendar, {
      year: d.year,
      off: d.off,
      workdays: d.workdays,
      ...(typeof d.notice === 'string' && d.notice !== '' ? { notice: d.notice } : {}),
    });
    if (!r2.ok) {
      problems.push({ type: 'calendarYear', id: r.id, reason: r2.reason, ...(r2.detail !== undefined ? { detail: r2.detail } : {}) });
      continue;
    }
    calendar = r2.calendar;
    imported.set(r2.year, r);
  }
  const years: KnownYear[] = Object.keys(calendar.years)
    .map(Number)
    .sort((a, b) => a - b)
    .map((year) => {
      const y = calendar.years[String(year)]!;
      const rec = imported.get(year);
      return {
        year,
        source: rec ? ('imported' as const) : ('shipped' as const),
        off: y.off.length,
        workdays: y.workdays.length,
        ...(y.notice !== undefined ? { notice: y.notice } : {}),
        ...(rec ? { recordId: rec.id, by: rec.createdBy } : {}),
      };
    });
  return { calendar, years, knownUntil: knownUntil(calendar), problems };
}
