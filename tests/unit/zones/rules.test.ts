import { describe, expect, it } from 'vitest';
import type { RecordRow } from '../../../src/domain/records';
import {
  currentShift, holderOn, inspectionMutations, missingDuties, parseShiftTimes, recleanDeadline, recleanId, shiftContaining, shiftDutyId,
  weeklyCleanupDue, zoneSettingsOf, cleanedMutations, DEFAULT_CHECKLISTS, checklistOf, zoneState,
} from '../../../src/domain/zones';
import { confirmMutations, handedTo, handoverMutations, itemStillOpen, openItemsOf } from '../../../src/domain/handover';
import { crewOf, patrolHours, patrolState } from '../../../src/domain/shift';
import { checkMutation } from '../../../src/domain/mutations';

const bj = (s: string) => new Date(`${s}+08:00`);

function row(type: RecordRow['type'], id: string, data: Record<string, unknown>, status: string | null = null, hlc = '0001'): RecordRow {
  return { id, type, station: 'S1', data, clocks: {}, status, statusGen: 0, statusHlc: null, deleted: false, createdBy: null, hlc };
}

describe('shift times', () => {
  it('reads ranges, overnight ranges and handover times alone', () => {
    expect(parseShiftTimes(['08:00-16:00', '16:00-24:00'])).toEqual([
      { index: 0, startMin: 480, endMin: 960 },
      { index: 1, startMin: 960, endMin: 1440 },
    ]);
    expect(parseShiftTimes(['08:00-20:00', '20:00-08:00'])[1]).toEqual({ index: 1, startMin: 1200, endMin: 1920 });
    expect(parseShiftTimes(['20:00', '08:00'])).toEqual([
      { index: 0, startMin: 480, endMin: 1200 },
      { index: 1, startMin: 1200, endMin: 1920 },
    ]);
    expect(parseShiftTimes(['nonsense'])).toEqual([]);
  });

  it('the end-of-shift clean is due when the shift ends, an overnight shift the next morning', () => {
    const day = currentShift(bj('2026-06-10T15:30:00'), ['08:00-16:00', '16:00-24:00'])!;
    expect(day).toMatchObject({ index: 0, date: '2026-06-10' });
    expect(day.end.toISOString()).toBe(bj('2026-06-10T16:00:00').toISOString());
    const night = currentShift(bj('2026-06-11T03:00:00'), ['08:00-20:00', '20:00-08:00'])!;
    // Belongs to the day it started on, due at 08:00 the next morning.
    expect(night).toMatchObject({ index: 1, date: '2026-06-10' });
    expect(night.end.toISOString()).toBe(bj('2026-06-11T08:00:00').toISOString());
    expect(shiftDutyId('z1', night)).toBe('duty-z1-2026-06-10-1');
    // Between shifts: the one that ended last is still owed.
    expect(shiftContaining(bj('2026-06-11T02:00:00'), ['08:00-16:00', '16:00-24:00'])).toBeNull();
    expect(currentShift(bj('2026-06-11T02:00:00'), ['08:00-16:00', '16:00-24:00'])).toMatchObject({ index: 1, date: '2026-06-10' });
  });

  it('settings fall back to the defaults', () => {
    expect(zoneSettingsOf(null)).toEqual({ shiftTimes: ['08:00-16:00', '16:00-24:00'], weeklyDay: 5, weeklyTime: '16:00', recleanHours: 2 });
    expect(zoneSettingsOf(row('station', 'S1', { shiftTimes: [] })).shiftTimes).toEqual(['08:00-16:00', '16:00-24:00']);
    expect(zoneSettingsOf(row('station', 'S1', { shiftTimes: ['08:00', '20:00'], weeklyCleanupDay: 1, recleanHours: 3 }))).toMatchObject({ shiftTimes: ['08:00', '20:00'], weeklyDay: 1, recleanHours: 3 });
  });
});

