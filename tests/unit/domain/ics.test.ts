import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { deadlinesToIcs, foldIcsLine, type IcsDeadline } from '../../../src/domain/ics';

const now = new Date('2025-09-26T10:00:00+08:00');
const items: IcsDeadline[] = [
  {
    uid: 'appeal-2025T-B3-0012@stationdesk',
    title: '投诉答复：张家村王某反映电压低，请于期限前联系客户并答复处理意见',
    description: '规则 appeal.complaint.reply（001 第十一条; 000 来信来访 6）\n地址：张家村3组, 电话; 备注 \\ 反斜杠',
    deadline: new Date('2025-10-10T23:59:59.999+08:00'),
    alarmMinutesBefore: 24 * 60,
  },
  { uid: 'repair-1', title: 'Repair, rural; 90 min', deadline: new Date('2025-09-26T11:30:00+08:00'), alarmMinutesBefore: 30 },
];

function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return { cal, events: cal.getAllSubcomponents('vevent') };
}

describe('deadlines as iCalendar', () => {
  const text = deadlinesToIcs(items, now, { calendarName: '供电所服务台账' });

  it('[DL9] parses with ical.js: one VEVENT per deadline, UTC start, text intact', () => {
    const { cal, events } = parse(text);
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(events).toHaveLength(2);
    const first = new ICAL.Event(events[0]!);
    expect(first.uid).toBe(items[0]!.uid);
    expect(first.summary).toBe(items[0]!.title);
    expect(first.description).toBe(items[0]!.description);
    // Milliseconds dropped: never later than the real deadline.
    expect(first.startDate.toJSDate().toISOString()).toBe('2025-10-10T15:59:59.000Z');
    expect(first.startDate.zone?.tzid).toBe('UTC');
    expect(new ICAL.Event(events[1]!).summary).toBe('Repair, rural; 90 min');
    expect(text).toContain('DTSTART:20251010T155959Z');
    expect(text).toContain('DTSTAMP:20250926T020000Z');
  });

  it('[DL9] every event carries a DISPLAY alarm the given minutes before', () => {
    const { events } = parse(text);
    const triggers = events.map((e) => {
      const alarm = e.getFirstSubcomponent('valarm')!;
      expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
      expect(alarm.getFirstPropertyValue('description')).toBeTruthy();
      return (alarm.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds();
    });
    expect(triggers).toEqual([-24 * 3600, -30 * 60]);
  });

  it('[DL9] CRLF line ends and lines of at most 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n').slice(0, -1);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    // The long Chinese summary had to be folded, and unfolding restores it.
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    expect(text.replace(/\r\n /g, '')).toContain(`SUMMARY:${items[0]!.title}`);
  });

  it('[DL9] folding never splits a UTF-8 character, including 4-byte ones', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const folded = foldIcsLine(`SUMMARY:${s}`);
        const parts = folded.split('\r\n');
        parts.forEach((p, i) => {
          expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
          if (i > 0) expect(p.startsWith(' ')).toBe(true);
          // A lone surrogate would mean a code point was cut in two.
          expect(p).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/);
        });
        expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(`SUMMARY:${s}`);
      }),
      { numRuns: 300 },
    );
  });

  it('[DL9] any title survives escaping and folding (control characters dropped)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 120 }),
        fc.array(fc.constantFrom('\r\n', '\n', '\r', '\u0007', '\t', ',', ';', '\\', ':', '电'), { maxLength: 12 }),
        (title, specials) => {
          const raw = `${title}${specials.join('')}`;
          const out = deadlinesToIcs([{ uid: 'u1', title: raw, deadline: now, alarmMinutesBefore: 5 }], now);
          const summary = new ICAL.Event(parse(out).events[0]!).summary;
          // Tab is allowed in TEXT; other controls are not. CR and CRLF become a newline.
          const expected = raw.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
          expect(summary).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('[DL9] an alarm at the deadline itself, and invalid deadlines are left out', () => {
    const out = deadlinesToIcs(
      [
        { uid: 'a', title: 'at deadline', deadline: now, alarmMinutesBefore: 0 },
        { uid: 'b', title: 'broken', deadline: new Date('nope'), alarmMinutesBefore: 10 },
      ],
      now,
    );
    const { events } = parse(out);
    expect(events).toHaveLength(1);
    expect((events[0]!.getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds()).toBe(0);
    expect(parse(deadlinesToIcs([], now)).events).toHaveLength(0);
  });
});
