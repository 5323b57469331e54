/**
 * Reading the file a chief has for a year's holidays: JSON as the app ships it,
 * or a plain list (CSV or text, as typed or exported from a spreadsheet) with
 * one date per line and its kind. Rule: SPEC.md [CA9].
 */
import { parseDay, weekdayOfDayNumber, yearOfDayNumber, type WorkCalendar } from './calendar';
import { importCalendarYear, type CalendarImportReason } from './calendar-import';

export type CalendarFileReason =
  | 'calendarFile.empty'
  | 'calendarFile.too_big'
  | 'calendarFile.bad_json'
  | 'calendarFile.bad_line'
  | 'calendarFile.bad_date'
  | 'calendarFile.bad_kind'
  | 'calendarFile.many_years'
  | 'calendarFile.no_year';

export interface CalendarYearInput {
  readonly year: number;
  readonly off: readonly string[];
  readonly workdays: readonly string[];
  readonly notice?: string;
}

export type CalendarFileResult =
  | { readonly ok: true; readonly input: CalendarYearInput; readonly lineOf: ReadonlyMap<string, number> }
  | { readonly ok: false; readonly reason: CalendarFileReason | CalendarImportReason; readonly line?: number; readonly detail?: string };

// A year's notice lists a few dozen days; 200 kB is far beyond any real file.
const MAX_CHARS = 200_000;

const OFF_WORDS = ['off', 'holiday', 'rest', '休', '休息', '假', '放假', '节假日', '假日', '節假日'];
const WORK_WORDS = ['work', 'workday', 'working', 'working day', '班', '上班', '补班', '補班', '调休上班', '調休上班'];
const NOTICE_WORDS = ['notice', '通知', '文号', '文號'];

const DATE_SHAPE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

/** 'YYYY-MM-DD' from the ways a spreadsheet writes a date (2027/1/1, 2027.01.01, 2027年1月1日). */
export function normalizeDate(text: string): string | null {
  const m = DATE_SHAPE.exec(text.trim());
  if (!m) return null;
  const day = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return parseDay(day) === null ? null : day;
}

const looksLikeDate = (text: string) => /^\d{4}\s*[-/.年]/.test(text.trim());

function kindOf(word: string): 'off' | 'work' | null {
  const w = word.trim().toLowerCase();
  if (OFF_WORDS.includes(w)) return 'off';
  if (WORK_WORDS.includes(w)) return 'work';
  return null;
}

const unquote = (s: string) => s.trim().replace(/^"([\s\S]*)"$/, '$1').replace(/""/g, '"').trim();

const DELIMS = new Set([',', '\t', ';', '，', '；']);

/**
 * The fields of a line: split at commas, tabs or semicolons outside quotes (CSV,
 * a spreadsheet's export), or at spaces when the line has none ("2027-01-01 休").
 */
function fieldsOf(line: string): string[] {
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  let delimited = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && DELIMS.has(ch)) {
      fields.push(cur);
      cur = '';
      delimited = true;
    } else cur += ch;
  }
  fields.push(cur);
  if (delimited) return fields.map(unquote);
  return line.trim().split(/\s+/).map(unquote);
}

interface Collected {
  off: Map<string, number>;
  work: Map<string, number>;
  notice?: string;
}

function fromLines(text: string): CalendarFileResult | Collected {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Collected = { off: new Map(), work: new Map() };
  let seenContent = false;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#') || /^[,;\t，；\s]*$/.test(raw)) continue;
    const first = !seenContent;
    seenContent = true;
    const [fa = '', fb = ''] = fieldsOf(raw);
    if (NOTICE_WORDS.includes(fa.toLowerCase())) {
      out.notice = unquote(raw.replace(/^\s*"?[^,\t;，；\s"]+"?\s*[,\t;，；]?/, '')).slice(0, 200);
      continue;
    }
    // Date then kind, or kind then date.
    const [dateText, kindText] = looksLikeDate(fa) ? [fa, fb] : looksLikeDate(fb) ? [fb, fa] : [null, null];
    if (dateText === null) {
      // A header row ("日期,类型" / "date,kind") may open the file; anything else is a mistake.
      if (first) continue;
      return { ok: false, reason: 'calendarFile.bad_line', line: lineNo, detail: raw.slice(0, 80) };
    }
    const day = normalizeDate(dateText);
    if (day === null) return { ok: false, reason: 'calendarFile.bad_date', line: lineNo, detail: dateText.slice(0, 40) };
    const kind = kindOf(kindText ?? '');
    if (kind === null) return { ok: false, reason: 'calendarFile.bad_kind', line: lineNo, detail: (kindText ?? '').slice(0, 40) };
    (kind === 'off' ? out.off : out.work).set(day, lineNo);
  }
  return out;
}