describe('weekly clean-up and re-clean', () => {
  it('is due on the chosen day and time of the Beijing week that holds now', () => {
    // 2026-06-10 is a Wednesday; Friday 16:00 of that week.
    expect(weeklyCleanupDue(bj('2026-06-10T10:00:00'), 5, '16:00').toISOString()).toBe(bj('2026-06-12T16:00:00').toISOString());
    // Missed on Monday: still owed (overdue) for a day, then the next Monday's.
    expect(weeklyCleanupDue(bj('2026-06-08T20:00:00'), 1, '09:00').toISOString()).toBe(bj('2026-06-08T09:00:00').toISOString());
    expect(weeklyCleanupDue(bj('2026-06-14T23:00:00'), 1, '09:00').toISOString()).toBe(bj('2026-06-15T09:00:00').toISOString());
    // Across the week's edge: Sunday's clean-up is still the one owed early on Monday.
    expect(weeklyCleanupDue(bj('2026-06-15T00:30:00'), 7, '17:30').toISOString()).toBe(bj('2026-06-14T17:30:00').toISOString());
    expect(weeklyCleanupDue(bj('2026-06-15T18:00:00'), 7, '17:30').toISOString()).toBe(bj('2026-06-21T17:30:00').toISOString());
  });

  it('a re-clean is due the set hours after the failure, with one id whichever device fails it', () => {
    expect(recleanDeadline(bj('2026-06-10T16:30:00'), 2).toISOString()).toBe(bj('2026-06-10T18:30:00').toISOString());
    const duty = row('zoneDuty', 'duty-z1-2026-06-10-0', { zoneId: 'z1' });
    expect(recleanId(duty)).toBe(recleanId({ ...duty }));
    expect(recleanId(duty)).not.toBe(recleanId(row('zoneDuty', 'duty-z1-2026-06-10-1', { zoneId: 'z1' })));
    expect(recleanId(row('zoneDuty', 'x', { zoneId: 'z'.repeat(64) })).length).toBeLessThanOrEqual(64);
  });
});

describe('assignments and duties', () => {
  const zones = [row('zone', 'z1', { name: 'Hall', kind: 'hall' }), row('zone', 'z2', { name: 'Yard', kind: 'yard' })];
  const assignments = [
    row('zoneAssignment', 'a1', { zoneId: 'z1', holder: 'u1', holderKind: 'person', from: '2026-06-01' }, null, '0001'),
    row('zoneAssignment', 'a2', { zoneId: 'z1', holder: 'u2', holderKind: 'person', from: '2026-06-11' }, null, '0002'),
    row('zoneAssignment', 'a3', { zoneId: 'z2', holder: 'Office', holderKind: 'office', from: '2026-06-01' }, null, '0003'),
  ];

  it('the newest assignment from on or before the day holds the zone', () => {
    expect(holderOn(assignments, 'z1', '2026-06-10')?.holder).toBe('u1');
    expect(holderOn(assignments, 'z1', '2026-06-11')?.holder).toBe('u2');
    expect(holderOn(assignments, 'z1', '2026-05-31')).toBeNull();
    expect(holderOn(assignments, 'z2', '2026-06-10')).toMatchObject({ holder: 'Office', holderKind: 'office' });
  });

  it('creates the shift and weekly duties that are missing, with deterministic ids', () => {
    const now = bj('2026-06-10T09:00:00');
    const settings = zoneSettingsOf(null);
    const m = missingDuties(zones, assignments, new Set(), now, settings);
    const ups = m.filter((x) => x.name === 'record.upsert').map((x) => x.args as { id: string; fields: Record<string, unknown> });
    expect(ups.map((u) => u.id)).toEqual(['duty-z1-2026-06-10-0', 'week-z1-2026-06-12', 'duty-z2-2026-06-10-0', 'week-z2-2026-06-12']);
    expect(ups[0]!.fields).toMatchObject({ holder: 'u1', kind: 'shift', dueAt: bj('2026-06-10T16:00:00').toISOString() });
    for (const x of m) expect(checkMutation(x).ok).toBe(true);
    expect(missingDuties(zones, assignments, new Set(ups.map((u) => u.id)), now, settings)).toEqual([]);
  });

  it('default checklists come from the standard', () => {
    expect(checklistOf(zones[1])).toEqual([...DEFAULT_CHECKLISTS.yard]);
    expect(checklistOf(row('zone', 'z', { kind: 'hall', checklist: ['Mirror clean'] }))).toEqual(['Mirror clean']);
  });

  it('inspection: pass closes; fail opens a re-clean for the holder with its deadline; its pass closes the original', () => {
    const now = bj('2026-06-10T16:20:00');
    const duty = row('zoneDuty', 'duty-z2-2026-06-10-0', { zoneId: 'z2', zoneName: 'Yard', holder: 'u1', holderKind: 'person', kind: 'shift', dueAt: bj('2026-06-10T16:00:00').toISOString() }, 'due');
    const failed = inspectionMutations(duty, { items: [{ item: 'noLitter', pass: false }], note: 'litter', photos: [{ id: 'p1', sha256: 'a'.repeat(64), bytes: 10 }] }, { inspectionId: 'i1', now, userId: 'u2', recleanHours: 2 });
    for (const x of failed) expect(checkMutation(x).ok).toBe(true);
    expect(failed.find((x) => x.name === 'record.advance' && x.args.id === duty.id)?.args).toMatchObject({ status: 'failed' });
    const rc = failed.find((x) => x.name === 'record.upsert' && x.args.id === recleanId(duty))!.args as { fields: Record<string, unknown> };
    expect(rc.fields).toMatchObject({ holder: 'u1', kind: 'reclean', dueAt: bj('2026-06-10T18:20:00').toISOString(), recleanOf: duty.id, origin: duty.id });
    expect(failed.some((x) => x.name === 'child.add' && x.args.type === 'photo')).toBe(true);

    const reclean = row('zoneDuty', recleanId(duty), rc.fields, 'cleaned');
    const passed = inspectionMutations(reclean, { items: [{ item: 'noLitter', pass: true }] }, { inspectionId: 'i2', now, userId: 'u2', recleanHours: 2 });
    expect(passed.find((x) => x.name === 'record.advance')?.args).toMatchObject({ id: reclean.id, status: 'passed' });
    expect(passed.find((x) => x.name === 'record.upsert' && x.args.id === duty.id)?.args).toMatchObject({ fields: { resolvedBy: reclean.id } });
    expect(cleanedMutations(duty, { now, userId: 'u1' }).map((x) => x.name)).toEqual(['record.upsert', 'record.advance']);
    // The zone at a glance: failed while the re-clean is open; a duty due later does not count yet.
    const later = row('zoneDuty', 'w', { zoneId: 'z2', kind: 'weekly', dueAt: bj('2026-06-12T16:00:00').toISOString() }, 'due');
    expect(zoneState('z2', [{ ...duty, status: 'failed' }, { ...reclean, status: 'due' }, later], now)).toBe('reclean');
    expect(zoneState('z2', [{ ...duty, status: 'failed' }, { ...reclean, status: 'passed' }, later], now)).toBe('clear');
    expect(zoneState('z2', [duty, later], now)).toBe('open');
  });
});

