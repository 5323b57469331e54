import { describe, expect, it } from 'vitest';
import { OFFICIAL_CALENDAR, addWorkingDays, isWorkingDay } from '../../../src/domain/calendar';
import { computeDeadline } from '../../../src/domain/clock';
import { checkMutation } from '../../../src/domain/mutations';
import { DEFAULT_POLICY, ruleAt } from '../../../src/domain/policy';
import {
  beijingLocalInstant,
  calendarFromRecords,
  calendarYearId,
  dueSoonFromPercent,
  newPolicyChange,
  policyFromRecords,
} from '../../../src/domain/station-settings';
import { row } from '../clocks/rows';

const REPLY = 'appeal.complaint.reply';
const change = (fields: Record<string, unknown>, extra: Parameters<typeof row>[3] = {}) =>
  row('policyRule', { ruleId: REPLY, unit: 'workingDays', ...fields }, null, extra);
const upsert = (type: 'policyRule' | 'calendarYear' | 'station', fields: Record<string, unknown>) =>
  checkMutation({ name: 'record.upsert', args: { type, id: 'x1', fields, base: {} } });

describe('the policy from stored changes', () => {
  it('[DL10][DL2] each policyRule record is one dated change; a clock keeps the version in force when it started', () => {
    const { policy, changes, problems } = policyFromRecords(
      [
        change({ amount: 7, effectiveFrom: '2026-03-01T00:00:00+08:00' }),
        change({ amount: 3, effectiveFrom: '2026-06-01T00:00:00+08:00' }),
      ],
      null,
    );
    expect(problems).toEqual([]);
    expect(changes.map((c) => c.change.amount)).toEqual([7, 3]);
    expect(ruleAt(policy, REPLY, '2026-02-10T10:00:00+08:00')?.amount).toBe(5);
    expect(ruleAt(policy, REPLY, '2026-04-10T10:00:00+08:00')?.amount).toBe(7);
    expect(ruleAt(policy, REPLY, '2026-06-10T10:00:00+08:00')?.amount).toBe(3);
    // Other rules are untouched.
    expect(ruleAt(policy, 'appeal.report.reply', '2026-06-10T10:00:00+08:00')?.amount).toBe(10);
  });

  it('[DL10] two changes at the same instant: the one made last wins on every device, whatever order the rows come in', () => {
    const at = '2026-03-01T00:00:00+08:00';
    const first = change({ amount: 7, effectiveFrom: at }, { hlc: '000000000000100-000000-a', clocks: { effectiveFrom: '000000000000100-000000-a' } });
    const last = change({ amount: 4, effectiveFrom: at }, { hlc: '000000000000200-000000-b', clocks: { effectiveFrom: '000000000000200-000000-b' } });
    for (const rows of [[first, last], [last, first]]) {
      expect(ruleAt(policyFromRecords(rows, null).policy, REPLY, '2026-03-02T00:00:00+08:00')?.amount).toBe(4);
    }
  });

  it('[DL10] a malformed, unknown or mismatched change is left out and reported; a deleted one does not count', () => {
    const good = change({ amount: 6, effectiveFrom: '2026-03-01T00:00:00+08:00' });
    const unknown = row('policyRule', { ruleId: 'no.such.rule', amount: 3, unit: 'hours', effectiveFrom: '2026-03-01T00:00:00+08:00' });
    const mismatch = row('policyRule', { ruleId: 'report.monthly', amount: 3, unit: 'workingDays', effectiveFrom: '2026-03-01T00:00:00+08:00' });
    const partial = row('policyRule', { amount: 3 });
    const deleted = change({ amount: 9, effectiveFrom: '2026-03-01T00:00:00+08:00' }, { deleted: true });
    const r = policyFromRecords([good, unknown, mismatch, partial, deleted], null);
    expect(r.changes.map((c) => c.id)).toEqual([good.id]);
    expect(r.problems).toEqual([
      { type: 'policyRule', id: unknown.id, reason: 'policy.unknown_rule' },
      { type: 'policyRule', id: mismatch.id, reason: 'policy.unit_mismatch' },
      { type: 'policyRule', id: partial.id, reason: 'policy.invalid_change' },
    ]);
    expect(ruleAt(r.policy, REPLY, '2026-03-02T00:00:00+08:00')?.amount).toBe(6);
  });

  it('[DL10][DL3] the due-soon fraction comes from the station record; an invalid one falls back to the default and is reported', () => {
    expect(policyFromRecords([], row('station', { dueSoonFraction: 0.4 })).policy.dueSoonFraction).toBe(0.4);
    expect(policyFromRecords([], null).policy.dueSoonFraction).toBe(0.25);
    const bad = row('station', { dueSoonFraction: 1.5 });
    const r = policyFromRecords([], bad);
    expect(r.policy.dueSoonFraction).toBe(0.25);
    expect(r.problems).toEqual([{ type: 'station', id: bad.id, reason: 'policy.bad_due_soon', detail: '1.5' }]);
  });

  it('[DL10] the device and the server refuse a malformed policy change with its reason; a whole change or a note alone passes', () => {
    const whole = { ruleId: REPLY, effectiveFrom: '2026-03-01T00:00:00+08:00', amount: 7, unit: 'workingDays' };
    expect(upsert('policyRule', whole).ok).toBe(true);
    expect(upsert('policyRule', { note: '按 002 三.5 执行' }).ok).toBe(true);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...whole, amount: 0 }, 'amount', 'policy.invalid_change'],
      [{ ...whole, ruleId: 'no.such.rule' }, 'ruleId', 'policy.unknown_rule'],
      [{ ...whole, ruleId: 'report.monthly' }, 'unit', 'policy.unit_mismatch'],
      [{ ...whole, ruleId: 'report.monthly', unit: 'monthlyReport', amount: 31 }, 'amount', 'policy.monthly_day_out_of_range'],
      [{ amount: 7 }, 'ruleId', 'policy.invalid_change'],
      [{ ...whole, effectiveFrom: '2026-03-01' }, 'effectiveFrom', 'policy.invalid_change'],
    ];
    for (const [fields, field, detail] of cases) {
      const r = upsert('policyRule', fields);
      expect(r.ok ? null : r.reason, JSON.stringify(fields)).toEqual({ code: 'field.invalid', field, detail });
    }
  });
});

