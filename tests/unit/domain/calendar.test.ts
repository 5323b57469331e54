import { describe, expect, it } from 'vitest';
import {
  OFFICIAL_CALENDAR,
  addCalendarDays,
  addWorkingDays,
  beijingDate,
  beijingInstant,
  endOfBeijingDay,
  isKnownDay,
  isWorkingDay,
  knownUntil,
  parseDay,
  workingDaysAfter,
  type WorkCalendar,
} from '../../../src/domain/calendar';

const iso = (d: Date) => d.toISOString();
const same = (expected: string) => new Date(expected).toISOString();

// Worked out by hand from the State Council notices (shared/calendar), weekday
// by weekday; never computed with the code under test. Each row: start instant,
// working days, expected end, and the reasoning.
const WORKED: ReadonlyArray<readonly [string, number, string, string]> = [
  // 2024 Spring Festival: off Feb 12–16 (Mon–Fri); make-up Sun Feb 4 and Sun Feb 18.
  ['2024-02-02T17:00:00+08:00', 1, '2024-02-04T23:59:59.999+08:00', 'Fri → Sat no, Sun Feb 4 make-up'],
  ['2024-02-08T10:00:00+08:00', 5, '2024-02-21T23:59:59.999+08:00', 'Feb 9, 18(Sun), 19, 20, 21'],
  // 2024 Qingming: off Apr 4–5; make-up Sun Apr 7.
  ['2024-04-03T09:00:00+08:00', 1, '2024-04-07T23:59:59.999+08:00', 'Apr 4–6 off, Sun Apr 7 make-up'],
  // 2024 Labour Day: off May 1–3; make-up Sun Apr 28 and Sat May 11.
  ['2024-04-26T16:00:00+08:00', 3, '2024-04-30T23:59:59.999+08:00', 'Apr 28(Sun), 29, 30'],
  ['2024-04-30T11:00:00+08:00', 7, '2024-05-13T23:59:59.999+08:00', 'May 6–10, 11(Sat), 13'],
  // 2024 Dragon Boat: off Mon Jun 10.
  ['2024-06-07T08:00:00+08:00', 1, '2024-06-11T23:59:59.999+08:00', 'Sat, Sun, Mon off → Tue'],
  // 2024 Mid-Autumn: off Sep 16–17; make-up Sat Sep 14.
  ['2024-09-13T15:00:00+08:00', 2, '2024-09-18T23:59:59.999+08:00', 'Sep 14(Sat), 18'],
  // 2024 National Day: off Oct 1–4 and 7; make-up Sun Sep 29, Sat Oct 12.
  ['2024-09-27T10:00:00+08:00', 10, '2024-10-16T23:59:59.999+08:00', 'Sep 29, 30, Oct 8–11, 12(Sat), 14–16'],
  // 2025 Spring Festival: off Jan 28–31, Feb 3–4; make-up Sun Jan 26, Sat Feb 8.
  ['2025-01-24T15:00:00+08:00', 1, '2025-01-26T23:59:59.999+08:00', 'Sun Jan 26 make-up'],
  ['2025-01-24T15:00:00+08:00', 5, '2025-02-07T23:59:59.999+08:00', 'Jan 26, 27, Feb 5, 6, 7'],
  ['2025-01-27T09:00:00+08:00', 5, '2025-02-10T23:59:59.999+08:00', 'Feb 5, 6, 7, 8(Sat), 10'],
  // 2025 Qingming: off Fri Apr 4.
  ['2025-04-03T09:00:00+08:00', 1, '2025-04-07T23:59:59.999+08:00', 'Apr 4 off, weekend → Mon'],
  // 2025 Labour Day: off May 1, 2, 5; make-up Sun Apr 27.
  ['2025-04-25T18:00:00+08:00', 5, '2025-05-06T23:59:59.999+08:00', 'Apr 27(Sun), 28, 29, 30, May 6'],
  // 2025 Dragon Boat: off Mon Jun 2.
  ['2025-05-30T12:00:00+08:00', 1, '2025-06-03T23:59:59.999+08:00', 'weekend, Jun 2 off → Tue'],
  // 2025 National Day + Mid-Autumn: off Oct 1–3, 6–8; make-up Sun Sep 28, Sat Oct 11.
  ['2025-09-26T10:00:00+08:00', 1, '2025-09-28T23:59:59.999+08:00', 'Sat no, Sun Sep 28 make-up'],
  ['2025-09-29T10:00:00+08:00', 5, '2025-10-13T23:59:59.999+08:00', 'Sep 30, Oct 9, 10, 11(Sat), 13'],
  ['2025-09-26T10:00:00+08:00', 10, '2025-10-16T23:59:59.999+08:00', 'Sep 28–30, Oct 9–11, 13–16'],
  // 2026 New Year: off Jan 1–2; make-up Sun Jan 4 (across the year boundary).
  ['2025-12-31T14:00:00+08:00', 1, '2026-01-04T23:59:59.999+08:00', 'Jan 1–2 off, Sat, Sun Jan 4 make-up'],
  // 2026 Spring Festival: off Feb 16–20, 23; make-up Sat Feb 14, Sat Feb 28.
  ['2026-02-13T09:00:00+08:00', 3, '2026-02-25T23:59:59.999+08:00', 'Feb 14(Sat), 24, 25'],
  ['2026-02-24T09:00:00+08:00', 5, '2026-03-02T23:59:59.999+08:00', 'Feb 25, 26, 27, 28(Sat), Mar 2'],
  ['2026-02-10T09:00:00+08:00', 15, '2026-03-09T23:59:59.999+08:00', 'Feb 11–14, 24–28, Mar 2–6, 9'],
  // 2026 Qingming: off Mon Apr 6.
  ['2026-04-03T09:00:00+08:00', 1, '2026-04-07T23:59:59.999+08:00', 'weekend, Apr 6 off → Tue'],
  // 2026 Labour Day: off May 1, 4, 5; make-up Sat May 9 (deadline lands on it).
  ['2026-04-30T09:00:00+08:00', 4, '2026-05-09T23:59:59.999+08:00', 'May 6, 7, 8, 9(Sat)'],
  // 2026 Dragon Boat: off Fri Jun 19.
  ['2026-06-18T09:00:00+08:00', 1, '2026-06-22T23:59:59.999+08:00', 'Jun 19 off, weekend → Mon'],
  // 2026 Mid-Autumn: off Fri Sep 25. National Day: off Oct 1–2, 5–7; make-up Sun Sep 20, Sat Oct 10.
  ['2026-09-18T09:00:00+08:00', 1, '2026-09-20T23:59:59.999+08:00', 'Sat no, Sun Sep 20 make-up'],
  ['2026-09-24T09:00:00+08:00', 1, '2026-09-28T23:59:59.999+08:00', 'Sep 25 off, weekend → Mon'],
  ['2026-09-30T09:00:00+08:00', 3, '2026-10-10T23:59:59.999+08:00', 'Oct 8, 9, 10(Sat)'],
];

