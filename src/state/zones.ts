import { childrenOf, getRecord, listRecords, putBlob, uuidv7, type StationDb } from '../db';
import type { MutationBody } from '../domain/mutations';
import type { ChildRow, RecordRow } from '../domain/records';
import { crewOf, shiftLogMutations, type ShiftLogInput } from '../domain/shift';
import {
  assignmentMutations, cleanedMutations, currentShift, ids, inspectionMutations, missingDuties, zoneMutations, zoneSettingsOf,
  type HolderKind, type InspectionInput, type InspectionPhoto, type ZoneInput, type ZoneSettings,
} from '../domain/zones';
import { trustedNow } from './clocks';
import { currentDevice, saveChanges, useLive, type SaveOutcome } from './device';
import { compressPhoto } from './photo';

// Hygiene zones for the screens: zones, the rota, duties (made on demand for the current
// shift and week), inspections with photos, the station's shift settings and the daily log.

const newId = (): string => uuidv7();

export function useZones(): RecordRow[] {
  return useLive((db) => listRecords(db, 'zone'), [], []);
}

export function useZone(id: string): RecordRow | null | undefined {
  return useLive((db) => getRecord(db, 'zone', id), [id], undefined);
}

export function useAssignments(): RecordRow[] {
  return useLive((db) => listRecords(db, 'zoneAssignment'), [], []);
}

/** Open duties, and those due in the last two weeks (the rest is history the chief looks up). */
async function recentDuties(db: StationDb, now: Date): Promise<RecordRow[]> {
  const since = now.getTime() - 14 * 86_400_000;
  const all = await listRecords(db, 'zoneDuty');
  return all.filter((d) => d.status === 'due' || d.status === 'cleaned' || d.status === null || (Date.parse(String(d.data.dueAt ?? '')) || 0) >= since);
}

export function useDuties(): RecordRow[] {
  return useLive((db) => recentDuties(db, trustedNow()), [], []);
}

export function useDuty(id: string): RecordRow | null | undefined {
  return useLive((db) => getRecord(db, 'zoneDuty', id), [id], undefined);
}

export function useChildrenOf(type: 'zone' | 'zoneDuty', id: string): ChildRow[] {
  return useLive((db) => childrenOf(db, type, id), [type, id], []);
}

function stationId(): string {
  return currentDevice()?.session.station ?? '';
}

export function useStationRecord(): RecordRow | null {
  const station = stationId();
  return useLive((db) => getRecord(db, 'station', station), [station], null);
}

export function useZoneSettings(): ZoneSettings {
  return zoneSettingsOf(useStationRecord());
}

async function settingsNow(db: StationDb): Promise<ZoneSettings> {
  return zoneSettingsOf(await getRecord(db, 'station', stationId()));
}

let ensuring: Promise<number> | null = null;
let again = false;

/**
 * Makes the current shift's and week's duties that this device does not hold yet. Ids are
 * deterministic, so another device doing the same makes the same rows, not copies. A call
 * while one runs makes that one look again when it is done (a zone assigned meanwhile).
 */
export function ensureShiftDuties(now?: Date): Promise<number> {
  if (ensuring) {
    again = true;
    return ensuring;
  }
  ensuring = ensureOnce(now ?? trustedNow()).then(async (n) => {
    while (again) {
      again = false;
      n += await ensureOnce(trustedNow());
    }
    return n;
  }).finally(() => {
    ensuring = null;
  });
  return ensuring;
}

function ensureOnce(now: Date): Promise<number> {
  return (async () => {
    const d = currentDevice();
    if (!d) return 0;
    const [zones, assignments, settings] = await Promise.all([listRecords(d.db, 'zone'), listRecords(d.db, 'zoneAssignment'), settingsNow(d.db)]);
    if (zones.length === 0) return 0;
    const candidates = missingDuties(zones, assignments, new Set(), now, settings);
    const have = new Set<string>();
    for (const id of ids(candidates)) if (await getRecord(d.db, 'zoneDuty', id)) have.add(id);
    const m = missingDuties(zones, assignments, have, now, settings);
    if (m.length === 0) return 0;
    const r = await saveChanges(m, now);
    return r.ok ? ids(m).length : 0;
  })();
}

function who(): { userId: string } | null {
  const d = currentDevice();
  return d ? { userId: d.session.userId } : null;
}

export async function saveZone(id: string | null, input: ZoneInput, now = trustedNow()): Promise<SaveOutcome & { id?: string }> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  const zoneId = id ?? newId();
  const existing = id ? await getRecord(d.db, 'zone', id) : null;
  const r = await saveChanges(zoneMutations(zoneId, input, existing), now);
  return r.ok ? { ...r, id: zoneId } : r;
}

