import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OFFICIAL_CALENDAR,
  addWorkingDays,
  beijingDate,
  dayNumberOf,
  formatDay,
  importCalendarYear,
  isWorkingDay,
  workingDaysAfter,
  type WorkCalendar,
} from '../../../src/domain/calendar';

const DAY = 86_400_000;
// Starts from before the calendar to after it, so both known and provisional counting are exercised.
const startArb = fc.integer({ min: Date.UTC(2023, 9, 1), max: Date.UTC(2027, 2, 1) }).map((ms) => new Date(ms));
const nArb = fc.integer({ min: 0, max: 40 });

// Random calendars: whatever the chief imports, the counting laws still hold.
const randomYearArb = fc
  .record({
    year: fc.constantFrom(2024, 2025, 2026),
    offIdx: fc.uniqueArray(fc.integer({ min: 0, max: 364 }), { maxLength: 40 }),
    workIdx: fc.uniqueArray(fc.integer({ min: 0, max: 364 }), { maxLength: 20 }),
  })
  .map(({ year, offIdx, workIdx }) => {
    const first = Date.UTC(year, 0, 1) / DAY;
    const off = offIdx.map((i) => formatDay(first + i));
    const workdays = workIdx
      .map((i) => first + i)
      .filter((d) => {
        const wd = new Date(d * DAY).getUTCDay();
        return wd === 0 || wd === 6;
      })
      .map(formatDay)
      .filter((d) => !off.includes(d));
    return { year, off, workdays };
  });
const calendarArb = randomYearArb.map((input): WorkCalendar => {
  const r = importCalendarYear(OFFICIAL_CALENDAR, input);
  if (!r.ok) throw new Error(`generator made an invalid year: ${r.reason}`);
  return r.calendar;
});
const anyCalendarArb = fc.oneof(fc.constant(OFFICIAL_CALENDAR), calendarArb);

describe('working-day properties', () => {
  it('[CA2] more days never gives an earlier deadline, nor does a later start', () => {
    fc.assert(
      fc.property(anyCalendarArb, startArb, nArb, nArb, fc.integer({ min: 0, max: 20 * DAY }), (cal, start, a, b, shift) => {
        const [n, m] = a <= b ? [a, b] : [b, a];
        expect(addWorkingDays(start, n, cal).getTime()).toBeLessThanOrEqual(addWorkingDays(start, m, cal).getTime());
        const later = new Date(start.getTime() + shift);
        expect(addWorkingDays(start, n, cal).getTime()).toBeLessThanOrEqual(addWorkingDays(later, n, cal).getTime());
        if (m > n) expect(addWorkingDays(start, n, cal).getTime()).toBeLessThan(addWorkingDays(start, m, cal).getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('[CA2] adding n then m working days equals adding n + m', () => {
    fc.assert(
      fc.property(anyCalendarArb, startArb, nArb, nArb, (cal, start, n, m) => {
        const stepwise = addWorkingDays(addWorkingDays(start, n, cal), m, cal);
        expect(stepwise.toISOString()).toBe(addWorkingDays(start, n + m, cal).toISOString());
      }),
      { numRuns: 300 },
    );
  });

  it('[CA1] [CA2] a working-day deadline ends a working day at 23:59:59.999 Beijing, with exactly n working days after the start date', () => {
    fc.assert(
      fc.property(anyCalendarArb, startArb, fc.integer({ min: 1, max: 40 }), (cal, start, n) => {
        const deadline = addWorkingDays(start, n, cal);
        const day = beijingDate(deadline);
        expect(isWorkingDay(day, cal)).toBe(true);
        // 23:59:59.999 Beijing is 15:59:59.999 UTC.
        expect(deadline.toISOString().slice(11)).toBe('15:59:59.999Z');
        let counted = 0;
        for (let d = dayNumberOf(start) + 1; d <= dayNumberOf(deadline); d++) {
          if (isWorkingDay(formatDay(d), cal)) counted += 1;
        }
        expect(counted).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('[CA4] a result is provisional exactly when a counted day lies outside the known years', () => {
    fc.assert(
      fc.property(startArb, nArb, (start, n) => {
        const r = workingDaysAfter(start, n);
        const touchesUnknown =
          n > 0 && (beijingDate(r.deadline) > '2026-12-31' || formatDay(dayNumberOf(start) + 1) < '2024-01-01');
        expect(r.provisional).toBe(touchesUnknown);
      }),
      { numRuns: 300 },
    );
  });
});