describe('a new change', () => {
  const now = new Date('2026-11-23T10:00:00+08:00');

  it('[DL11] takes effect now by default: a clock started before keeps the old number, one started after gets the new', () => {
    const r = newPolicyChange(DEFAULT_POLICY, { ruleId: REPLY, amount: 7, unit: 'workingDays' }, now);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.change.effectiveFrom).toBe(now.toISOString());
    expect(ruleAt(r.policy, REPLY, new Date(now.getTime() - 1))?.amount).toBe(5);
    expect(ruleAt(r.policy, REPLY, new Date(now.getTime() + 1))?.amount).toBe(7);
  });

  it('[DL11] a later date is kept; an earlier one is refused, since it would move running clocks', () => {
    const later = newPolicyChange(DEFAULT_POLICY, { ruleId: REPLY, amount: 7, unit: 'workingDays', effectiveFrom: '2027-01-01T00:00:00+08:00' }, now);
    expect(later.ok && later.change.effectiveFrom).toBe('2026-12-31T16:00:00.000Z');
    const earlier = newPolicyChange(DEFAULT_POLICY, { ruleId: REPLY, amount: 7, unit: 'workingDays', effectiveFrom: '2026-11-01T00:00:00+08:00' }, now);
    expect(earlier).toMatchObject({ ok: false, reason: 'policy.effective_in_past' });
  });

  it('[DL11] setting what is already in force is refused; bad input gives the policy reasons', () => {
    expect(newPolicyChange(DEFAULT_POLICY, { ruleId: REPLY, amount: 5, unit: 'workingDays' }, now)).toEqual({ ok: false, reason: 'policy.no_change' });
    expect(newPolicyChange(DEFAULT_POLICY, { ruleId: REPLY, amount: 5, unit: 'calendarDays' }, now).ok).toBe(true);
    expect(newPolicyChange(DEFAULT_POLICY, { ruleId: REPLY, amount: 0, unit: 'workingDays' }, now)).toMatchObject({ ok: false, reason: 'policy.invalid_change' });
    expect(newPolicyChange(DEFAULT_POLICY, { ruleId: 'report.monthly', amount: 5, unit: 'hours' }, now)).toMatchObject({ ok: false, reason: 'policy.unit_mismatch' });
    // The seeds' other reading counts from the application: a different start is a change.
    const alt = newPolicyChange(DEFAULT_POLICY, { ruleId: 'business.energize.residential', amount: 3, unit: 'workingDays', startEvent: 'applied' }, now);
    expect(alt.ok && ruleAt(alt.policy, 'business.energize.residential', new Date(now.getTime() + 1))?.startEvent).toBe('applied');
  });

  it('[DL11][CA3] the date and time the chief types for a later change is Beijing time, whatever the device zone', () => {
    expect(beijingLocalInstant('2027-01-01T00:00')?.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(beijingLocalInstant('2027-02-29T08:00')).toBeNull();
    expect(beijingLocalInstant('tomorrow')).toBeNull();
  });

  it('[DL11][DL3] a due-soon percentage strictly between 0 and 100', () => {
    expect(dueSoonFromPercent('30')).toEqual({ ok: true, fraction: 0.3 });
    expect(dueSoonFromPercent(' 12.5% ')).toEqual({ ok: true, fraction: 0.125 });
    for (const bad of ['', '0', '100', '-5', 'abc', '150']) expect(dueSoonFromPercent(bad), bad).toEqual({ ok: false, reason: 'policy.bad_due_soon' });
  });
});

