import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockStateAt, computeDeadline, evaluateClock, monthlyReportDue, nextChangeAt } from '../../../src/domain/clock';
import { DEFAULT_POLICY, DEFAULT_RULES, applyPolicyChange, ruleAt, type Rule, type StationPolicy } from '../../../src/domain/policy';

const rule = (id: string): Rule => {
  const r = DEFAULT_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};
const t = (s: string) => new Date(s);
const iso = (d: Date | null | undefined) => d?.toISOString();
const same = (s: string) => new Date(s).toISOString();

function changed(policy: StationPolicy, change: unknown): StationPolicy {
  const r = applyPolicyChange(policy, change);
  if (!r.ok) throw new Error(r.reason);
  return r.policy;
}

describe('clock states', () => {
  const rural = rule('repair.restore.rural'); // 90 min
  const start = '2025-07-01T10:00:00+08:00';

  it('[DL1] a minutes rule counts from the start instant', () => {
    const ev = evaluateClock(rural, { start }, t('2025-07-01T10:30:00+08:00'));
    expect(iso(ev.deadline)).toBe(same('2025-07-01T11:30:00+08:00'));
    expect(ev).toMatchObject({ state: 'running', leftMs: 60 * 60_000, ruleId: 'repair.restore.rural', citation: '001 问卷 Q2', provisional: false });
  });

  it('[DL3] due soon once less than a quarter of the window is left, not at exactly a quarter', () => {
    // Window 90 min; a quarter is 22.5 min, so due soon strictly after 11:07:30.
    expect(evaluateClock(rural, { start }, t('2025-07-01T11:07:30.000+08:00')).state).toBe('running');
    expect(evaluateClock(rural, { start }, t('2025-07-01T11:07:30.001+08:00')).state).toBe('dueSoon');
    expect(iso(evaluateClock(rural, { start }, t(start)).dueSoonAt)).toBe(same('2025-07-01T11:07:30.001+08:00'));
  });

  it('[DL3] the fraction is a setting', () => {
    const ev = evaluateClock(rural, { start }, t('2025-07-01T10:50:00+08:00'), { dueSoonFraction: 0.5 });
    expect(ev.state).toBe('dueSoon'); // 40 min left < 45
    expect(evaluateClock(rural, { start }, t('2025-07-01T10:50:00+08:00')).state).toBe('running');
  });

  it('[DL1] [DL4] the deadline instant itself is on time; overdue only after it', () => {
    expect(evaluateClock(rural, { start }, t('2025-07-01T11:30:00.000+08:00'))).toMatchObject({ state: 'dueSoon', leftMs: 0 });
    expect(evaluateClock(rural, { start }, t('2025-07-01T11:30:00.001+08:00'))).toMatchObject({ state: 'overdue', overMs: 1 });
  });

  it('[DL4] met on time or late, from the stop event, whatever now is', () => {
    const later = t('2025-08-01T00:00:00+08:00');
    expect(evaluateClock(rural, { start, stop: '2025-07-01T11:30:00+08:00' }, later)).toMatchObject({ state: 'metOnTime', leftMs: 0 });
    expect(evaluateClock(rural, { start, stop: t('2025-07-01T11:00:00+08:00') }, later)).toMatchObject({ state: 'metOnTime', leftMs: 30 * 60_000 });
    expect(evaluateClock(rural, { start, stop: '2025-07-01T11:31:00+08:00' }, later)).toMatchObject({ state: 'metLate', overMs: 60_000 });
  });

  it('[DL4] no start means not started; unreadable events are reported, not thrown', () => {
    expect(evaluateClock(rural, {}, t(start))).toMatchObject({ state: 'notStarted', deadline: null });
    expect(evaluateClock(rural, { start: null }, t(start)).state).toBe('notStarted');
    expect(evaluateClock(rural, { start: 'garbage' }, t(start))).toMatchObject({ state: 'notStarted', problem: 'clock.bad_start' });
    expect(evaluateClock(rural, { start, stop: 'garbage' }, t('2025-07-01T10:10:00+08:00'))).toMatchObject({ state: 'running', problem: 'clock.bad_stop' });
  });

  it('[DL1] [CA2] a working-day rule: complaint reply over National Day 2025', () => {
    // Fri Sep 26: Sep 28 (Sun make-up), 29, 30, Oct 9, 10 → end of Oct 10.
    const ev = evaluateClock(rule('appeal.complaint.reply'), { start: '2025-09-26T10:00:00+08:00' }, t('2025-10-09T09:00:00+08:00'));
    expect(iso(ev.deadline)).toBe(same('2025-10-10T23:59:59.999+08:00'));
    expect(ev.state).toBe('dueSoon');
    expect(ev.provisional).toBe(false);
  });

  it('[DL1] [CA7] the calendar-day reading of the same complaint', () => {
    const five = { ...rule('appeal.complaint.reply'), amount: 5, unit: 'calendarDays' as const };
    expect(iso(computeDeadline(five, t('2025-09-26T10:00:00+08:00')).deadline)).toBe(same('2025-10-01T23:59:59.999+08:00'));
  });

  it('[CA4] a deadline counted past the calendar is provisional', () => {
    const ev = evaluateClock(rule('appeal.report.reply'), { start: '2026-12-28T10:00:00+08:00' }, t('2026-12-28T11:00:00+08:00'));
    expect(ev.provisional).toBe(true);
    // Mon Dec 28 2026: Dec 29, 30, 31, then assumed Mon–Fri: Jan 1, 4, 5, 6, 7, 8, 11.
    expect(iso(ev.deadline)).toBe(same('2027-01-11T23:59:59.999+08:00'));
  });

  it('[DL5] the disaster option uses the 48 h setting', () => {
    const visit = rule('visit.return.repair');
    const archived = '2025-07-21T08:00:00+08:00';
    expect(iso(evaluateClock(visit, { start: archived }, t(archived)).deadline)).toBe(same('2025-07-22T08:00:00+08:00'));
    const ev = evaluateClock(visit, { start: archived }, t(archived), { disaster: true });
    expect(iso(ev.deadline)).toBe(same('2025-07-23T08:00:00+08:00'));
    expect(ev.citation).toBe('001 第十一条');
  });

  it('[DL2] a running clock keeps its rule after the chief changes it', () => {
    const p = changed(DEFAULT_POLICY, { ruleId: 'appeal.complaint.reply', effectiveFrom: '2025-09-27T00:00:00+08:00', amount: 7, unit: 'workingDays' });
    const now = t('2025-10-09T09:00:00+08:00');
    const before = evaluateClock(ruleAt(p, 'appeal.complaint.reply', t('2025-09-26T10:00:00+08:00'))!, { start: '2025-09-26T10:00:00+08:00' }, now);
    expect(iso(before.deadline)).toBe(same('2025-10-10T23:59:59.999+08:00'));
    // Started Mon Sep 29 under the new rule: Sep 30, Oct 9, 10, 11 (Sat), 13, 14, 15.
    const after = evaluateClock(ruleAt(p, 'appeal.complaint.reply', t('2025-09-29T10:00:00+08:00'))!, { start: '2025-09-29T10:00:00+08:00' }, now);
    expect(iso(after.deadline)).toBe(same('2025-10-15T23:59:59.999+08:00'));
  });
});

