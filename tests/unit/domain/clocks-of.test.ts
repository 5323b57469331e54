import { describe, expect, it } from 'vitest';
import { clocksOf, evaluateItem, isOpenItem } from '../../../src/domain/clocks-of';
import { DEFAULT_POLICY, applyPolicyChange, type StationPolicy } from '../../../src/domain/policy';
import { row } from '../clocks/rows';

const iso = (d: Date | null | undefined) => d?.toISOString();
const same = (s: string) => new Date(s).toISOString();
const at = (s: string) => new Date(s);

function changed(policy: StationPolicy, change: unknown): StationPolicy {
  const r = applyPolicyChange(policy, change);
  if (!r.ok) throw new Error(r.reason);
  return r.policy;
}

describe('clocksOf: repair jobs', () => {
  const reportedAt = '2025-07-01T10:00:00+08:00';

  it('[DL8] restoration counts 45/90/120 min from the report by area type', () => {
    for (const [area, minutes] of [['urban', 45], ['rural', 90], ['remote', 120]] as const) {
      const [c] = evaluateItem(row('repairJob', { areaType: area, reportedAt }), at(reportedAt));
      expect(c?.ruleId).toBe(`repair.restore.${area}`);
      expect(c?.label).toBe('restore');
      expect(iso(c?.ev.deadline)).toBe(new Date(Date.parse(reportedAt) + minutes * 60_000).toISOString());
      expect(c?.rule.citation).toBe('001 问卷 Q2');
    }
  });

  it('[DL1] [DL4] restored 5 minutes after the deadline is met late by exactly 5 minutes; at the deadline is on time', () => {
    const late = evaluateItem(row('repairJob', { areaType: 'urban', reportedAt, restoredAt: '2025-07-01T10:50:00+08:00' }, 'restored'), at('2025-07-02T00:00:00+08:00'));
    expect(late[0]?.ev).toMatchObject({ state: 'metLate', overMs: 5 * 60_000 });
    const onTime = evaluateItem(row('repairJob', { areaType: 'urban', reportedAt, restoredAt: '2025-07-01T10:45:00+08:00' }, 'restored'), at('2025-07-02T00:00:00+08:00'));
    expect(onTime[0]?.ev.state).toBe('metOnTime');
  });

  it('[DL4] an archived job with no restoration time stopped when archived; a job with no area or report has no clock it could run', () => {
    const archived = evaluateItem(row('repairJob', { areaType: 'rural', reportedAt, archivedAt: '2025-07-01T11:00:00+08:00' }, 'archived'), at('2025-07-09T00:00:00+08:00'));
    expect(archived[0]?.ev.state).toBe('metOnTime');
    expect(clocksOf(row('repairJob', { reportedAt }))).toEqual([]);
    expect(evaluateItem(row('repairJob', { areaType: 'rural' }), at(reportedAt))[0]?.ev.state).toBe('notStarted');
    expect(evaluateItem(row('repairJob', { areaType: 'rural', reportedAt: 'yesterday' }), at(reportedAt))[0]?.ev.problem).toBe('clock.bad_start');
  });

  it('[DL2] a running clock keeps the rule it started with; a job reported after the change gets the new one', () => {
    const policy = changed(DEFAULT_POLICY, { ruleId: 'repair.restore.urban', effectiveFrom: '2025-07-01T10:30:00+08:00', amount: 30, unit: 'minutes' });
    const before = clocksOf(row('repairJob', { areaType: 'urban', reportedAt }), policy);
    expect(before[0]?.rule.amount).toBe(45);
    const after = clocksOf(row('repairJob', { areaType: 'urban', reportedAt: '2025-07-01T11:00:00+08:00' }), policy);
    expect(after[0]?.rule.amount).toBe(30);
  });
});

describe('clocksOf: appeals', () => {
  const receivedAt = '2025-09-29T10:00:00+08:00'; // Monday before the National Day holiday

  it('[DL8] a complaint has a 1-working-day contact clock and a 5-working-day reply clock, both from receipt', () => {
    const cs = evaluateItem(row('appeal', { kind: 'complaint', receivedAt }), at(receivedAt));
    expect(cs.map((c) => [c.ruleId, c.label])).toEqual([
      ['appeal.complaint.contact', 'contact'],
      ['appeal.complaint.reply', 'reply'],
    ]);
    // [CA2] Tuesday 30 Sep is the 1st working day after; 1–8 Oct are the holiday, 11 Oct a make-up working day.
    expect(iso(cs[0]?.ev.deadline)).toBe(same('2025-09-30T23:59:59.999+08:00'));
    expect(iso(cs[1]?.ev.deadline)).toBe(same('2025-10-13T23:59:59.999+08:00'));
  });

  it('[DL4] contact stops at contactedAt, reply at repliedAt (a reply also counts as contact)', () => {
    const cs = evaluateItem(row('appeal', { kind: 'complaint', receivedAt, repliedAt: '2025-09-30T09:00:00+08:00' }), at('2025-10-20T00:00:00+08:00'));
    expect(cs.map((c) => c.ev.state)).toEqual(['metOnTime', 'metOnTime']);
    const contacted = evaluateItem(row('appeal', { kind: 'complaint', receivedAt, contactedAt: '2025-10-09T09:00:00+08:00' }), at('2025-10-10T00:00:00+08:00'));
    expect(contacted.map((c) => c.ev.state)).toEqual(['metLate', 'running']);
  });

  it('[DL8] a report (举报) gets 10 working days; opinion, inquiry, praise and business 5; unclassified none', () => {
    expect(clocksOf(row('appeal', { kind: 'report', receivedAt })).map((c) => [c.ruleId, c.rule.amount])).toEqual([['appeal.report.reply', 10]]);
    for (const kind of ['opinion', 'inquiry', 'praise', 'business']) {
      expect(clocksOf(row('appeal', { kind, receivedAt })).map((c) => [c.ruleId, c.rule.amount, c.rule.unit])).toEqual([['appeal.other.reply', 5, 'workingDays']]);
    }
    expect(clocksOf(row('appeal', { receivedAt }))).toEqual([]);
  });
});

