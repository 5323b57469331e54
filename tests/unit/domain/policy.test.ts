import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  DEFAULT_RULES,
  DueSoonFractionSchema,
  PolicyChangeSchema,
  RuleSchema,
  applyPolicyChange,
  returnVisitRuleFor,
  ruleAt,
  type StationPolicy,
} from '../../../src/domain/policy';

const rule = (id: string) => {
  const r = DEFAULT_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};

function changed(policy: StationPolicy, change: unknown): StationPolicy {
  const r = applyPolicyChange(policy, change);
  if (!r.ok) throw new Error(r.reason);
  return r.policy;
}

describe('default rules', () => {
  it('[DL8] every default rule passes its own schema and ids are unique', () => {
    for (const r of DEFAULT_RULES) expect(RuleSchema.safeParse(r).success, r.id).toBe(true);
    expect(new Set(DEFAULT_RULES.map((r) => r.id)).size).toBe(DEFAULT_RULES.length);
  });

  it('[DL8] the numbers of shared/domain.md §1–§6, with their citations', () => {
    const table = Object.fromEntries(DEFAULT_RULES.map((r) => [r.id, `${r.amount} ${r.unit}`]));
    expect(table).toMatchObject({
      'repair.restore.urban': '45 minutes',
      'repair.restore.rural': '90 minutes',
      'repair.restore.remote': '120 minutes',
      'visit.return.repair': '24 hours',
      'visit.return.business': '7 workingDays',
      'appeal.complaint.contact': '1 workingDays',
      'appeal.complaint.reply': '5 workingDays',
      'appeal.report.reply': '10 workingDays',
      'appeal.other.reply': '5 workingDays',
      'appeal.handOn': '24 hours',
      'appeal.followUp': '5 workingDays',
      'business.scheme.residential': '3 workingDays',
      'business.scheme.lowVoltage': '7 workingDays',
      'business.scheme.hvSingle': '15 workingDays',
      'business.scheme.hvDual': '30 workingDays',
      'business.energize.residential': '3 workingDays',
      'business.energize.nonResidential': '5 workingDays',
      'business.meterCalibration': '5 workingDays',
      'business.billingAnomaly': '7 workingDays',
      'counter.fee.residential': '5 minutes',
      'counter.fee.other': '20 minutes',
      'counter.business': '20 minutes',
      'counter.wait': '20 minutes',
      'report.monthly': '7 monthlyReport',
    });
    expect(rule('appeal.complaint.contact').citation).toBe('002 三.5');
    expect(rule('visit.return.repair').disaster).toMatchObject({ amount: 48, unit: 'hours' });
    expect(rule('report.monthly').dueTime).toBe('16:00');
  });

  it('[DL8] where seeds disagree the alternatives are listed', () => {
    expect(rule('appeal.complaint.reply').alternatives?.map((a) => `${a.amount} ${a.unit}`)).toEqual(['5 calendarDays', '7 workingDays']);
    expect(rule('appeal.report.reply').alternatives?.map((a) => `${a.amount} ${a.unit}`)).toEqual(['10 calendarDays']);
    expect(rule('report.monthly').alternatives?.map((a) => a.amount)).toEqual([5]);
    expect(rule('business.energize.residential').alternatives?.[0]).toMatchObject({ amount: 5, startEvent: 'applied' });
  });

  it('[DL3] due soon is a quarter by default, and a setting strictly between 0 and 1', () => {
    expect(DEFAULT_POLICY.dueSoonFraction).toBe(0.25);
    expect(DueSoonFractionSchema.safeParse(0.3).success).toBe(true);
    expect(DueSoonFractionSchema.safeParse(0).success).toBe(false);
    expect(DueSoonFractionSchema.safeParse(1).success).toBe(false);
  });
});