describe('next change', () => {
  const rural = rule('repair.restore.rural');
  const start = '2025-07-01T10:00:00+08:00';

  it('[DL7] running → the due-soon instant; due soon → just after the deadline; then nothing', () => {
    const running = evaluateClock(rural, { start }, t('2025-07-01T10:10:00+08:00'));
    expect(iso(nextChangeAt(running, t('2025-07-01T10:10:00+08:00')))).toBe(same('2025-07-01T11:07:30.001+08:00'));
    const soon = evaluateClock(rural, { start }, t('2025-07-01T11:20:00+08:00'));
    expect(iso(nextChangeAt(soon, t('2025-07-01T11:20:00+08:00')))).toBe(same('2025-07-01T11:30:00.001+08:00'));
    const over = evaluateClock(rural, { start }, t('2025-07-01T12:00:00+08:00'));
    expect(nextChangeAt(over, t('2025-07-01T12:00:00+08:00'))).toBeNull();
    expect(nextChangeAt(evaluateClock(rural, { start, stop: start }, t(start)), t(start))).toBeNull();
    expect(nextChangeAt(evaluateClock(rural, {}, t(start)), t(start))).toBeNull();
  });

  it('[DL7] the state is constant until the next change and differs at it', () => {
    const ruleArb = fc.constantFrom(...DEFAULT_RULES);
    const startArb = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) });
    fc.assert(
      fc.property(ruleArb, startArb, fc.integer({ min: -86_400_000, max: 60 * 86_400_000 }), fc.constantFrom(0.1, 0.25, 0.5), (r, s, offset, f) => {
        const now = new Date(s + offset);
        const ev = evaluateClock(r, { start: new Date(s) }, now, { dueSoonFraction: f });
        expect(clockStateAt(ev, now)).toBe(ev.state);
        const next = nextChangeAt(ev, now);
        if (next === null) {
          expect(['overdue', 'metOnTime', 'metLate', 'notStarted']).toContain(ev.state);
          return;
        }
        expect(next.getTime()).toBeGreaterThan(now.getTime());
        expect(clockStateAt(ev, new Date(next.getTime() - 1))).toBe(ev.state);
        expect(clockStateAt(ev, next)).not.toBe(ev.state);
      }),
      { numRuns: 500 },
    );
  });
});

