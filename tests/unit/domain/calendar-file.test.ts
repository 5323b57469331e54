import { describe, expect, it } from 'vitest';
import { OFFICIAL_CALENDAR, isWorkingDay } from '../../../src/domain/calendar';
import { normalizeDate, parseCalendarFile, readCalendarFile } from '../../../src/domain/calendar-file';

// 2027 (made up for tests): Fri Jan 1 off; Sat Jan 2 / Sun Jan 3 also "休" in the
// notice's own wording; Sat Jan 9 a make-up working day.
const csv2027 = '\uFEFF日期,类型,名称\r\n2027-01-01,休,元旦\r\n2027/1/2,休,元旦\r\n2027年1月3日,休,元旦\r\n2027.1.9,班,\r\n';

describe('reading a calendar file', () => {
  it('[CA9] a spreadsheet CSV with a byte-order mark, a header, CRLF, Chinese kinds and mixed date styles', () => {
    const r = parseCalendarFile(csv2027);
    expect(r.ok && r.input).toEqual({ year: 2027, off: ['2027-01-01'], workdays: ['2027-01-09'] });
  });

  it('[CA9][CA1] holidays on a weekend are dropped: they change nothing', () => {
    const r = parseCalendarFile('2027-01-02 off\n2027-01-04 holiday\n');
    expect(r.ok && r.input.off).toEqual(['2027-01-04']);
  });

  it('[CA9] plain text: kind first or last, spaces, tabs, semicolons, quotes, comments, English words and a notice line', () => {
    const text = [
      '# 2027 from the State Council notice',
      'notice, 国办发明电〔2026〕9号 (2026-11-05)',
      '"2027-02-08";"off"',
      'holiday\t2027-02-09',
      '上班 2027-02-07',
      '',
      '2027-02-20,Workday,makes up for Feb 12',
    ].join('\n');
    const r = parseCalendarFile(text);
    expect(r.ok && r.input).toEqual({ year: 2027, off: ['2027-02-08', '2027-02-09'], workdays: ['2027-02-07', '2027-02-20'], notice: '国办发明电〔2026〕9号 (2026-11-05)' });
  });

  it('[CA9] JSON as the app ships a year, with the year as number or text, or given only by the dates', () => {
    const json = { year: 2027, off: ['2027-01-01', '2027-01-02'], workdays: ['2027-01-09'], notice: 'test' };
    expect(parseCalendarFile(JSON.stringify(json))).toMatchObject({ ok: true, input: { year: 2027, off: ['2027-01-01'], workdays: ['2027-01-09'], notice: 'test' } });
    expect(parseCalendarFile(JSON.stringify({ ...json, year: '2027' }))).toMatchObject({ ok: true, input: { year: 2027 } });
    expect(parseCalendarFile(JSON.stringify({ off: ['2027-01-01'] }))).toMatchObject({ ok: true, input: { year: 2027, workdays: [] } });
  });

  it('[CA9] failures name the reason and the line the chief should look at', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['', { reason: 'calendarFile.empty' }],
      ['\uFEFF  \n# nothing\n', { reason: 'calendarFile.empty' }],
      ['date,kind\n', { reason: 'calendarFile.empty' }],
      ['{"year": 2027, "off": [', { reason: 'calendarFile.bad_json' }],
      ['[1,2]', { reason: 'calendarFile.bad_json' }],
      ['2027-01-01,休\n2027-02-30,休\n', { reason: 'calendarFile.bad_date', line: 2, detail: '2027-02-30' }],
      ['2027-01-01,休\n\n2027-01-04,maybe\n', { reason: 'calendarFile.bad_kind', line: 3, detail: 'maybe' }],
      ['2027-01-01\n', { reason: 'calendarFile.bad_kind', line: 1, detail: '' }],
      ['2027-01-01,休\nhello world\n', { reason: 'calendarFile.bad_line', line: 2, detail: 'hello world' }],
      ['2027-01-01,休\n2028-01-03,休\n', { reason: 'calendarFile.many_years', line: 2, detail: '2028-01-03' }],
      ['2027-01-09,休\n2027-01-09,班\n', { reason: 'calendar.date_in_both_lists', line: 2, detail: '2027-01-09' }],
      ['{"year": 2027, "off": ["2026-12-31"]}', { reason: 'calendar.date_outside_year', detail: '2026-12-31' }],
      ['{"year": 2027, "off": ["soon"]}', { reason: 'calendarFile.bad_date', detail: 'soon' }],
      ['{"year": 2027.5, "off": []}', { reason: 'calendar.bad_year' }],
      ['{"year": 2027, "off": []}', { reason: 'calendarFile.empty' }],
      ['x'.repeat(200_001), { reason: 'calendarFile.too_big' }],
    ];
    for (const [text, want] of cases) {
      const r = parseCalendarFile(text);
      expect(r.ok, text.slice(0, 40)).toBe(false);
      expect(r, text.slice(0, 40)).toMatchObject(want);
      if (!('line' in want)) expect(r.ok ? null : r.line, text.slice(0, 40)).toBeUndefined();
    }
  });

  it('[CA9] date styles a spreadsheet writes, and only real dates', () => {
    expect(normalizeDate('2027/1/1')).toBe('2027-01-01');
    expect(normalizeDate('2027.12.31')).toBe('2027-12-31');
    expect(normalizeDate('2027年2月8日')).toBe('2027-02-08');
    expect(normalizeDate('2027-2-29')).toBeNull();
    expect(normalizeDate('27-01-01')).toBeNull();
  });
});

describe('checking a file against the station calendar', () => {
  it('[CA9][CA5] a new year: preview of its weekday holidays and make-up days; the calendar it would make', () => {
    const r = readCalendarFile(OFFICIAL_CALENDAR, csv2027);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.preview).toEqual({ year: 2027, off: 1, workdays: 1, replacing: null });
    expect(isWorkingDay('2027-01-09', r.calendar)).toBe(true);
    expect(OFFICIAL_CALENDAR.years['2027']).toBeUndefined();
  });

  it('[CA9][CA5] a known year: the preview says what it replaces, so a one-line file cannot silently wipe the official holidays', () => {
    const r = readCalendarFile(OFFICIAL_CALENDAR, '2026-11-30,休\n');
    expect(r.ok && r.preview).toEqual({ year: 2026, off: 1, workdays: 0, replacing: { off: 19, workdays: 6, notice: OFFICIAL_CALENDAR.years['2026']!.notice } });
  });

  it('[CA9][CA5] a weekday listed as a make-up working day is refused at its line', () => {
    const r = readCalendarFile(OFFICIAL_CALENDAR, 'date,kind\n2027-01-01,休\n2027-01-08,班\n');
    expect(r).toEqual({ ok: false, reason: 'calendar.workday_not_weekend', detail: '2027-01-08', line: 3 });
  });
});
