/**
 * China's official working-day calendar and Beijing-time date math.
 * Rules: src/domain/SPEC.md, section "Calendar [CA*]".
 *
 * Every date here is a Beijing (Asia/Shanghai) calendar date. China has had no
 * DST since 1991, so Beijing time is UTC+8 exactly and all math is done on UTC
 * milliseconds shifted by 8 h; local-time Date methods would follow the
 * device's zone, which is wrong for a lineman whose phone says Europe/Berlin.
 */
import officialData from './calendar-data/cn-official.json';

export interface CalendarYear {
  /** Statutory holidays on Monday–Friday, 'YYYY-MM-DD'. */
  readonly off: readonly string[];
  /** Weekend days declared working days (调休上班), 'YYYY-MM-DD'. */
  readonly workdays: readonly string[];
  /** Where the facts come from (notice number and date); shown to the chief. */
  readonly notice?: string;
}

export interface WorkCalendar {
  /** Keyed by the year as a string, e.g. '2025'. */
  readonly years: Readonly<Record<string, CalendarYear>>;
}

export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function freezeCalendar(years: Record<string, CalendarYear>): WorkCalendar {
  const frozen: Record<string, CalendarYear> = {};
  for (const [y, v] of Object.entries(years)) {
    frozen[y] = Object.freeze({
      off: Object.freeze([...v.off]),
      workdays: Object.freeze([...v.workdays]),
      ...(v.notice !== undefined ? { notice: v.notice } : {}),
    });
  }
  return Object.freeze({ years: Object.freeze(frozen) });
}

/** The calendar shipped with the app (2024–2026 from the State Council notices). */
export const OFFICIAL_CALENDAR: WorkCalendar = freezeCalendar(
  (officialData as { years: Record<string, CalendarYear> }).years,
);

// ---------------------------------------------------------------------------
// Day numbers: days since 1970-01-01 in Beijing. Integers make the hot loops
// (50,000 items per evaluation pass) cheap and zone-proof.

/** Parses 'YYYY-MM-DD' into a day number, or null when it is not a real date. */
export function parseDay(day: string): number | null {
  const m = DATE_RE.exec(day);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  // Date.UTC rolls 02-30 over into March; a round trip catches it.
  if (formatDay(ms / DAY_MS) !== day) return null;
  return ms / DAY_MS;
}

/** Day number of a proleptic Gregorian date (y, month 1–12, day 1–31), without a Date. */
function civilDay(y: number, mo: number, d: number): number {
  // Howard Hinnant's days_from_civil: years start in March, so Feb 29 is the last day of one.
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};

/**
 * Milliseconds of an instant string, exactly as `Date.parse` reads it. The form every
 * stored instant has (toISOString: 'YYYY-MM-DDTHH:MM:SS.sssZ') is read digit by digit,
 * which is several times cheaper than Date.parse on the 50,000-item evaluation pass; any
 * other form, or a field out of range, goes to Date.parse.
 */
export function instantMs(s: string): number {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 /* Z */ || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84
    || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46) return Date.parse(s);
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const mo = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  const h = digit(s, 11) * 10 + digit(s, 12);
  const mi = digit(s, 14) * 10 + digit(s, 15);
  const sec = digit(s, 17) * 10 + digit(s, 18);
  const ms = digit(s, 20) * 100 + digit(s, 21) * 10 + digit(s, 22);
  // NaN (a non-digit) fails every comparison below. 24:00 and Feb 30 are left to Date.parse:
  // engines differ there (V8 rolls Feb 30 over to Mar 2, the standard says NaN).
  if (!(mo >= 1 && mo <= 12 && d >= 1 && h <= 23 && mi <= 59 && sec <= 59 && ms >= 0 && y >= 0)) {
    return Date.parse(s);
  }
  const maxDay = mo === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  if (d > maxDay) return Date.parse(s);
  return civilDay(y, mo, d) * DAY_MS + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
}