export async function assignZone(zoneId: string, holder: string, holderKind: HolderKind, from: string, now = trustedNow()): Promise<SaveOutcome> {
  const w = who();
  if (!w) return { ok: false, code: 'session.none' };
  return saveChanges(assignmentMutations(newId(), zoneId, holder, holderKind, from, w.userId), now);
}

/** The chief's settings, on the station's own record (shift times, weekly clean-up, re-clean window). */
export async function saveZoneSettings(fields: { shiftTimes?: string[]; weeklyCleanupDay?: number; weeklyCleanupTime?: string; recleanHours?: number }, now = trustedNow()): Promise<SaveOutcome> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  const station = await getRecord(d.db, 'station', d.session.station);
  const base: Record<string, string | null> = {};
  for (const k of Object.keys(fields)) base[k] = station?.clocks[k] ?? null;
  return saveChanges([{ name: 'record.upsert', args: { type: 'station', id: d.session.station, fields, base } }], now);
}

export async function markCleaned(duty: RecordRow, now = trustedNow()): Promise<SaveOutcome> {
  const w = who();
  if (!w) return { ok: false, code: 'session.none' };
  return saveChanges(cleanedMutations(duty, { now, userId: w.userId }), now);
}

async function storePhoto(db: StationDb, file: Blob, now: Date): Promise<InspectionPhoto> {
  const photo = await compressPhoto(file);
  const sha256 = await putBlob(db, photo.blob, { now, thumbnail: photo.thumbnail });
  return { id: newId(), sha256, bytes: photo.blob.size, width: photo.width, height: photo.height };
}

/** Compresses a photo for an inspection form before it is signed off; kept on the device. */
export async function preparePhoto(file: Blob, now = trustedNow()): Promise<{ ok: true; photo: InspectionPhoto } | { ok: false; code: string }> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  try {
    return { ok: true, photo: await storePhoto(d.db, file, now) };
  } catch {
    return { ok: false, code: 'photo.unreadable' };
  }
}

/** The inspector signs off: results, photos and note in one save, with the re-clean if it failed. */
export async function inspectDuty(duty: RecordRow, input: InspectionInput, now = trustedNow()): Promise<SaveOutcome> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  const [settings, zone] = await Promise.all([settingsNow(d.db), getRecord(d.db, 'zone', String(duty.data.zoneId ?? ''))]);
  const m: MutationBody[] = inspectionMutations(duty, input, { inspectionId: newId(), now, userId: d.session.userId, recleanHours: settings.recleanHours, zone });
  return saveChanges(m, now);
}

export async function addReferencePhoto(zone: RecordRow, file: Blob, now = trustedNow()): Promise<SaveOutcome> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  let p: InspectionPhoto;
  try {
    p = await storePhoto(d.db, file, now);
  } catch {
    return { ok: false, code: 'photo.unreadable' };
  }
  return saveChanges(
    [{ name: 'child.add', args: { type: 'photo', id: p.id, parentType: 'zone', parentId: zone.id, fields: { sha256: p.sha256, bytes: p.bytes, width: p.width, height: p.height, reference: true } } }],
    now,
  );
}

// ---------------------------------------------------------------------------
// Daily log and crew on duty.

export function useShiftLogs(day: string): RecordRow[] {
  return useLive(async (db) => (await listRecords(db, 'shiftLog')).filter((l) => l.data.day === day), [day], []);
}

export async function addShiftLog(input: ShiftLogInput, now = trustedNow()): Promise<SaveOutcome> {
  const d = currentDevice();
  if (!d) return { ok: false, code: 'session.none' };
  const settings = await settingsNow(d.db);
  return saveChanges(shiftLogMutations(newId(), input, { now, userId: d.session.userId, shift: currentShift(now, settings.shiftTimes) }), now);
}

/**
 * The people on the current shift (who logged a check, took a handover or holds a duty of
 * it), earliest first: a repair job can be dispatched to them first.
 */
export async function crewOnDuty(now: Date = trustedNow()): Promise<string[]> {
  const d = currentDevice();
  if (!d) return [];
  const [settings, logs, handovers, duties] = await Promise.all([
    settingsNow(d.db), listRecords(d.db, 'shiftLog'), listRecords(d.db, 'handover'), listRecords(d.db, 'zoneDuty', { status: ['due', 'cleaned', 'passed', 'failed'] }),
  ]);
  return crewOf(now, settings.shiftTimes, { logs, handovers, duties });
}

export function useCrewOnDuty(): string[] {
  return useLive(async () => crewOnDuty(), [], []);
}
