import { describe, expect, it } from 'vitest';
import { appealStepMutations, EMPTY_APPEAL, followUpVisitId, reassignMutations } from '../../../src/domain/appeals';
import { importCalendarYear, OFFICIAL_CALENDAR, type WorkCalendar } from '../../../src/domain/calendar';
import { applyPolicyChange, DEFAULT_POLICY, type StationPolicy } from '../../../src/domain/policy';
import { row } from '../clocks/rows';

// The follow-up visit's stored due date is worked out with the station's own policy and
// calendar, so it agrees with the clock every device shows for it.

function stationPolicy(): StationPolicy {
  const r = applyPolicyChange(DEFAULT_POLICY, { ruleId: 'appeal.followUp', effectiveFrom: '2026-06-01T00:00:00+08:00', amount: 3, unit: 'workingDays' });
  if (!r.ok) throw new Error(r.reason);
  return r.policy;
}

function withHoliday(day: string): WorkCalendar {
  const shipped = OFFICIAL_CALENDAR.years['2026']!;
  const r = importCalendarYear(OFFICIAL_CALENDAR, { year: 2026, off: [...shipped.off, day], workdays: [...shipped.workdays] });
  if (!r.ok) throw new Error(r.reason);
  return r.calendar;
}

function dueOfReply(policy?: StationPolicy, calendar?: WorkCalendar): unknown {
  const a = row('appeal', { ...EMPTY_APPEAL, kind: 'complaint', channel: 'counter', handler: 'u-h', receivedAt: '2026-06-10T10:00:00+08:00', contactedAt: '2026-06-10T12:00:00+08:00' }, 'contacted');
  // Thursday 11 June 2026, noon in Beijing.
  const ms = appealStepMutations(a, 'replied', { eventId: 'e', now: new Date('2026-06-11T04:00:00Z'), userId: 'u-h', policy, calendar }, { replyText: '已核实' });
  const visit = ms.find((m) => m.name === 'record.upsert' && m.args.type === 'visit');
  return visit?.name === 'record.upsert' ? visit.args.fields.dueAt : undefined;
}

describe('the follow-up visit follows the station settings', () => {
  it('[DL2] the chief\'s 3 working days instead of the default 5: due at the end of Tuesday 16 June, not Thursday 18', () => {
    expect(dueOfReply()).toBe('2026-06-18T15:59:59.999Z');
    expect(dueOfReply(stationPolicy())).toBe('2026-06-16T15:59:59.999Z');
  });

  it('[CA5] an imported holiday on Monday 15 June moves it one working day, to the end of Wednesday 17 June', () => {
    expect(dueOfReply(stationPolicy(), withHoliday('2026-06-15'))).toBe('2026-06-17T15:59:59.999Z');
  });
});

describe('reassigning an appeal after its reply', () => {
  const replied = () => row('appeal', { ...EMPTY_APPEAL, kind: 'complaint', channel: 'counter', handler: 'u-old', repliedAt: '2026-06-11T04:00:00Z' }, 'replied');
  const ctx = { eventId: 'e2', now: new Date('2026-06-12T02:00:00Z'), userId: 'u-chief' };

  it('moves the follow-up visit still to be made to the new handler, as a clean write over the stamp the chief saw', () => {
    const a = replied();
    const visit = { ...row('visit', { sourceType: 'appeal', sourceId: a.id, handler: 'u-old' }, 'open'), id: followUpVisitId(a.id), clocks: { handler: 'h-visit' } };
    const ms = reassignMutations(a, 'u-new', ctx, visit);
    const moved = ms.find((m) => m.name === 'record.upsert' && m.args.type === 'visit');
    expect(moved?.name === 'record.upsert' && moved.args).toEqual({ type: 'visit', id: visit.id, fields: { handler: 'u-new' }, base: { handler: 'h-visit' } });
  });

  it('leaves a visit already made alone, and makes none where there is no visit yet', () => {
    const a = replied();
    const done = { ...row('visit', { sourceType: 'appeal', sourceId: a.id, handler: 'u-old' }, 'done'), id: followUpVisitId(a.id) };
    expect(reassignMutations(a, 'u-new', ctx, done).some((m) => m.name === 'record.upsert' && m.args.type === 'visit')).toBe(false);
    expect(reassignMutations(a, 'u-new', ctx, null).some((m) => m.name === 'record.upsert' && m.args.type === 'visit')).toBe(false);
  });
});