describe('handover', () => {
  const me = 'u1';
  const regs = {
    jobs: [row('repairJob', 'j1', { assignee: me }, 'accepted'), row('repairJob', 'j2', { assignee: me }, 'archived'), row('repairJob', 'j3', { assignee: 'u9' }, 'accepted')],
    appeals: [row('appeal', 'a1', { handler: me }, 'assigned'), row('appeal', 'a2', { handler: me }, 'closed')],
    visits: [row('visit', 'v1', { assignee: me }, 'open'), row('visit', 'v2', { assignee: me }, 'done')],
    duties: [
      row('zoneDuty', 'd1', { holder: me, holderKind: 'person' }, 'due'),
      row('zoneDuty', 'd2', { holder: me, holderKind: 'person' }, 'passed'),
      row('zoneDuty', 'd3', { holder: me, holderKind: 'person' }, 'failed'),
      row('zoneDuty', 'd4', { holder: me, holderKind: 'person', kind: 'reclean' }, 'due'),
      row('zoneDuty', 'd5', { holder: 'u9', holderKind: 'person' }, 'due'),
    ],
  };

  it('lists only the outgoing person\'s open items', () => {
    const now = bj('2026-06-10T16:00:00');
    const dueNow = { dueAt: bj('2026-06-10T16:00:00').toISOString() };
    for (const d of regs.duties) Object.assign(d.data, dueNow);
    const later = row('zoneDuty', 'd6', { holder: me, holderKind: 'person', kind: 'shift', dueAt: bj('2026-06-11T00:00:00').toISOString() }, 'due');
    const reclean = row('zoneDuty', 'd7', { holder: me, holderKind: 'person', kind: 'reclean', dueAt: bj('2026-06-10T19:00:00').toISOString() }, 'due');
    expect(openItemsOf(me, { ...regs, duties: [...regs.duties, later, reclean] }, now).map((i) => i.itemId)).toEqual(['j1', 'a1', 'v1', 'd1', 'd4', 'd7']);
  });

  it('hands over with a note per item and is confirmed by the incoming person', () => {
    const now = bj('2026-06-10T16:30:00');
    const m = handoverMutations({ to: 'u2', note: '', items: [{ itemType: 'repairJob', itemId: 'j1', note: 'waiting for parts' }] }, { handoverId: 'h1', itemIds: ['hi1'], now, userId: me });
    for (const x of m) expect(checkMutation(x).ok).toBe(true);
    expect(m.map((x) => x.name)).toEqual(['record.upsert', 'child.add', 'record.advance']);
    const h = row('handover', 'h1', { from: me, to: 'u2', at: now.toISOString() }, 'handedOver');
    const c = confirmMutations(h, { now, userId: 'u2' });
    expect(c[1]!.args).toMatchObject({ status: 'confirmed' });
    expect(handedTo('u2', [h, row('handover', 'h2', { from: me, to: 'u3' }, 'handedOver')]).map((x) => x.id)).toEqual(['h1']);
    expect(itemStillOpen('repairJob', regs.jobs[0]!)).toBe(true);
    expect(itemStillOpen('zoneDuty', regs.duties[1]!)).toBe(false);
  });
});