describe('worked examples from the State Council notices', () => {
  for (const [start, n, expected, why] of WORKED) {
    it(`[CA2] ${n} working day(s) after ${start.slice(0, 10)} ends ${expected.slice(0, 10)} (${why})`, () => {
      const result = workingDaysAfter(new Date(start), n);
      expect(iso(result.deadline)).toBe(same(expected));
      expect(result.provisional).toBe(false);
      expect(iso(addWorkingDays(new Date(start), n))).toBe(same(expected));
    });
  }
});

describe('working days', () => {
  it('[CA1] make-up Saturdays and Sundays are working days; weekday holidays are not', () => {
    for (const d of ['2024-02-04', '2024-02-18', '2024-10-12', '2025-01-26', '2025-02-08', '2025-10-11', '2026-01-04', '2026-02-28', '2026-05-09']) {
      expect(isWorkingDay(d), d).toBe(true);
    }
    for (const d of ['2024-10-07', '2025-01-01', '2025-06-02', '2025-10-08', '2026-02-23', '2026-09-25', '2026-10-07']) {
      expect(isWorkingDay(d), d).toBe(false);
    }
    expect(isWorkingDay('2025-10-12')).toBe(false); // an ordinary Sunday
    expect(isWorkingDay('2025-10-09')).toBe(true); // an ordinary Thursday
  });

  it('[CA1] each year has the published number of working days (251, 248, 248)', () => {
    const published: Record<number, number> = { 2024: 251, 2025: 248, 2026: 248 };
    for (const [year, count] of Object.entries(published)) {
      let n = 0;
      const first = parseDay(`${year}-01-01`) as number;
      const last = parseDay(`${year}-12-31`) as number;
      for (let d = first; d <= last; d++) {
        if (isWorkingDay(new Date(d * 86_400_000).toISOString().slice(0, 10))) n += 1;
      }
      expect(n, year).toBe(count);
    }
  });

  it('[CA2] the start day never counts, even when it is a working day started at 00:00', () => {
    expect(iso(addWorkingDays(new Date('2025-10-09T00:00:00+08:00'), 1))).toBe(same('2025-10-10T23:59:59.999+08:00'));
    // Started on a holiday: the count begins on the next day all the same.
    expect(iso(addWorkingDays(new Date('2025-10-01T09:00:00+08:00'), 1))).toBe(same('2025-10-09T23:59:59.999+08:00'));
  });

  it('[CA2] zero working days is the end of the start day; negative or fractional counts throw', () => {
    expect(iso(addWorkingDays(new Date('2025-10-04T09:00:00+08:00'), 0))).toBe(same('2025-10-04T23:59:59.999+08:00'));
    expect(() => addWorkingDays(new Date('2025-10-04T09:00:00+08:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date('2025-10-04T09:00:00+08:00'), 1.5)).toThrow(RangeError);
  });

  it('[CA3] the Beijing date decides, not the UTC date', () => {
    // 16:30 UTC on Sep 30 is 00:30 on Oct 1 in Beijing.
    expect(beijingDate(new Date('2025-09-30T16:30:00Z'))).toBe('2025-10-01');
    expect(beijingDate(new Date('2025-09-30T15:59:59.999Z'))).toBe('2025-09-30');
    // Tue Sep 30 late evening in Beijing: 1 working day is Oct 9. Just after midnight (Oct 1): still Oct 9.
    expect(iso(addWorkingDays(new Date('2025-09-30T15:30:00Z'), 2))).toBe(same('2025-10-10T23:59:59.999+08:00'));
    expect(iso(addWorkingDays(new Date('2025-09-30T16:30:00Z'), 2))).toBe(same('2025-10-10T23:59:59.999+08:00'));
    // Mon Sep 29 23:30 Beijing vs Tue Sep 30 00:30 Beijing: one working day apart.
    expect(iso(addWorkingDays(new Date('2025-09-29T15:30:00Z'), 1))).toBe(same('2025-09-30T23:59:59.999+08:00'));
    expect(iso(addWorkingDays(new Date('2025-09-29T16:30:00Z'), 1))).toBe(same('2025-10-09T23:59:59.999+08:00'));
  });

  it('[CA3] Beijing wall-clock helpers', () => {
    expect(iso(beijingInstant('2025-10-07', 16, 0))).toBe(same('2025-10-07T16:00:00+08:00'));
    expect(iso(endOfBeijingDay('2024-02-29'))).toBe(same('2024-02-29T23:59:59.999+08:00'));
    expect(parseDay('2025-02-29')).toBeNull();
    expect(parseDay('2025-2-1')).toBeNull();
    expect(() => isWorkingDay('2025-13-01')).toThrow(RangeError);
  });

  it('[CA7] calendar days ignore holidays and do not count the start day', () => {
    expect(iso(addCalendarDays(new Date('2025-09-30T10:00:00+08:00'), 5))).toBe(same('2025-10-05T23:59:59.999+08:00'));
    expect(iso(addCalendarDays(new Date('2025-09-30T16:30:00Z'), 1))).toBe(same('2025-10-02T23:59:59.999+08:00'));
  });
});

describe('beyond the calendar', () => {
  it('[CA4] knownUntil is Dec 31 of the last year held; null for an empty calendar', () => {
    expect(knownUntil(OFFICIAL_CALENDAR)).toBe('2026-12-31');
    expect(knownUntil({ years: {} })).toBeNull();
    expect(isKnownDay('2026-12-31')).toBe(true);
    expect(isKnownDay('2027-01-01')).toBe(false);
  });

  it('[CA4] a count that reaches into an unknown year assumes Mon–Fri and is provisional', () => {
    // Wed 2026-12-30: Thu Dec 31 (known) = 1, then 2027 is unknown: Fri Jan 1 = 2, Mon 4, Tue 5, Wed 6 = 5.
    const r = workingDaysAfter(new Date('2026-12-30T10:00:00+08:00'), 5);
    expect(iso(r.deadline)).toBe(same('2027-01-06T23:59:59.999+08:00'));
    expect(r.provisional).toBe(true);
    const inside = workingDaysAfter(new Date('2026-12-30T10:00:00+08:00'), 1);
    expect(iso(inside.deadline)).toBe(same('2026-12-31T23:59:59.999+08:00'));
    expect(inside.provisional).toBe(false);
  });

  it('[CA4] repeated counts give the same answer, also before 1970 (negative day numbers)', () => {
    // Tue 1969-12-30 + 1 = Wed Dec 31, outside every known year.
    for (let i = 0; i < 2; i++) {
      const r = workingDaysAfter(new Date('1969-12-30T10:00:00+08:00'), 1);
      expect(iso(r.deadline)).toBe(same('1969-12-31T23:59:59.999+08:00'));
      expect(r.provisional).toBe(true);
    }
    for (let i = 0; i < 2; i++) {
      const r = workingDaysAfter(new Date('2025-09-26T10:00:00+08:00'), 10);
      expect([iso(r.deadline), r.provisional]).toEqual([same('2025-10-16T23:59:59.999+08:00'), false]);
    }
  });

  it('[CA4] a calendar without a year treats its holidays as ordinary days, provisionally', () => {
    const only2024: WorkCalendar = { years: { '2024': OFFICIAL_CALENDAR.years['2024']! } };
    // Without 2025's notice, Oct 1 2025 (Wed) counts as a working day.
    const r = workingDaysAfter(new Date('2025-09-30T10:00:00+08:00'), 1, only2024);
    expect(iso(r.deadline)).toBe(same('2025-10-01T23:59:59.999+08:00'));
    expect(r.provisional).toBe(true);
    expect(isWorkingDay('2025-10-01', only2024)).toBe(true);
    expect(isWorkingDay('2025-10-01')).toBe(false);
  });
});