describe('the calendar from stored years', () => {
  // 2026-11-30 is a Monday, a working day in the shipped 2026 calendar.
  const y2026 = OFFICIAL_CALENDAR.years['2026']!;
  const with1130 = { year: 2026, off: [...y2026.off, '2026-11-30'], workdays: [...y2026.workdays], notice: 'station test' };

  it('[CA8][CA5] an imported year replaces the shipped one and moves working-day deadlines', () => {
    const r = calendarFromRecords([row('calendarYear', with1130, null, { id: calendarYearId('S1', 2026) })]);
    expect(r.problems).toEqual([]);
    expect(isWorkingDay('2026-11-30', OFFICIAL_CALENDAR)).toBe(true);
    expect(isWorkingDay('2026-11-30', r.calendar)).toBe(false);
    // Fri 2026-11-27 + 1 working day: Mon 11-30 before, Tue 12-01 after.
    const start = new Date('2026-11-27T10:00:00+08:00');
    expect(addWorkingDays(start, 1, OFFICIAL_CALENDAR).toISOString()).toBe('2026-11-30T15:59:59.999Z');
    expect(addWorkingDays(start, 1, r.calendar).toISOString()).toBe('2026-12-01T15:59:59.999Z');
    expect(r.years.map((y) => `${y.year}:${y.source}`)).toEqual(['2024:shipped', '2025:shipped', '2026:imported']);
    expect(r.years[2]).toMatchObject({ off: 20, workdays: 6, notice: 'station test', recordId: 'cal-S1-2026' });
    expect(r.knownUntil).toBe('2026-12-31');
  });

  it('[CA8][CA4] a new year extends the date through which the calendar is known', () => {
    const r = calendarFromRecords([row('calendarYear', { year: 2027, off: ['2027-01-01'], workdays: [] })]);
    expect(r.knownUntil).toBe('2027-12-31');
    const rule = ruleAt(DEFAULT_POLICY, REPLY, '2026-12-30T10:00:00+08:00')!;
    expect(computeDeadline(rule, new Date('2026-12-30T10:00:00+08:00'), OFFICIAL_CALENDAR).provisional).toBe(true);
    expect(computeDeadline(rule, new Date('2026-12-30T10:00:00+08:00'), r.calendar).provisional).toBe(false);
  });

  it('[CA8] an invalid stored year is left out and reported, and the shipped year stays', () => {
    const bad = row('calendarYear', { year: 2026, off: ['2026-11-30'], workdays: ['2026-11-30'] });
    const r = calendarFromRecords([bad]);
    expect(r.problems).toEqual([{ type: 'calendarYear', id: bad.id, reason: 'calendar.date_in_both_lists', detail: '2026-11-30' }]);
    expect(r.calendar).toBe(OFFICIAL_CALENDAR);
    expect(r.years.every((y) => y.source === 'shipped')).toBe(true);
  });

  it('[CA8] two records of one year: the later write wins; a deleted one does not count', () => {
    const older = row('calendarYear', { year: 2027, off: ['2027-01-01'], workdays: [] }, null, { hlc: '000000000000100-000000-a' });
    const newer = row('calendarYear', { year: 2027, off: ['2027-01-04'], workdays: [] }, null, { hlc: '000000000000200-000000-b' });
    const gone = row('calendarYear', { year: 2027, off: ['2027-01-05'], workdays: [] }, null, { hlc: '000000000000300-000000-c', deleted: true });
    for (const rows of [[older, newer, gone], [gone, newer, older]]) {
      expect(calendarFromRecords(rows).calendar.years['2027']?.off).toEqual(['2027-01-04']);
    }
  });

  it('[CA8] the id holds the station, so two stations on one server never share a year record', () => {
    expect(calendarYearId('S1', 2027)).toBe('cal-S1-2027');
    expect(calendarYearId('S2', 2027)).not.toBe(calendarYearId('S1', 2027));
  });

  it('[CA8] the device and the server refuse a year written in part or failing [CA5]', () => {
    expect(upsert('calendarYear', { year: 2027, off: ['2027-01-01'], workdays: ['2027-01-09'], notice: null }).ok).toBe(true);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ year: 2027, off: ['2027-01-01'] }, 'workdays', 'calendar.invalid_input'],
      [{ year: 2027, off: ['2027-01-01'], workdays: ['2027-01-08'] }, 'workdays', 'calendar.workday_not_weekend'],
      [{ year: 2027, off: ['2026-12-31'], workdays: [] }, 'off', 'calendar.date_outside_year'],
    ];
    for (const [fields, field, detail] of cases) {
      const r = upsert('calendarYear', fields);
      expect(r.ok ? null : r.reason, JSON.stringify(fields)).toEqual({ code: 'field.invalid', field, detail });
    }
    expect(upsert('calendarYear', { year: 1800, off: [], workdays: [] }).ok).toBe(false);
    expect(upsert('station', { dueSoonFraction: 0.3 }).ok).toBe(true);
    expect(upsert('station', { dueSoonFraction: 1 }).ok).toBe(false);
  });
});