/** 'YYYY-MM-DD' for a day number. toISOString is UTC, so the device zone cannot leak in. */
export function formatDay(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** Beijing day number of an instant. */
export function dayNumberOf(instant: Date): number {
  return Math.floor((instant.getTime() + BEIJING_OFFSET_MS) / DAY_MS);
}

/** The Beijing calendar date of an instant, 'YYYY-MM-DD'. */
export function beijingDate(instant: Date): string {
  return formatDay(dayNumberOf(instant));
}

/** First instant (00:00:00.000 +08:00) of a Beijing day number. */
export function startOfDayNumber(dayNumber: number): Date {
  return new Date(dayNumber * DAY_MS - BEIJING_OFFSET_MS);
}

/** Last instant (23:59:59.999 +08:00) of a Beijing day number. */
export function endOfDayNumber(dayNumber: number): Date {
  return new Date((dayNumber + 1) * DAY_MS - BEIJING_OFFSET_MS - 1);
}

/** Last instant of the Beijing date 'YYYY-MM-DD'; throws on a malformed date (a programming error). */
export function endOfBeijingDay(day: string): Date {
  return endOfDayNumber(requireDay(day));
}

/** The instant of a Beijing wall-clock time, e.g. beijingInstant('2025-11-07', 16, 0). */
export function beijingInstant(day: string, hour: number, minute = 0): Date {
  return new Date(requireDay(day) * DAY_MS - BEIJING_OFFSET_MS + (hour * 60 + minute) * 60_000);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Year of a day number, computed through UTC so it never depends on the zone. */
export function yearOfDayNumber(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCFullYear();
}

function requireDay(day: string): number {
  const n = parseDay(day);
  if (n === null) throw new RangeError(`not a date 'YYYY-MM-DD': ${day}`);
  return n;
}

// ---------------------------------------------------------------------------
// Compiled view of a calendar, cached per calendar object. Calendars are
// immutable values (import returns a new one), so the cache never goes stale.

interface CompiledCalendar {
  /** Day number of table[0]: Jan 1 of the first known year. */
  readonly firstDay: number;
  /** Per day from firstDay to the last known Dec 31: KNOWN | WORKING bits. */
  readonly table: Uint8Array;
  /** Last known day number, or -Infinity for an empty calendar. */
  readonly lastKnownDay: number;
  /**
   * (start day, n) → end day × 2 + provisional. Items cluster on few start
   * days (a station opens a few dozen a day), so most counts are repeats.
   */
  readonly memo: Map<number, number>;
}

const KNOWN = 1;
const WORKING = 2;

const compiledCache = new WeakMap<WorkCalendar, CompiledCalendar>();

function isWeekday(d: number): boolean {
  const wd = weekdayOfDayNumber(d);
  return wd !== 0 && wd !== 6;
}

// A flat byte table instead of sets: the working-day loop runs for every item
// on every evaluation pass, and a typed-array read is the cheapest lookup.
function compile(calendar: WorkCalendar): CompiledCalendar {
  const cached = compiledCache.get(calendar);
  if (cached) return cached;
  const years = Object.keys(calendar.years).map(Number);
  if (years.length === 0) {
    const empty: CompiledCalendar = { firstDay: 0, table: new Uint8Array(0), lastKnownDay: -Infinity, memo: new Map() };
    compiledCache.set(calendar, empty);
    return empty;
  }
  const firstDay = requireDay(`${String(Math.min(...years)).padStart(4, '0')}-01-01`);
  const lastKnownDay = requireDay(`${String(Math.max(...years)).padStart(4, '0')}-12-31`);
  const table = new Uint8Array(lastKnownDay - firstDay + 1);
  for (const [y, v] of Object.entries(calendar.years)) {
    const from = requireDay(`${y.padStart(4, '0')}-01-01`);
    const to = requireDay(`${y.padStart(4, '0')}-12-31`);
    for (let d = from; d <= to; d++) table[d - firstDay] = KNOWN | (isWeekday(d) ? WORKING : 0);
    for (const day of v.off) table[requireDay(day) - firstDay] = KNOWN;
    for (const day of v.workdays) table[requireDay(day) - firstDay] = KNOWN | WORKING;
  }
  const compiled: CompiledCalendar = { firstDay, table, lastKnownDay, memo: new Map() };
  compiledCache.set(calendar, compiled);
  return compiled;
}

/** KNOWN | WORKING flags of a day; outside the table, Monday–Friday and unknown ([CA4]). */
function flagsOf(c: CompiledCalendar, d: number): number {
  const i = d - c.firstDay;
  if (i >= 0 && i < c.table.length) {
    const f = c.table[i] as number;
    if (f & KNOWN) return f;
  }
  return isWeekday(d) ? WORKING : 0;
}

/**
 * [CA1] Whether a Beijing date is a working day. Outside the calendar's years
 * it falls back to Monday–Friday ([CA4]); use `isKnownDay` to tell.
 */
export function isWorkingDay(day: string, calendar: WorkCalendar = OFFICIAL_CALENDAR): boolean {
  return (flagsOf(compile(calendar), requireDay(day)) & WORKING) !== 0;
}

/** Whether the calendar holds the notice for the year of this Beijing date. */
export function isKnownDay(day: string, calendar: WorkCalendar = OFFICIAL_CALENDAR): boolean {
  return (flagsOf(compile(calendar), requireDay(day)) & KNOWN) !== 0;
}

/** [CA4] Last day the calendar knows (Dec 31 of its last year), or null when it holds no year. */
export function knownUntil(calendar: WorkCalendar = OFFICIAL_CALENDAR): string | null {
  const last = compile(calendar).lastKnownDay;
  return last === -Infinity ? null : formatDay(last);
}

export interface WorkingDaysResult {
  /** 23:59:59.999 +08:00 of the n-th working day after the start date. */
  readonly deadline: Date;
  /**
   * [CA4] True when a day counted lies in a year the calendar does not hold,
   * so a later notice may move the deadline.
   */
  readonly provisional: boolean;
}

const MEMO_MAX_N = 4096;
const MEMO_LIMIT = 100_000;

/** [CA2] n working days after the Beijing date of `start`, with the provisional flag. */
export function workingDaysAfter(
  start: Date,
  n: number,
  calendar: WorkCalendar = OFFICIAL_CALENDAR,
): WorkingDaysResult {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  const c = compile(calendar);
  const startDay = dayNumberOf(start);
  const key = n < MEMO_MAX_N ? startDay * MEMO_MAX_N + n : NaN;
  const hit = c.memo.get(key);
  if (hit !== undefined) {
    const endDay = Math.floor(hit / 2);
    return { deadline: endOfDayNumber(endDay), provisional: hit - endDay * 2 === 1 };
  }
  let d = startDay;
  let counted = 0;
  let provisional = false;
  while (counted < n) {
    d += 1;
    const f = flagsOf(c, d);
    if ((f & KNOWN) === 0) provisional = true;
    if (f & WORKING) counted += 1;
  }
  if (!Number.isNaN(key)) {
    if (c.memo.size >= MEMO_LIMIT) c.memo.clear();
    c.memo.set(key, d * 2 + (provisional ? 1 : 0));
  }
  return { deadline: endOfDayNumber(d), provisional };
}

/** [CA2] End (23:59:59.999 +08:00) of the n-th working day after the Beijing date of `start`. */
export function addWorkingDays(start: Date, n: number, calendar: WorkCalendar = OFFICIAL_CALENDAR): Date {
  return workingDaysAfter(start, n, calendar).deadline;
}

/** End of the n-th calendar day after the Beijing date of `start` (same counting as [CA2]). */
export function addCalendarDays(start: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`calendar days must be a whole number ≥ 0: ${n}`);
  return endOfDayNumber(dayNumberOf(start) + n);
}

export { importCalendarYear, CalendarYearInputSchema, WorkCalendarSchema } from './calendar-import';
export type { CalendarImportResult, CalendarImportReason } from './calendar-import';
