import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  OFFICIAL_CALENDAR,
  WorkCalendarSchema,
  addWorkingDays,
  importCalendarYear,
  isWorkingDay,
  knownUntil,
  workingDaysAfter,
} from '../../../src/domain/calendar';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const iso = (d: Date) => d.toISOString();

// A made-up 2027 for tests only (no notice existed when this was written):
// Fri Jan 1 off; Sat Jan 9 a make-up working day.
const fake2027 = { year: 2027, off: ['2027-01-01'], workdays: ['2027-01-09'], notice: 'test only' };

describe('importing a year', () => {
  it('[CA5] adding a new year extends knownUntil and makes its deadlines final', () => {
    const r = importCalendarYear(OFFICIAL_CALENDAR, fake2027);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.replaced).toBe(false);
    expect(knownUntil(r.calendar)).toBe('2027-12-31');
    // Wed 2026-12-30: Dec 31 = 1, Jan 1 off, Jan 4–8 = 2..6, Sat Jan 9 = 7.
    const res = workingDaysAfter(new Date('2026-12-30T10:00:00+08:00'), 7, r.calendar);
    expect(iso(res.deadline)).toBe(new Date('2027-01-09T23:59:59.999+08:00').toISOString());
    expect(res.provisional).toBe(false);
    // The input calendar is unchanged.
    expect(knownUntil(OFFICIAL_CALENDAR)).toBe('2026-12-31');
  });

  it('[CA5] an imported year replaces the shipped one entirely, not merged', () => {
    const r = importCalendarYear(OFFICIAL_CALENDAR, { year: 2025, off: ['2025-10-09'], workdays: [] });
    expect(r.ok && r.replaced).toBe(true);
    if (!r.ok) return;
    expect(isWorkingDay('2025-10-01', r.calendar)).toBe(true); // shipped holiday gone
    expect(isWorkingDay('2025-10-09', r.calendar)).toBe(false); // imported holiday
    expect(isWorkingDay('2025-10-11', r.calendar)).toBe(false); // shipped make-up Saturday gone
    expect(isWorkingDay('2024-10-01', r.calendar)).toBe(false); // other years untouched
    expect(iso(addWorkingDays(new Date('2025-09-30T10:00:00+08:00'), 1, r.calendar))).toBe(
      new Date('2025-10-01T23:59:59.999+08:00').toISOString(),
    );
    expect(isWorkingDay('2025-10-01')).toBe(false);
  });

  it('[CA5] duplicates are dropped and lists sorted', () => {
    const r = importCalendarYear({ years: {} }, { year: 2027, off: ['2027-02-10', '2027-01-01', '2027-01-01'], workdays: [] });
    expect(r.ok && r.calendar.years['2027']?.off).toEqual(['2027-01-01', '2027-02-10']);
  });

  const bad: ReadonlyArray<readonly [string, unknown, string]> = [
    ['not an object', 'hello', 'calendar.invalid_input'],
    ['missing workdays', { year: 2027, off: [] }, 'calendar.invalid_input'],
    ['year not an integer', { year: 2027.5, off: [], workdays: [] }, 'calendar.invalid_input'],
    ['year out of range', { year: 1900, off: [], workdays: [] }, 'calendar.bad_year'],
    ['impossible date', { year: 2027, off: ['2027-02-29'], workdays: [] }, 'calendar.bad_date'],
    ['malformed date', { year: 2027, off: ['2027/01/01'], workdays: [] }, 'calendar.bad_date'],
    ['date of another year', { year: 2027, off: ['2026-12-31'], workdays: [] }, 'calendar.date_outside_year'],
    ['same date off and working', { year: 2027, off: ['2027-01-09'], workdays: ['2027-01-09'] }, 'calendar.date_in_both_lists'],
    ['make-up day on a weekday', { year: 2027, off: [], workdays: ['2027-01-08'] }, 'calendar.workday_not_weekend'],
  ];
  for (const [what, input, reason] of bad) {
    it(`[CA5] refuses ${what} with ${reason}`, () => {
      const r = importCalendarYear(OFFICIAL_CALENDAR, input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toBe(reason);
    });
  }
});

describe('the shipped calendar data', () => {
  it('[CA6] every shipped year names its notice and passes the same checks as a chief’s import', () => {
    expect(WorkCalendarSchema.safeParse(OFFICIAL_CALENDAR).success).toBe(true);
    for (const [year, data] of Object.entries(OFFICIAL_CALENDAR.years)) {
      expect(data.notice, year).toMatch(/国办发明电/);
      const r = importCalendarYear({ years: {} }, { year: Number(year), off: data.off, workdays: data.workdays });
      expect(r.ok, year).toBe(true);
      if (r.ok) expect(r.calendar.years[year]?.off).toEqual([...data.off].sort());
    }
  });

  it('[CA6] the project data holds exactly the facts of shared/calendar', () => {
    const shared = JSON.parse(readFileSync(resolve(root, '../shared/calendar/cn-holidays-2024-2026.json'), 'utf8')) as {
      years: Record<string, { off: string[]; workdays: string[] }>;
    };
    expect(Object.keys(OFFICIAL_CALENDAR.years).sort()).toEqual(Object.keys(shared.years).sort());
    for (const [year, facts] of Object.entries(shared.years)) {
      expect([...OFFICIAL_CALENDAR.years[year]!.off].sort(), year).toEqual([...facts.off].sort());
      expect([...OFFICIAL_CALENDAR.years[year]!.workdays].sort(), year).toEqual([...facts.workdays].sort());
    }
  });
});
