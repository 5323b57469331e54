import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs } from '../../../src/domain/calendar';
import { evaluateClock } from '../../../src/domain/clock';
import { DEFAULT_POLICY, ruleAt } from '../../../src/domain/policy';

// instantMs reads stored instants without Date.parse on the clock hot path; a deadline
// computed from a string must be the one Date.parse would give, for every string.

// Year 0000 to 9999: every instant toISOString writes with four year digits.
const MIN = -62_167_219_200_000;
const MAX = 253_402_300_799_999;
const iso = fc.integer({ min: MIN, max: MAX }).map((ms) => new Date(ms).toISOString());

describe('instantMs reads an instant as Date.parse does', () => {
  it('[DL4] every toISOString instant from year 0 to 9999', () => {
    fc.assert(fc.property(fc.integer({ min: MIN, max: MAX }), (ms) => {
      const s = new Date(ms).toISOString();
      expect(instantMs(s)).toBe(ms);
    }), { numRuns: 5000 });
  });

  it('[DL4] strings of the same width with any digit or separator changed', () => {
    const chars = fc.constantFrom(...'0123456789-:.TZ+ x'.split(''));
    fc.assert(fc.property(iso, fc.array(fc.tuple(fc.integer({ min: 0, max: 23 }), chars), { minLength: 1, maxLength: 3 }), (s, edits) => {
      const a = s.split('');
      for (const [i, ch] of edits) a[i] = ch;
      const t = a.join('');
      expect(Object.is(instantMs(t), Date.parse(t))).toBe(true);
    }), { numRuns: 5000 });
  });

  it('[DL4] impossible and edge dates fall to Date.parse', () => {
    for (const s of ['2025-02-29T00:00:00.000Z', '2024-02-29T12:00:00.000Z', '2100-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z',
      '2025-04-31T00:00:00.000Z', '2025-12-31T23:59:59.999Z', '2025-01-01T24:00:00.000Z', '2025-13-01T00:00:00.000Z', '2025-00-10T00:00:00.000Z',
      '2025-01-00T00:00:00.000Z', '2025-01-01T00:60:00.000Z', '2025-01-01T00:00:60.000Z', '2025-01-01T00:00:00.000+', '2025-06-01T08:00:00+08:00',
      '2025-06-01', '', 'not a date at all, 24 ch']) {
      expect(Object.is(instantMs(s), Date.parse(s)), s).toBe(true);
    }
  });

  it('[DL4] a clock started from a string: same deadline as before, unreadable still clock.bad_start', () => {
    const rule = ruleAt(DEFAULT_POLICY, 'repair.restore.urban', new Date(0))!;
    const now = new Date('2025-03-05T00:00:00.000Z');
    // Date.parse rolls Feb 30 over to Mar 2; the clock keeps doing what it did.
    expect(evaluateClock(rule, { start: '2025-02-30T00:00:00.000Z' }, now).deadline).toEqual(new Date('2025-03-02T00:45:00.000Z'));
    expect(evaluateClock(rule, { start: '2025-02-32T00:00:00.000Z' }, now)).toMatchObject({ state: 'notStarted', problem: 'clock.bad_start' });
    expect(evaluateClock(rule, { start: '2025-03-01T10:00:00.000Z', stop: '2025-03-01T10:45:00.00xZ' }, now)).toMatchObject({ state: 'overdue', problem: 'clock.bad_stop' });
  });
});