describe('daily log and crew', () => {
  const shift = currentShift(bj('2026-06-10T09:00:00'), ['08:00-16:00', '16:00-24:00'])!;

  it('the next patrol is due 4 hours after the last check, and overdue after', () => {
    expect(patrolHours()).toBe(4);
    const logs = [row('shiftLog', 'l1', { phase: 'before', at: bj('2026-06-10T08:10:00').toISOString(), by: 'u1' })];
    expect(patrolState(logs, shift, bj('2026-06-10T12:00:00'), 4)).toMatchObject({ overdue: false, dueBy: bj('2026-06-10T12:10:00') });
    expect(patrolState(logs, shift, bj('2026-06-10T12:11:00'), 4).overdue).toBe(true);
    const after = [...logs, row('shiftLog', 'l2', { phase: 'after', at: bj('2026-06-10T15:50:00').toISOString() })];
    expect(patrolState(after, shift, bj('2026-06-10T15:55:00'), 4)).toMatchObject({ dueBy: null, overdue: false });
  });

  it('the crew on duty: who logged, took a handover or holds a duty in this shift', () => {
    const crew = crewOf(bj('2026-06-10T10:00:00'), ['08:00-16:00', '16:00-24:00'], {
      logs: [row('shiftLog', 'l1', { by: 'u3', at: bj('2026-06-10T08:30:00').toISOString() }), row('shiftLog', 'l0', { by: 'u9', at: bj('2026-06-09T08:30:00').toISOString() })],
      handovers: [row('handover', 'h', { to: 'u2', confirmedAt: bj('2026-06-10T08:05:00').toISOString() }, 'confirmed')],
      duties: [row('zoneDuty', 'd', { holder: 'u1', kind: 'shift', shiftDate: '2026-06-10', shiftIndex: 0, startsAt: bj('2026-06-10T08:00:00').toISOString() })],
    });
    expect(crew).toEqual(['u1', 'u2', 'u3']);
  });
});

describe('demo week', () => {
  it('makes zones, a rota, a week of duties and handovers, every mutation valid and repeatable', async () => {
    const { demoZonesWeek } = await import('../../../src/domain/zones-demo');
    const staff = [
      { id: 'c1', name: '李所长', role: 'chief' },
      { id: 'l1', name: '王师傅', role: 'lineman' },
      { id: 'l2', name: '赵师傅', role: 'lineman' },
      { id: 'k1', name: '周', role: 'clerk' },
    ];
    const now = bj('2026-06-10T17:00:00');
    const m = demoZonesWeek(now, staff);
    for (const x of m) {
      const r = checkMutation(x);
      expect(r.ok, JSON.stringify(x)).toBe(true);
      expect(x.args.id.length).toBeLessThanOrEqual(64);
    }
    expect(demoZonesWeek(now, staff)).toEqual(m);
    const upserts = (type: string) => new Set(m.filter((x) => x.name === 'record.upsert' && x.args.type === type).map((x) => x.args.id));
    expect(upserts('zone').size).toBe(7);
    expect(upserts('zoneAssignment').size).toBe(7);
    expect(upserts('handover').size).toBeGreaterThanOrEqual(14);
    expect([...upserts('zoneDuty')].some((id) => id.startsWith('rc-'))).toBe(true);
    expect(demoZonesWeek(now, [])).toEqual([]);
  });
});