function fromJson(text: string): CalendarFileResult | (Collected & { year?: number }) {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'calendarFile.bad_json' };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, reason: 'calendarFile.bad_json' };
  const d = data as Record<string, unknown>;
  const out: Collected & { year?: number } = { off: new Map(), work: new Map() };
  const year = typeof d.year === 'string' && /^\d{4}$/.test(d.year) ? Number(d.year) : d.year;
  if (year !== undefined) {
    if (typeof year !== 'number' || !Number.isInteger(year)) return { ok: false, reason: 'calendar.bad_year', detail: String(d.year).slice(0, 40) };
    out.year = year;
  }
  for (const [key, target] of [
    ['off', out.off],
    ['workdays', out.work],
  ] as const) {
    const list = d[key] ?? [];
    if (!Array.isArray(list)) return { ok: false, reason: 'calendar.invalid_input', detail: key };
    for (const v of list) {
      const day = typeof v === 'string' ? normalizeDate(v) : null;
      if (day === null) return { ok: false, reason: 'calendarFile.bad_date', detail: String(v).slice(0, 40) };
      target.set(day, 0);
    }
  }
  if (typeof d.notice === 'string' && d.notice.trim() !== '') out.notice = d.notice.trim().slice(0, 200);
  return out;
}

/**
 * [CA9] Parses a calendar file into the input of importCalendarYear. The year
 * comes from the JSON's `year` or from the dates (all in one year). Holidays on
 * a Saturday or Sunday are dropped: they change nothing ([CA1]).
 */
export function parseCalendarFile(text: string): CalendarFileResult {
  if (text.length > MAX_CHARS) return { ok: false, reason: 'calendarFile.too_big' };
  // Not trimmed: line numbers in reasons must match what the chief sees in the file.
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, reason: 'calendarFile.empty' };
  const got = /^[[{]/.test(body.trimStart()) ? fromJson(body) : fromLines(body);
  if ('ok' in got) return got;
  const line = (day: string) => (got.off.get(day) || got.work.get(day) || undefined);
  const all = [...got.off.keys(), ...got.work.keys()];
  if (all.length === 0) return { ok: false, reason: 'calendarFile.empty' };
  let year = 'year' in got && typeof got.year === 'number' ? got.year : undefined;
  for (const day of all) {
    const y = yearOfDayNumber(parseDay(day)!);
    if (year === undefined) year = y;
    if (y !== year) {
      const reason = 'year' in got && got.year !== undefined ? 'calendar.date_outside_year' : 'calendarFile.many_years';
      return { ok: false, reason, detail: day, ...(line(day) ? { line: line(day) } : {}) };
    }
  }
  if (year === undefined) return { ok: false, reason: 'calendarFile.no_year' };
  for (const day of got.work.keys()) {
    if (got.off.has(day)) return { ok: false, reason: 'calendar.date_in_both_lists', detail: day, ...(line(day) ? { line: got.work.get(day) } : {}) };
  }
  const off = [...got.off.keys()].filter((day) => {
    const wd = weekdayOfDayNumber(parseDay(day)!);
    return wd !== 0 && wd !== 6;
  });
  const lineOf = new Map<string, number>();
  for (const [day, n] of [...got.off, ...got.work]) if (n > 0) lineOf.set(day, n);
  return {
    ok: true,
    input: { year, off: off.sort(), workdays: [...got.work.keys()].sort(), ...(got.notice ? { notice: got.notice } : {}) },
    lineOf,
  };
}

export interface CalendarFilePreview {
  readonly year: number;
  /** Holidays on working weekdays (the days that move deadlines). */
  readonly off: number;
  /** Make-up working days (调休上班). */
  readonly workdays: number;
  readonly notice?: string;
  /** What the calendar held for that year before, when the import replaces it ([CA5]). */
  readonly replacing: { readonly off: number; readonly workdays: number; readonly notice?: string } | null;
}

export type CalendarFileRead =
  | { readonly ok: true; readonly input: CalendarYearInput; readonly preview: CalendarFilePreview; readonly calendar: WorkCalendar }
  | { readonly ok: false; readonly reason: CalendarFileReason | CalendarImportReason; readonly line?: number; readonly detail?: string };

/** [CA9] Parses and checks a file against the station's calendar: what saving it would change. */
export function readCalendarFile(calendar: WorkCalendar, text: string): CalendarFileRead {
  const parsed = parseCalendarFile(text);
  if (!parsed.ok) return parsed;
  const r = importCalendarYear(calendar, parsed.input);
  if (!r.ok) {
    const line = r.detail !== undefined ? parsed.lineOf.get(r.detail) : undefined;
    return { ok: false, reason: r.reason, ...(r.detail !== undefined ? { detail: r.detail } : {}), ...(line ? { line } : {}) };
  }
  const before = calendar.years[String(parsed.input.year)];
  const y = r.calendar.years[String(parsed.input.year)]!;
  return {
    ok: true,
    input: parsed.input,
    calendar: r.calendar,
    preview: {
      year: parsed.input.year,
      off: y.off.length,
      workdays: y.workdays.length,
      ...(y.notice !== undefined ? { notice: y.notice } : {}),
      replacing: before ? { off: before.off.length, workdays: before.workdays.length, ...(before.notice !== undefined ? { notice: before.notice } : {}) } : null,
    },
  };
}
