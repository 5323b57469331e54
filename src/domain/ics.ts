/**
 * Deadlines as an RFC 5545 calendar. Web push does not reach phones in
 * mainland China, so an exported .ics with alarms is how a reminder rings
 * while the app is closed.
 */

export interface IcsDeadline {
  /** Stable per item, so re-importing the file updates events instead of duplicating them. */
  readonly uid: string;
  readonly title: string;
  readonly description?: string;
  readonly deadline: Date;
  readonly alarmMinutesBefore: number;
}

export interface IcsOptions {
  /** Shown as the calendar's name by clients that read X-WR-CALNAME. */
  readonly calendarName?: string;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** RFC 5545 DATE-TIME in UTC; milliseconds are dropped, which moves the instant earlier, never later. */
export function icsUtc(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** RFC 5545 §3.3.11 TEXT escaping; control characters other than tab are not allowed in TEXT and are dropped. */
export function escapeIcsText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * RFC 5545 §3.1 folding: at most 75 octets per line, continuation lines start
 * with one space (which counts), and a UTF-8 character is never split, so a
 * Chinese title folds between characters.
 */
export function foldIcsLine(line: string): string {
  let out = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8Length(ch.codePointAt(0) as number);
    if (octets + n > MAX_OCTETS) {
      out += CRLF + ' ';
      octets = 1;
    }
    out += ch;
    octets += n;
  }
  return out;
}

function alarmTrigger(minutes: number): string {
  const m = Number.isFinite(minutes) ? Math.max(0, Math.round(minutes)) : 0;
  return m === 0 ? 'PT0S' : `-PT${m}M`;
}

/**
 * One VEVENT per deadline, DTSTART in UTC (no VTIMEZONE needed), each with a
 * DISPLAY alarm. Items with an invalid deadline are left out: there is no
 * instant to put in the file.
 */
export function deadlinesToIcs(items: readonly IcsDeadline[], now: Date, opts: IcsOptions = {}): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//StationDesk//Deadlines//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  if (opts.calendarName) lines.push(`X-WR-CALNAME:${escapeIcsText(opts.calendarName)}`);
  const stamp = icsUtc(now);
  for (const item of items) {
    if (Number.isNaN(item.deadline.getTime())) continue;
    const title = escapeIcsText(item.title);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeIcsText(item.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsUtc(item.deadline)}`,
      `SUMMARY:${title}`,
    );
    if (item.description) lines.push(`DESCRIPTION:${escapeIcsText(item.description)}`);
    lines.push(
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `TRIGGER:${alarmTrigger(item.alarmMinutesBefore)}`,
      `DESCRIPTION:${title}`,
      'END:VALARM',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}