describe('policy changes', () => {
  const change = { ruleId: 'appeal.complaint.reply', effectiveFrom: '2025-06-01T00:00:00+08:00', amount: 7, unit: 'workingDays' };

  it('[DL2] a change applies only to clocks that start after it; earlier clocks keep the default', () => {
    const p = changed(DEFAULT_POLICY, change);
    expect(ruleAt(p, 'appeal.complaint.reply', new Date('2025-05-31T23:59:59.999+08:00'))?.amount).toBe(5);
    expect(ruleAt(p, 'appeal.complaint.reply', new Date('2025-06-01T00:00:00+08:00'))?.amount).toBe(5); // same instant: not after
    const after = ruleAt(p, 'appeal.complaint.reply', '2025-06-01T00:00:00.001+08:00');
    expect(after).toMatchObject({ amount: 7, unit: 'workingDays', effectiveFrom: change.effectiveFrom, citation: rule('appeal.complaint.reply').citation });
    expect(ruleAt(DEFAULT_POLICY, 'appeal.complaint.reply', new Date('2030-01-01'))?.amount).toBe(5);
  });

  it('[DL2] several changes: the latest before the clock start wins, whatever order they were made in', () => {
    let p = changed(DEFAULT_POLICY, { ...change, effectiveFrom: '2025-09-01T00:00:00+08:00', amount: 3 });
    p = changed(p, { ...change, effectiveFrom: '2025-06-01T00:00:00+08:00', amount: 7 });
    p = changed(p, { ...change, effectiveFrom: '2025-06-01T00:00:00+08:00', amount: 6 }); // same instant, made later
    expect(ruleAt(p, 'appeal.complaint.reply', new Date('2025-05-01'))?.amount).toBe(5);
    expect(ruleAt(p, 'appeal.complaint.reply', new Date('2025-07-01'))?.amount).toBe(6);
    expect(ruleAt(p, 'appeal.complaint.reply', new Date('2025-10-01'))?.amount).toBe(3);
    expect(ruleAt(p, 'appeal.report.reply', new Date('2025-10-01'))?.amount).toBe(10); // other rules untouched
  });

  it('[DL2] a change to a calendar-day alternative switches the unit', () => {
    const p = changed(DEFAULT_POLICY, { ...change, amount: 5, unit: 'calendarDays' });
    expect(ruleAt(p, 'appeal.complaint.reply', new Date('2025-07-01'))).toMatchObject({ amount: 5, unit: 'calendarDays' });
  });

  it('[DL2] refusals are values with reason codes', () => {
    const cases: ReadonlyArray<readonly [unknown, string]> = [
      [{ ...change, ruleId: 'no.such.rule' }, 'policy.unknown_rule'],
      [{ ...change, ruleId: 'report.monthly', unit: 'workingDays' }, 'policy.unit_mismatch'],
      [{ ...change, unit: 'monthlyReport' }, 'policy.unit_mismatch'],
      [{ ...change, amount: 0 }, 'policy.invalid_change'],
      [{ ...change, amount: 2.5 }, 'policy.invalid_change'],
      [{ ...change, unit: 'weeks' }, 'policy.invalid_change'],
      [{ ...change, effectiveFrom: '2025-06-01' }, 'policy.invalid_change'],
      [{ ...change, ruleId: 'report.monthly', unit: 'monthlyReport', amount: 31 }, 'policy.invalid_change'],
      [{ ...change, dueTime: '16:00' }, 'policy.invalid_change'],
      [null, 'policy.invalid_change'],
    ];
    for (const [input, reason] of cases) {
      const r = applyPolicyChange(DEFAULT_POLICY, input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.reason).toBe(reason);
    }
    expect(DEFAULT_POLICY.changes).toHaveLength(0);
  });

  it('[DL2] the change schema is what the server validates with', () => {
    expect(PolicyChangeSchema.safeParse(change).success).toBe(true);
    expect(PolicyChangeSchema.safeParse({ ...change, effectiveFrom: 'yesterday' }).success).toBe(false);
  });

  it('[DL2] unknown rule ids give undefined, not a made-up rule', () => {
    expect(ruleAt(DEFAULT_POLICY, 'nope', new Date())).toBeUndefined();
  });
});

describe('disaster periods', () => {
  const periods = [{ from: '2025-07-20T00:00:00+08:00', to: '2025-07-25T23:59:59.999+08:00' }, { from: new Date('2025-08-10T12:00:00+08:00') }];

  it('[DL5] a repair archived in a declared disaster period gets 48 h, otherwise 24 h', () => {
    expect(returnVisitRuleFor(new Date('2025-07-19T23:59:59+08:00'), periods)).toMatchObject({ amount: 24, unit: 'hours' });
    const inside = returnVisitRuleFor(new Date('2025-07-20T00:00:00+08:00'), periods);
    expect(inside).toMatchObject({ id: 'visit.return.repair', amount: 48, unit: 'hours', variant: 'disaster', citation: '001 第十一条' });
    expect(returnVisitRuleFor(new Date('2025-07-25T23:59:59.999+08:00'), periods)?.amount).toBe(48); // end included
    expect(returnVisitRuleFor(new Date('2025-07-26T00:00:00+08:00'), periods)?.amount).toBe(24);
    expect(returnVisitRuleFor(new Date('2025-08-10T11:59:59+08:00'), periods)?.amount).toBe(24);
    expect(returnVisitRuleFor(new Date('2026-03-01T00:00:00+08:00'), periods)?.amount).toBe(48); // open period
    expect(returnVisitRuleFor(new Date('2026-03-01T00:00:00+08:00'), [])?.amount).toBe(24);
  });

  it('[DL5] [DL2] the chief can change both settings; the version at archive time is stamped', () => {
    const p = changed(DEFAULT_POLICY, {
      ruleId: 'visit.return.repair',
      effectiveFrom: '2025-07-22T00:00:00+08:00',
      amount: 12,
      unit: 'hours',
      disaster: { amount: 72, unit: 'hours' },
    });
    expect(returnVisitRuleFor(new Date('2025-07-21T10:00:00+08:00'), periods, p)?.amount).toBe(48);
    expect(returnVisitRuleFor(new Date('2025-07-23T10:00:00+08:00'), periods, p)?.amount).toBe(72);
    expect(returnVisitRuleFor(new Date('2025-07-30T10:00:00+08:00'), periods, p)?.amount).toBe(12);
  });
});
