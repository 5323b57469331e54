import { getRecord, listRecords, live, uuidv7, type StationDb } from '../db';
import { importCalendarYear } from '../domain/calendar-import';
import type { CalendarFileRead, CalendarYearInput } from '../domain/calendar-file';
import type { WorkCalendar } from '../domain/calendar';
import type { StationPolicy } from '../domain/policy';
import type { RecordRow } from '../domain/records';
import {
  calendarFromRecords,
  calendarYearId,
  dueSoonFromPercent,
  newPolicyChange,
  policyFromRecords,
  type CalendarFromRecords,
  type NewChangeInput,
  type PolicyFromRecords,
} from '../domain/station-settings';
import { currentDevice, saveChanges, useLive, type SaveOutcome } from './device';
import { trustedNow } from './time';

// The chief's station settings (deadline rules, due-soon fraction, imported calendar years)
// are records synced like any other, readable by the whole station. Every device builds its
// policy and calendar from them, so the clocks follow the chief's settings after a sync and
// keep following them offline.

export interface StationSettings {
  readonly policy: PolicyFromRecords;
  readonly calendar: CalendarFromRecords;
  readonly station: RecordRow | null;
}

export async function readStationSettings(db: StationDb, station: string): Promise<StationSettings> {
  const [rules, years, record] = await Promise.all([listRecords(db, 'policyRule'), listRecords(db, 'calendarYear'), getRecord(db, 'station', station)]);
  return { policy: policyFromRecords(rules, record), calendar: calendarFromRecords(years), station: record };
}

/**
 * Feeds `apply` the station's policy and calendar now and after every change to the
 * settings records (a sync, or the chief's own save). Returns the unsubscribe.
 */
export function followStationSettings(db: StationDb, station: string, apply: (policy: StationPolicy, calendar: WorkCalendar) => void): () => void {
  return live(() => readStationSettings(db, station)).subscribe((s) => apply(s.policy.policy, s.calendar.calendar));
}

function stationId(): string {
  return currentDevice()?.session.station ?? '';
}

/** The station's settings on this device, live; null until first read. */
export function useStationSettings(): StationSettings | null {
  const station = stationId();
  return useLive<StationSettings | null>((db) => readStationSettings(db, station), [station], null);
}

/** [DL11] Saves a chief's change to one rule, effective now unless a later instant is given. */
export async function saveRuleChange(input: NewChangeInput, now: Date = trustedNow()): Promise<SaveOutcome> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  const { policy } = await readStationSettings(d.db, d.session.station);
  const r = newPolicyChange(policy.policy, input, now);
  if (!r.ok) return { ok: false, code: r.reason };
  // One record per change: history stays, and running clocks keep the version they started with ([DL2]).
  return saveChanges([{ name: 'record.upsert', args: { type: 'policyRule', id: uuidv7(now.getTime()), fields: { ...r.change }, base: {} } }], now);
}

/** [DL3] Saves the due-soon setting from a percentage the chief typed. */
export async function saveDueSoonPercent(text: string, now: Date = trustedNow()): Promise<SaveOutcome> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  const r = dueSoonFromPercent(text);
  if (!r.ok) return { ok: false, code: r.reason };
  const station = await getRecord(d.db, 'station', d.session.station);
  return saveChanges(
    [{ name: 'record.upsert', args: { type: 'station', id: d.session.station, fields: { dueSoonFraction: r.fraction }, base: { dueSoonFraction: station?.clocks.dueSoonFraction ?? null } } }],
    now,
  );
}

/**
 * The text of a chosen calendar file: UTF-8, or GB 18030 (which covers GBK), the
 * encoding a spreadsheet on a Chinese Windows PC saves CSV in.
 */
export async function readCalendarFileText(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** [CA9] What importing this file would do on this station; nothing is saved. */
export async function previewCalendarFile(text: string): Promise<CalendarFileRead> {
  const d = currentDevice();
  if (!d) return { ok: false, reason: 'calendar.invalid_input' };
  // The file reader is needed once a year, on one screen: loaded then, not at every start.
  const [{ calendar }, { readCalendarFile }] = await Promise.all([readStationSettings(d.db, d.session.station), import('../domain/calendar-file')]);
  return readCalendarFile(calendar.calendar, text);
}

const YEAR_FIELDS = ['year', 'off', 'workdays', 'notice'] as const;

/** [CA8] Saves an imported year as the station's record for that year (replacing an earlier import). */
export async function saveCalendarYear(input: CalendarYearInput, now: Date = trustedNow()): Promise<SaveOutcome> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  const { calendar } = await readStationSettings(d.db, d.session.station);
  const checked = importCalendarYear(calendar.calendar, input);
  if (!checked.ok) return { ok: false, code: checked.reason };
  const id = calendarYearId(d.session.station, input.year);
  const existing = await getRecord(d.db, 'calendarYear', id);
  const base: Record<string, string | null> = {};
  for (const k of YEAR_FIELDS) base[k] = existing?.clocks[k] ?? null;
  // Every field written, notice too, so a later import never keeps an earlier one's notice.
  const fields = { year: input.year, off: [...input.off], workdays: [...input.workdays], notice: input.notice ?? null };
  return saveChanges([{ name: 'record.upsert', args: { type: 'calendarYear', id, fields, base } }], now);
}