describe('monthly report', () => {
  it('[DL6] due on the 7th of the next month at 16:00 Beijing, even on a holiday', () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['2025-09', '2025-10-07T16:00:00+08:00'], // National Day holiday: not postponed
      ['2024-01', '2024-02-07T16:00:00+08:00'],
      ['2025-12', '2026-01-07T16:00:00+08:00'],
      ['2026-02', '2026-03-07T16:00:00+08:00'], // a Saturday
    ];
    for (const [month, due] of cases) {
      const r = monthlyReportDue(month);
      expect(r.ok && iso(r.due), month).toBe(same(due));
    }
  });

  it('[DL6] the 5th as the other setting ends with that day; the version in force when the month ended applies', () => {
    const p = changed(DEFAULT_POLICY, { ruleId: 'report.monthly', effectiveFrom: '2025-10-15T00:00:00+08:00', amount: 5, unit: 'monthlyReport' });
    const sep = monthlyReportDue('2025-09', p);
    expect(sep.ok && iso(sep.due)).toBe(same('2025-10-07T16:00:00+08:00'));
    const oct = monthlyReportDue('2025-10', p);
    expect(oct.ok && iso(oct.due)).toBe(same('2025-11-05T23:59:59.999+08:00'));
    const p2 = changed(p, { ruleId: 'report.monthly', effectiveFrom: '2025-11-15T00:00:00+08:00', amount: 5, unit: 'monthlyReport', dueTime: '16:00' });
    const nov = monthlyReportDue('2025-11', p2);
    expect(nov.ok && iso(nov.due)).toBe(same('2025-12-05T16:00:00+08:00'));
  });

  it('[DL6] a clock on the report accepts the month end either as its last or the next first instant', () => {
    const r = rule('report.monthly');
    for (const ended of ['2025-09-30T23:59:59.999+08:00', '2025-10-01T00:00:00+08:00']) {
      expect(iso(computeDeadline(r, t(ended)).deadline)).toBe(same('2025-10-07T16:00:00+08:00'));
    }
  });

  it('[DL6] a malformed month is a reason code', () => {
    for (const m of ['2025-13', '2025-1', 'soon']) {
      const r = monthlyReportDue(m);
      expect(r.ok ? 'ok' : r.reason).toBe('report.bad_month');
    }
  });
});
