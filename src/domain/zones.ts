import { DAY_MS, beijingDate, dayNumberOf, formatDay, parseDay, startOfDayNumber, weekdayOfDayNumber } from './calendar';
import type { MutationBody } from './mutations';
import type { RecordRow } from './records';

// Hygiene zones (domain.md §4, 000 卫生管理制度 2–4, 004 第十八条, 003): zones and their
// standard, who holds each zone (划片包干), the duties each shift and each week owes, the
// incoming shift's inspection and the re-clean a failure starts. Pure: time is an argument.

export const ZONE_KINDS = ['office', 'hall', 'dormitory', 'yard', 'corridor', 'toilet', 'drains'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

/**
 * The standard as checklist items (000 卫生 2–4). Items are stored as these keys so each
 * device shows them in its own language; an item the chief types stays as typed.
 */
export const CHECKLIST_ITEMS = ['dustFree', 'noCobwebs', 'wallsClean', 'equipmentTidy', 'noLitter', 'greenWatered', 'drainsClear', 'toiletsClean'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export const DEFAULT_CHECKLISTS: Readonly<Record<ZoneKind, readonly ChecklistItem[]>> = {
  office: ['dustFree', 'noCobwebs', 'wallsClean', 'equipmentTidy', 'noLitter'],
  hall: ['dustFree', 'noCobwebs', 'wallsClean', 'equipmentTidy', 'noLitter'],
  dormitory: ['dustFree', 'noCobwebs', 'wallsClean', 'noLitter'],
  yard: ['noLitter', 'greenWatered', 'drainsClear'],
  corridor: ['dustFree', 'noCobwebs', 'wallsClean', 'noLitter'],
  toilet: ['dustFree', 'toiletsClean', 'drainsClear', 'noLitter'],
  drains: ['drainsClear', 'noLitter'],
};

export function isChecklistKey(item: string): item is ChecklistItem {
  return (CHECKLIST_ITEMS as readonly string[]).includes(item);
}

export function checklistOf(zone: RecordRow | null | undefined): string[] {
  const list = zone?.data.checklist;
  if (Array.isArray(list)) return list.filter((x): x is string => typeof x === 'string');
  const kind = zone?.data.kind as ZoneKind | undefined;
  return kind && DEFAULT_CHECKLISTS[kind] ? [...DEFAULT_CHECKLISTS[kind]] : [];
}

// ---------------------------------------------------------------------------
// Station settings: shift times, the weekly clean-up, the re-clean window.

/** Two shifts a day unless the station says otherwise. */
export const DEFAULT_SHIFT_TIMES: readonly string[] = ['08:00-16:00', '16:00-24:00'];
/** Weekly clean-up (003 其他例行工作): ISO weekday (1 = Monday … 7 = Sunday) and time. */
export const DEFAULT_WEEKLY_DAY = 5;
export const DEFAULT_WEEKLY_TIME = '16:00';
/** A failed zone is cleaned again within this many hours. */
export const DEFAULT_RECLEAN_HOURS = 2;

export interface ZoneSettings {
  shiftTimes: string[];
  weeklyDay: number;
  weeklyTime: string;
  recleanHours: number;
}

export function zoneSettingsOf(station: RecordRow | null | undefined): ZoneSettings {
  const d = station?.data ?? {};
  const times = Array.isArray(d.shiftTimes) ? d.shiftTimes.filter((x): x is string => typeof x === 'string') : [];
  const day = typeof d.weeklyCleanupDay === 'number' && d.weeklyCleanupDay >= 1 && d.weeklyCleanupDay <= 7 ? d.weeklyCleanupDay : DEFAULT_WEEKLY_DAY;
  const time = typeof d.weeklyCleanupTime === 'string' && parseClock(d.weeklyCleanupTime) !== null ? d.weeklyCleanupTime : DEFAULT_WEEKLY_TIME;
  const hours = typeof d.recleanHours === 'number' && d.recleanHours > 0 ? d.recleanHours : DEFAULT_RECLEAN_HOURS;
  return { shiftTimes: parseShiftTimes(times).length > 0 && times.length > 0 ? times : [...DEFAULT_SHIFT_TIMES], weeklyDay: day, weeklyTime: time, recleanHours: hours };
}

/** Minutes after midnight of 'HH:MM' ('24:00' allowed as an end), or null. */
export function parseClock(s: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

export interface ShiftDef {
  index: number;
  /** Minutes after the start day's midnight. */
  startMin: number;
  /** After startMin; above 1440 for a shift that runs overnight. */
  endMin: number;
}

/**
 * Shift times as the station writes them: ranges ('08:00-16:00', '20:00-08:00' runs overnight)
 * or handover times alone ('08:00', '20:00': each shift runs until the next one starts).
 */
export function parseShiftTimes(times: readonly string[] | undefined): ShiftDef[] {
  const list = (times ?? []).map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) return [];
  if (list.every((s) => s.includes('-'))) {
    const out: ShiftDef[] = [];
    for (const s of list) {
      const [a, b] = s.split('-');
      const start = parseClock(a ?? '');
      let end = parseClock(b ?? '');
      if (start === null || end === null || start >= 1440) continue;
      if (end <= start) end += 1440;
      out.push({ index: out.length, startMin: start, endMin: end });
    }
    return out;
  }
  const starts = [...new Set(list.map(parseClock).filter((x): x is number => x !== null && x < 1440))].sort((a, b) => a - b);
  return starts.map((s, i) => ({ index: i, startMin: s, endMin: i + 1 < starts.length ? starts[i + 1]! : starts[0]! + 1440 }));
}

export interface ShiftInstance {
  index: number;
  /** Beijing date the shift starts on (an overnight shift belongs to the day it starts). */
  date: string;
  start: Date;
  end: Date;
}

export function shiftOn(def: ShiftDef, date: string): ShiftInstance {
  const day = parseDay(date) ?? 0;
  const midnight = startOfDayNumber(day).getTime();
  return { index: def.index, date, start: new Date(midnight + def.startMin * 60_000), end: new Date(midnight + def.endMin * 60_000) };
}

function instancesAround(now: Date, defs: readonly ShiftDef[]): ShiftInstance[] {
  const today = dayNumberOf(now);
  const out: ShiftInstance[] = [];
  for (const d of [today - 1, today]) for (const def of defs) out.push(shiftOn(def, formatDay(d)));
  return out;
}

/** The shift running at `now`, or null between shifts. */
export function shiftContaining(now: Date, times: readonly string[]): ShiftInstance | null {
  const t = now.getTime();
  return instancesAround(now, parseShiftTimes(times)).find((s) => s.start.getTime() <= t && t < s.end.getTime()) ?? null;
}

/** The shift running now, else the one that ended last (its duties are still the ones owed). */
export function currentShift(now: Date, times: readonly string[]): ShiftInstance | null {
  const running = shiftContaining(now, times);
  if (running) return running;
  const t = now.getTime();
  const ended = instancesAround(now, parseShiftTimes(times)).filter((s) => s.end.getTime() <= t);
  ended.sort((a, b) => b.end.getTime() - a.end.getTime());
  return ended[0] ?? null;
}

/** End-of-shift clean: due when the shift ends (004 第十八条: each shift cleans before it leaves). */
export function shiftDutyDue(shift: ShiftInstance): Date {
  return shift.end;
}

export function shiftDutyId(zoneId: string, shift: Pick<ShiftInstance, 'date' | 'index'>): string {
  return `duty-${zoneId}-${shift.date}-${shift.index}`;
}

/**
 * The weekly clean-up owed around `now`: the first occurrence of the chief's day and time
 * that is no more than a day past (a missed clean-up stays owed, and overdue, for a day
 * after it was due; the next one is made as soon as that day is over).
 */
export function weeklyCleanupDue(now: Date, isoWeekday: number, time: string): Date {
  const today = dayNumberOf(now);
  const wd = weekdayOfDayNumber(today); // 0 = Sunday
  const monday = today - ((wd + 6) % 7);
  const day = monday + (Math.min(7, Math.max(1, isoWeekday)) - 1);
  const thisWeek = startOfDayNumber(day).getTime() + (parseClock(time) ?? parseClock(DEFAULT_WEEKLY_TIME)!) * 60_000;
  const floor = now.getTime() - DAY_MS;
  const at = [thisWeek - 7 * DAY_MS, thisWeek, thisWeek + 7 * DAY_MS].find((x) => x >= floor)!;
  return new Date(at);
}

export function weeklyDutyId(zoneId: string, due: Date): string {
  return `week-${zoneId}-${beijingDate(due)}`;
}

export function recleanDeadline(failedAt: Date, hours: number = DEFAULT_RECLEAN_HOURS): Date {
  return new Date(failedAt.getTime() + hours * 3_600_000);
}

function fnv(s: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Deterministic: the same duty failed on two devices still makes one re-clean. */
export function recleanId(duty: Pick<RecordRow, 'id' | 'data'>): string {
  const zoneId = String(duty.data.zoneId ?? '');
  const tail = fnv(duty.id, 0x811c9dc5) + fnv(duty.id, 0x9747b28c);
  const id = `rc-${zoneId}-${tail}`;
  return id.length <= 64 ? id : `rc-${fnv(zoneId, 0x811c9dc5)}-${tail}`;
}

// ---------------------------------------------------------------------------
// Assignments (划片包干): newest `from` not after the day wins.

export type HolderKind = 'person' | 'office';

export interface Holding {
  holder: string;
  holderKind: HolderKind;
  from: string;
  assignmentId: string;
}

export function assignmentsOf(assignments: readonly RecordRow[], zoneId: string): RecordRow[] {
  return assignments
    .filter((a) => !a.deleted && a.data.zoneId === zoneId && typeof a.data.holder === 'string' && typeof a.data.from === 'string')
    .sort((a, b) => (a.data.from === b.data.from ? (a.hlc < b.hlc ? 1 : -1) : String(a.data.from) < String(b.data.from) ? 1 : -1));
}

export function holderOn(assignments: readonly RecordRow[], zoneId: string, day: string): Holding | null {
  const a = assignmentsOf(assignments, zoneId).find((x) => String(x.data.from) <= day);
  if (!a) return null;
  return { holder: String(a.data.holder), holderKind: a.data.holderKind === 'office' ? 'office' : 'person', from: String(a.data.from), assignmentId: a.id };
}

// ---------------------------------------------------------------------------
// Duties.

export type DutyKind = 'shift' | 'weekly' | 'reclean';
export const OPEN_DUTY_STATUSES = ['due', 'cleaned'] as const;

export function isOpenDuty(d: RecordRow): boolean {
  return !d.deleted && (d.status === null || d.status === 'due' || d.status === 'cleaned');
}

function newDuty(id: string, zone: RecordRow, h: Holding, kind: DutyKind, startsAt: Date, dueAt: Date, extra: Record<string, unknown> = {}): MutationBody[] {
  return [
    {
      name: 'record.upsert',
      args: {
        type: 'zoneDuty',
        id,
        fields: { zoneId: zone.id, zoneName: String(zone.data.name ?? ''), holder: h.holder, holderKind: h.holderKind, kind, startsAt: startsAt.toISOString(), dueAt: dueAt.toISOString(), ...extra },
        base: {},
      },
    },
    { name: 'record.advance', args: { type: 'zoneDuty', id, status: 'due', gen: 0 } },
  ];
}

/**
 * The duties this shift and this week owe that are not on the device yet: one end-of-shift
 * clean per held zone, and the weekly clean-up. Ids are deterministic, so two devices that
 * both create them make the same rows.
 */
export function missingDuties(
  zones: readonly RecordRow[],
  assignments: readonly RecordRow[],
  existingIds: ReadonlySet<string>,
  now: Date,
  settings: ZoneSettings,
): MutationBody[] {
  const out: MutationBody[] = [];
  const shift = currentShift(now, settings.shiftTimes);
  const weekDue = weeklyCleanupDue(now, settings.weeklyDay, settings.weeklyTime);
  for (const zone of zones) {
    if (zone.deleted || zone.data.retired === true) continue;
    if (shift) {
      const h = holderOn(assignments, zone.id, shift.date);
      const id = shiftDutyId(zone.id, shift);
      if (h && !existingIds.has(id)) out.push(...newDuty(id, zone, h, 'shift', shift.start, shiftDutyDue(shift), { shiftDate: shift.date, shiftIndex: shift.index }));
    }
    const wh = holderOn(assignments, zone.id, beijingDate(weekDue));
    const wid = weeklyDutyId(zone.id, weekDue);
    if (wh && !existingIds.has(wid)) out.push(...newDuty(wid, zone, wh, 'weekly', new Date(weekDue.getTime() - 7 * DAY_MS), weekDue));
  }
  return out;
}

export function ids(mutations: readonly MutationBody[]): string[] {
  return [...new Set(mutations.filter((m) => m.name === 'record.upsert').map((m) => m.args.id))];
}

export interface StepCtx {
  now: Date;
  userId: string;
}

/** The holder (or anyone for them) says the zone is clean: the duty's clock stops. */
export function cleanedMutations(duty: RecordRow, ctx: StepCtx): MutationBody[] {
  return [
    { name: 'record.upsert', args: { type: 'zoneDuty', id: duty.id, fields: { doneAt: ctx.now.toISOString(), cleanedBy: ctx.userId }, base: { doneAt: duty.clocks.doneAt ?? null, cleanedBy: duty.clocks.cleanedBy ?? null } } },
    { name: 'record.advance', args: { type: 'zoneDuty', id: duty.id, status: 'cleaned', gen: duty.statusGen } },
  ];
}

export interface InspectionPhoto {
  id: string;
  sha256: string;
  bytes: number;
  width?: number;
  height?: number;
}

export interface InspectionInput {
  items: { item: string; pass: boolean }[];
  /** With no checklist, the inspector's overall verdict. */
  result?: 'pass' | 'fail';
  note?: string;
  photos?: InspectionPhoto[];
}

export interface InspectionCtx extends StepCtx {
  inspectionId: string;
  recleanHours: number;
  zone?: RecordRow | null;
}

export function inspectionResult(input: InspectionInput): 'pass' | 'fail' {
  if (input.items.length === 0) return input.result ?? 'pass';
  return input.items.every((i) => i.pass) && input.result !== 'fail' ? 'pass' : 'fail';
}

/**
 * The incoming shift's inspection (004 第十八条): the checklist answers, photos and note as
 * children of the duty; pass closes it; fail leaves the zone with its holder as a re-clean
 * with its own deadline. A re-clean that passes also closes the duty it stood for.
 */
export function inspectionMutations(duty: RecordRow, input: InspectionInput, ctx: InspectionCtx): MutationBody[] {
  const at = ctx.now.toISOString();
  const result = inspectionResult(input);
  const photos = input.photos ?? [];
  const out: MutationBody[] = [];
  for (const p of photos) {
    out.push({
      name: 'child.add',
      args: { type: 'photo', id: p.id, parentType: 'zoneDuty', parentId: duty.id, fields: { sha256: p.sha256, bytes: p.bytes, ...(p.width ? { width: p.width } : {}), ...(p.height ? { height: p.height } : {}), inspection: ctx.inspectionId } },
    });
  }
  out.push({
    name: 'child.add',
    args: {
      type: 'inspection',
      id: ctx.inspectionId,
      parentType: 'zoneDuty',
      parentId: duty.id,
      fields: { result, items: input.items, at, by: ctx.userId, ...(input.note?.trim() ? { note: input.note.trim() } : {}), photos: photos.map((p) => p.sha256) },
    },
  });
  out.push({
    name: 'record.upsert',
    args: {
      type: 'zoneDuty',
      id: duty.id,
      fields: { inspectedAt: at, inspectedBy: ctx.userId, result },
      base: { inspectedAt: duty.clocks.inspectedAt ?? null, inspectedBy: duty.clocks.inspectedBy ?? null, result: duty.clocks.result ?? null },
    },
  });
  out.push({ name: 'record.advance', args: { type: 'zoneDuty', id: duty.id, status: result === 'pass' ? 'passed' : 'failed', gen: duty.statusGen } });
  const origin = typeof duty.data.origin === 'string' ? duty.data.origin : null;
  if (result === 'fail') {
    const zone = ctx.zone ?? ({ id: String(duty.data.zoneId ?? ''), data: { name: duty.data.zoneName } } as unknown as RecordRow);
    const h: Holding = { holder: String(duty.data.holder ?? ''), holderKind: duty.data.holderKind === 'office' ? 'office' : 'person', from: '', assignmentId: '' };
    out.push(...newDuty(recleanId(duty), zone, h, 'reclean', ctx.now, recleanDeadline(ctx.now, ctx.recleanHours), { recleanOf: duty.id, origin: origin ?? duty.id }));
  } else if (origin) {
    out.push({ name: 'record.upsert', args: { type: 'zoneDuty', id: origin, fields: { resolvedAt: at, resolvedBy: duty.id }, base: {} } });
  }
  return out;
}

/** Open duties first, least time left first; then the rest, newest first. */
export function orderDuties(duties: readonly RecordRow[]): RecordRow[] {
  const due = (d: RecordRow) => Date.parse(String(d.data.dueAt ?? '')) || 0;
  return [...duties].sort((a, b) => {
    const oa = isOpenDuty(a);
    const ob = isOpenDuty(b);
    if (oa !== ob) return oa ? -1 : 1;
    return oa ? due(a) - due(b) : due(b) - due(a);
  });
}

/**
 * The zone at a glance: failed while a re-clean is open (it stays with its holder until it
 * passes); open while a duty is due by now or cleaned and awaiting inspection; else clear.
 * A clean-up due later (the next shift's, the weekly one) does not make it open yet.
 */
export function zoneState(zoneId: string, duties: readonly RecordRow[], now: Date): 'clear' | 'open' | 'reclean' {
  const open = duties.filter((d) => d.data.zoneId === zoneId && isOpenDuty(d));
  if (open.some((d) => d.data.kind === 'reclean')) return 'reclean';
  const t = now.getTime();
  return open.some((d) => d.status === 'cleaned' || (Date.parse(String(d.data.dueAt ?? '')) || 0) <= t) ? 'open' : 'clear';
}

// ---------------------------------------------------------------------------
// Zones and assignments as mutations.

export interface ZoneInput {
  name: string;
  kind: ZoneKind;
  checklist: string[];
}

export type ZoneErrors = Partial<Record<'name' | 'kind' | 'checklist', 'required' | 'tooLong'>>;

export function validateZone(input: ZoneInput): ZoneErrors {
  const e: ZoneErrors = {};
  if (!input.name.trim()) e.name = 'required';
  else if (input.name.length > 200) e.name = 'tooLong';
  if (!ZONE_KINDS.includes(input.kind)) e.kind = 'required';
  if (input.checklist.length > 50 || input.checklist.some((c) => c.length > 200)) e.checklist = 'tooLong';
  return e;
}

export function zoneMutations(id: string, input: ZoneInput, existing: RecordRow | null): MutationBody[] {
  const fields = { name: input.name.trim(), kind: input.kind, checklist: input.checklist.map((c) => c.trim()).filter(Boolean) };
  const base: Record<string, string | null> = {};
  for (const k of Object.keys(fields)) base[k] = existing?.clocks[k] ?? null;
  return [{ name: 'record.upsert', args: { type: 'zone', id, fields, base } }];
}

export function assignmentMutations(id: string, zoneId: string, holder: string, holderKind: HolderKind, from: string, by: string): MutationBody[] {
  return [{ name: 'record.upsert', args: { type: 'zoneAssignment', id, fields: { zoneId, holder, holderKind, from, by }, base: {} } }];
}
