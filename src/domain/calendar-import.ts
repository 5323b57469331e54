/**
 * The chief's import of one year of the official calendar ([CA5], [CA6]).
 * Kept apart from calendar.ts so the hot date math stays small.
 */
import { z } from 'zod';
import { lazily } from './lazy';
import { parseDay, weekdayOfDayNumber, yearOfDayNumber, type CalendarYear, type WorkCalendar } from './calendar';

/** Shape of an imported year; the same object the chief's screen and the server accept. */
export const CalendarYearInputSchema = lazily(() => z.object({
  year: z.number().int(),
  off: z.array(z.string()).max(366),
  workdays: z.array(z.string()).max(366),
  notice: z.string().max(200).optional(),
}));

/** A whole calendar as synced (shape only; each year is checked by importCalendarYear). */
export const WorkCalendarSchema = lazily(() => z.object({
  years: z.record(
    z.string().regex(/^\d{4}$/),
    z.object({ off: z.array(z.string()).max(366), workdays: z.array(z.string()).max(366), notice: z.string().max(200).optional() }),
  ),
}));

export type CalendarImportReason =
  | 'calendar.invalid_input'
  | 'calendar.bad_year'
  | 'calendar.bad_date'
  | 'calendar.date_outside_year'
  | 'calendar.date_in_both_lists'
  | 'calendar.workday_not_weekend';

export type CalendarImportResult =
  | { readonly ok: true; readonly calendar: WorkCalendar; readonly year: number; readonly replaced: boolean }
  | { readonly ok: false; readonly reason: CalendarImportReason; readonly detail?: string };

// The PRC calendar of statutory holidays exists from 1949; 2200 is only a sanity bound.
const MIN_YEAR = 1949;
const MAX_YEAR = 2200;

/**
 * [CA5] Validates one year and returns a new calendar in which it replaces the
 * shipped (or earlier imported) year; the input calendar is left untouched.
 */
export function importCalendarYear(calendar: WorkCalendar, input: unknown): CalendarImportResult {
  const parsed = CalendarYearInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'calendar.invalid_input', detail: parsed.error.issues[0]?.message };
  const { year, off, workdays, notice } = parsed.data;
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: 'calendar.bad_year', detail: String(year) };

  const offDays = new Set<string>();
  const workDays = new Set<string>();
  for (const [list, target] of [
    [off, offDays],
    [workdays, workDays],
  ] as const) {
    for (const day of list) {
      const n = parseDay(day);
      if (n === null) return { ok: false, reason: 'calendar.bad_date', detail: day };
      if (yearOfDayNumber(n) !== year) return { ok: false, reason: 'calendar.date_outside_year', detail: day };
      target.add(day);
    }
  }
  for (const day of workDays) {
    if (offDays.has(day)) return { ok: false, reason: 'calendar.date_in_both_lists', detail: day };
    // A make-up working day is by definition a weekend day; a weekday here is a typo.
    const wd = weekdayOfDayNumber(parseDay(day) as number);
    if (wd !== 0 && wd !== 6) return { ok: false, reason: 'calendar.workday_not_weekend', detail: day };
  }

  const key = String(year);
  const entry: CalendarYear = Object.freeze({
    off: Object.freeze([...offDays].sort()),
    workdays: Object.freeze([...workDays].sort()),
    ...(notice !== undefined ? { notice } : {}),
  });
  const replaced = Object.prototype.hasOwnProperty.call(calendar.years, key);
  const years = Object.freeze({ ...calendar.years, [key]: entry });
  return { ok: true, calendar: Object.freeze({ years }), year, replaced };
}
