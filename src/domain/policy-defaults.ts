/**
 * The default policy of shared/domain.md §1–§6, one record per rule. The chief
 * edits the numbers (see policy.ts); every deadline the app shows names the
 * rule and its citation, so the rule table is data, not scattered constants.
 */
import type { Rule } from './policy';

const wd = 'workingDays' as const;

export const DEFAULT_RULES: readonly Rule[] = [
  // §1 Repair jobs: restoration counted from the report (001 survey Q2).
  { id: 'repair.restore.urban', recordType: 'repair', startEvent: 'reported', stopEvent: 'restored', amount: 45, unit: 'minutes', citation: '001 问卷 Q2' },
  { id: 'repair.restore.rural', recordType: 'repair', startEvent: 'reported', stopEvent: 'restored', amount: 90, unit: 'minutes', citation: '001 问卷 Q2' },
  { id: 'repair.restore.remote', recordType: 'repair', startEvent: 'reported', stopEvent: 'restored', amount: 120, unit: 'minutes', citation: '001 问卷 Q2' },

  // §1/§3 Return visits.
  {
    id: 'visit.return.repair', recordType: 'visit', startEvent: 'archived', stopEvent: 'visited', amount: 24, unit: 'hours', citation: '001 第十一条',
    disaster: { amount: 48, unit: 'hours', citation: '001 第十一条' },
  },
  { id: 'visit.return.business', recordType: 'visit', startEvent: 'archived', stopEvent: 'visited', amount: 7, unit: wd, citation: '001 第十一条' },

  // §2 Complaints, reports, letters and visits. Where seeds disagree the other readings are listed.
  { id: 'appeal.complaint.contact', recordType: 'appeal', startEvent: 'accepted', stopEvent: 'contacted', amount: 1, unit: wd, citation: '002 三.5' },
  {
    id: 'appeal.complaint.reply', recordType: 'appeal', startEvent: 'accepted', stopEvent: 'replied', amount: 5, unit: wd, citation: '001 第十一条; 000 来信来访 6',
    alternatives: [
      { amount: 5, unit: 'calendarDays', citation: '000 items 9, 25 (5日, read literally)' },
      { amount: 7, unit: wd, citation: '002 三.5' },
    ],
  },
  {
    id: 'appeal.report.reply', recordType: 'appeal', startEvent: 'accepted', stopEvent: 'replied', amount: 10, unit: wd, citation: '001 第十一条',
    alternatives: [{ amount: 10, unit: 'calendarDays', citation: '000 items 9, 25 (10日, read literally)' }],
  },
  { id: 'appeal.other.reply', recordType: 'appeal', startEvent: 'accepted', stopEvent: 'replied', amount: 5, unit: wd, citation: '000 来信来访 6' },
  {
    // "不得超过1天": 24 h is the literal bound; the end of the next day is the lenient reading.
    id: 'appeal.handOn', recordType: 'appeal', startEvent: 'received', stopEvent: 'handedOn', amount: 24, unit: 'hours', citation: '000 item 17',
    alternatives: [{ amount: 1, unit: 'calendarDays', citation: '000 item 17 (1天 as a calendar day)' }],
  },
  {
    // The seeds require the visit (002 四.2) but give no limit; 5 working days is the product's setting.
    id: 'appeal.followUp', recordType: 'appeal', startEvent: 'replied', stopEvent: 'followedUp', amount: 5, unit: wd, citation: '002 四.2 (no limit given; setting)',
  },

  // §6 Business applications (业扩报装).
  { id: 'business.scheme.residential', recordType: 'business', startEvent: 'accepted', stopEvent: 'schemeReplied', amount: 3, unit: wd, citation: '002 三.1' },
  { id: 'business.scheme.lowVoltage', recordType: 'business', startEvent: 'accepted', stopEvent: 'schemeReplied', amount: 7, unit: wd, citation: '002 三.1' },
  { id: 'business.scheme.hvSingle', recordType: 'business', startEvent: 'accepted', stopEvent: 'schemeReplied', amount: 15, unit: wd, citation: '002 三.1' },
  { id: 'business.scheme.hvDual', recordType: 'business', startEvent: 'accepted', stopEvent: 'schemeReplied', amount: 30, unit: wd, citation: '002 三.1' },
  {
    id: 'business.energize.residential', recordType: 'business', startEvent: 'inspectionPassed', stopEvent: 'energized', amount: 3, unit: wd, citation: '002 三.2',
    alternatives: [{ amount: 5, unit: wd, startEvent: 'applied', citation: '000 item 16' }],
  },
  { id: 'business.energize.nonResidential', recordType: 'business', startEvent: 'inspectionPassed', stopEvent: 'energized', amount: 5, unit: wd, citation: '002 三.2; 000 item 16' },
  { id: 'business.meterCalibration', recordType: 'business', startEvent: 'accepted', stopEvent: 'resultIssued', amount: 5, unit: wd, citation: '002 三.4' },
  { id: 'business.billingAnomaly', recordType: 'business', startEvent: 'accepted', stopEvent: 'answered', amount: 7, unit: wd, citation: '002 三.4' },

  // §6 Counter service times.
  { id: 'counter.fee.residential', recordType: 'counter', startEvent: 'started', stopEvent: 'finished', amount: 5, unit: 'minutes', citation: '000 item 21; 002 三.3' },
  { id: 'counter.fee.other', recordType: 'counter', startEvent: 'started', stopEvent: 'finished', amount: 20, unit: 'minutes', citation: '000 item 21' },
  { id: 'counter.business', recordType: 'counter', startEvent: 'started', stopEvent: 'finished', amount: 20, unit: 'minutes', citation: '002 三.3' },
  { id: 'counter.wait', recordType: 'counter', startEvent: 'arrived', stopEvent: 'served', amount: 20, unit: 'minutes', citation: '000 item 6' },

  // §3/§5 Monthly report: due on a day of the next month, never postponed for holidays.
  {
    id: 'report.monthly', recordType: 'report', startEvent: 'monthEnded', stopEvent: 'submitted', amount: 7, unit: 'monthlyReport', dueTime: '16:00', citation: '001 第十一条',
    alternatives: [{ amount: 5, unit: 'monthlyReport', citation: '004 第十四条 (每月5日前, no hour given: end of the 5th)' }],
  },

  // §4/§5 Hygiene zones and shift patrols.
  { id: 'zoneDuty.weeklyCleanup', recordType: 'zoneDuty', startEvent: 'lastCleanup', stopEvent: 'cleaned', amount: 7, unit: 'calendarDays', citation: '003 其他例行工作' },
  { id: 'shift.patrol', recordType: 'shift', startEvent: 'lastPatrol', stopEvent: 'patrolled', amount: 4, unit: 'hours', citation: '003 (至少每4小时)' },
];
