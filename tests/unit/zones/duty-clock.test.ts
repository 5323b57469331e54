import { describe, expect, it } from 'vitest';
import { clocksOf, evaluateItem } from '../../../src/domain/clocks-of';
import { DEFAULT_POLICY } from '../../../src/domain/policy';
import { inspectionMutations, missingDuties, zoneSettingsOf } from '../../../src/domain/zones';
import type { RecordRow } from '../../../src/domain/records';
import { row } from '../clocks/rows';

// A zone duty's clock runs from the duty's own start to its due time: an end-of-shift clean
// over the shift, a re-clean over its re-clean window, the weekly clean-up over the week.
// Due soon ([DL3]) is the last quarter of that window ([DL12]), not of a fixed week, which
// made every shift duty "due soon" the moment it was made.

const at = (s: string) => new Date(s);
const state = (r: RecordRow, now: string, policy = DEFAULT_POLICY) => evaluateItem(r, at(now), policy)[0]?.ev.state;

/** The duty rows missingDuties would make for one zone held by u1, as stored. */
function dutiesAt(now: string): RecordRow[] {
  const zone = row('zone', { name: '营业厅', kind: 'hall' }, null, { id: 'z1' });
  const holder = row('zoneAssignment', { zoneId: 'z1', holder: 'u1', holderKind: 'person', from: '2025-01-01' });
  const ms = missingDuties([zone], [holder], new Set(), at(now), zoneSettingsOf(null));
  return ms.flatMap((m) => (m.name === 'record.upsert' ? [row('zoneDuty', m.args.fields, 'due', { id: m.args.id })] : []));
}

describe('zone duty clocks', () => {
  it('[DL3] [DL12] an end-of-shift clean is due soon only in the last quarter of its shift', () => {
    // Default shifts 08:00–16:00 and 16:00–24:00 Beijing; Wednesday 16 July 2025, 09:00.
    const shift = dutiesAt('2025-07-16T09:00:00+08:00').find((d) => d.data.kind === 'shift')!;
    expect(shift.data).toMatchObject({ startsAt: '2025-07-16T00:00:00.000Z', dueAt: '2025-07-16T08:00:00.000Z' });
    const [c] = evaluateItem(shift, at('2025-07-16T12:00:00+08:00'));
    expect(c?.ev.deadline?.toISOString()).toBe('2025-07-16T08:00:00.000Z');
    expect(c?.ev.state).toBe('running'); // 4 h of 8 left
    expect(state(shift, '2025-07-16T13:59:00+08:00')).toBe('running'); // 2 h 1 min left
    expect(state(shift, '2025-07-16T14:01:00+08:00')).toBe('dueSoon'); // under 2 h, a quarter of 8
    expect(state(shift, '2025-07-16T16:00:01+08:00')).toBe('overdue');
  });

  it('[DL3] [DL12] a re-clean is due soon in the last quarter of its re-clean window', () => {
    const duty = row('zoneDuty', { zoneId: 'z1', holder: 'u1', kind: 'shift', startsAt: '2025-07-16T00:00:00.000Z', dueAt: '2025-07-16T08:00:00.000Z' }, 'cleaned', { id: 'd1' });
    const ms = inspectionMutations(duty, { items: [{ item: 'dustFree', pass: false }] }, { now: at('2025-07-16T16:10:00+08:00'), userId: 'u2', inspectionId: 'i1', recleanHours: 2 });
    const up = ms.find((m) => m.name === 'record.upsert' && m.args.fields.kind === 'reclean')!;
    const reclean = row('zoneDuty', up.name === 'record.upsert' ? up.args.fields : {}, 'due');
    expect(state(reclean, '2025-07-16T16:40:00+08:00')).toBe('running'); // 1 h 30 of 2 h left
    expect(state(reclean, '2025-07-16T17:45:00+08:00')).toBe('dueSoon'); // 25 min left, under 30
  });

  it('[DL3] [DL12] the weekly clean-up keeps its week, and the station\'s due-soon fraction applies to every window', () => {
    const weekly = dutiesAt('2025-07-16T09:00:00+08:00').find((d) => d.data.kind === 'weekly')!;
    expect(weekly.data).toMatchObject({ startsAt: '2025-07-11T08:00:00.000Z', dueAt: '2025-07-18T08:00:00.000Z' }); // Friday 16:00 to Friday 16:00
    expect(state(weekly, '2025-07-16T21:00:00+08:00')).toBe('running'); // 43 h of 168 left
    expect(state(weekly, '2025-07-16T23:00:00+08:00')).toBe('dueSoon'); // 41 h left, under 42 h (a quarter of 168)
    const shift = row('zoneDuty', { kind: 'shift', startsAt: '2025-07-16T00:00:00.000Z', dueAt: '2025-07-16T08:00:00.000Z' });
    const half = { ...DEFAULT_POLICY, dueSoonFraction: 0.5 };
    expect(state(shift, '2025-07-16T11:59:00+08:00', half)).toBe('running');
    expect(state(shift, '2025-07-16T12:01:00+08:00', half)).toBe('dueSoon');
  });

  it('[DL12] a duty stored without a usable start falls back to the rule\'s weekly window', () => {
    const dueAt = '2025-07-14T18:00:00+08:00';
    for (const startsAt of [undefined, 'not a time', '2025-07-15T00:00:00+08:00']) {
      const [c] = clocksOf(row('zoneDuty', { dueAt, ...(startsAt ? { startsAt } : {}) }));
      expect(c?.rule.amount, String(startsAt)).toBe(7 * 24 * 60);
    }
  });
});