describe('clocksOf: return visits', () => {
  const startsAt = '2025-07-10T12:00:00+08:00';
  const period = [{ from: '2025-07-10T00:00:00+08:00', to: null }];

  it('[DL8] a repair return visit is due 24 h after the archive', () => {
    const [c] = evaluateItem(row('visit', { ruleId: 'visit.return.repair', startsAt, disaster: false }), at(startsAt));
    expect(c?.label).toBe('returnVisit');
    expect(iso(c?.ev.deadline)).toBe(same('2025-07-11T12:00:00+08:00'));
  });

  it('[DL5] the disaster flag stamped at creation decides: 48 h when stamped, 24 h when not, whatever is declared later', () => {
    const stamped = clocksOf(row('visit', { ruleId: 'visit.return.repair', startsAt, disaster: true }));
    expect(stamped[0]?.rule).toMatchObject({ amount: 48, unit: 'hours', variant: 'disaster' });
    const notStamped = clocksOf(row('visit', { ruleId: 'visit.return.repair', startsAt, disaster: false }), DEFAULT_POLICY, { disasterPeriods: period });
    expect(notStamped[0]?.rule.amount).toBe(24);
  });

  it('[DL5] a visit with no stamp is judged by the periods: inside a period 48 h, outside 24 h', () => {
    expect(clocksOf(row('visit', { ruleId: 'visit.return.repair', startsAt }), DEFAULT_POLICY, { disasterPeriods: period })[0]?.rule.amount).toBe(48);
    expect(clocksOf(row('visit', { ruleId: 'visit.return.repair', startsAt }), DEFAULT_POLICY, { disasterPeriods: [] })[0]?.rule.amount).toBe(24);
  });

  it('[DL8] a business acceptance visit counts 7 working days; done stops the clock', () => {
    const [c] = evaluateItem(row('visit', { ruleId: 'visit.return.business', startsAt, doneAt: '2025-07-12T09:00:00+08:00' }, 'done'), at('2025-08-01T00:00:00+08:00'));
    expect(c?.rule).toMatchObject({ amount: 7, unit: 'workingDays' });
    expect(c?.ev.state).toBe('metOnTime');
  });

  it('[DL1] a manual visit with only a due time uses that instant as its deadline', () => {
    const [c] = evaluateItem(row('visit', { startsAt, dueAt: '2025-07-10T18:00:00+08:00' }), at('2025-07-10T17:00:00+08:00'));
    expect(iso(c?.ev.deadline)).toBe(same('2025-07-10T18:00:00+08:00'));
    expect(c?.ev.state).toBe('dueSoon'); // 1 h of 6 left
  });

  it('a visit given up with no time recorded carries no clock', () => {
    expect(clocksOf(row('visit', { ruleId: 'visit.return.repair', startsAt }, 'givenUp'))).toEqual([]);
  });
});

describe('clocksOf: zone duties and the rest', () => {
  it('[DL8] a zone duty is due at its stored time, due soon in the last quarter of the weekly window', () => {
    const dueAt = '2025-07-14T18:00:00+08:00';
    const [c] = evaluateItem(row('zoneDuty', { dueAt }), at('2025-07-13T12:00:00+08:00'));
    expect(c?.ruleId).toBe('zoneDuty.weeklyCleanup');
    expect(iso(c?.ev.deadline)).toBe(same(dueAt));
    expect(c?.ev.state).toBe('dueSoon'); // 30 h of 168 left
    expect(evaluateItem(row('zoneDuty', { dueAt }), at('2025-07-10T00:00:00+08:00'))[0]?.ev.state).toBe('running');
    expect(evaluateItem(row('zoneDuty', { dueAt, doneAt: '2025-07-14T19:00:00+08:00' }, 'cleaned'), at('2025-07-15T00:00:00+08:00'))[0]?.ev.state).toBe('metLate');
  });

  it('deleted rows and types without rules carry no clocks', () => {
    expect(clocksOf(row('repairJob', { areaType: 'urban', reportedAt: '2025-07-01T10:00:00+08:00' }, null, { deleted: true }))).toEqual([]);
    expect(clocksOf(row('customer', { name: 'x' }))).toEqual([]);
  });

  it('open items: not archived, closed, done or cleaned, and not deleted', () => {
    expect(isOpenItem(row('repairJob', {}, 'enRoute'))).toBe(true);
    expect(isOpenItem(row('repairJob', {}, 'restored'))).toBe(true);
    expect(isOpenItem(row('repairJob', {}, 'archived'))).toBe(false);
    expect(isOpenItem(row('appeal', {}, 'replied'))).toBe(false);
    expect(isOpenItem(row('visit', {}, 'reached'))).toBe(true);
    expect(isOpenItem(row('visit', {}, 'done'))).toBe(false);
    expect(isOpenItem(row('zoneDuty', {}, 'cleaned'))).toBe(false);
    expect(isOpenItem(row('repairJob', {}, 'registered', { deleted: true }))).toBe(false);
    expect(isOpenItem(row('customer', {}))).toBe(false);
  });
});
