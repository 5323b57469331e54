import { createStore, type StoreApi } from 'zustand/vanilla';
import { useEffect, useState } from 'preact/hooks';
import { listRecords, live, uuidv7, type StationDb } from '../db';
import { BEIJING_OFFSET_MS, OFFICIAL_CALENDAR, type WorkCalendar } from '../domain/calendar';
import { evaluateClock, monthlyReportDue, type ClockEvaluation, type ClockState } from '../domain/clock';
import { CLOCKED_TYPES, OPEN_STATUSES, clocksOf, evaluateItem, isOpenItem, type EvaluatedClock, type ItemClock } from '../domain/clocks-of';
import { deadlinesToIcs, type IcsDeadline } from '../domain/ics';
import { DEFAULT_POLICY, returnVisitRuleFor, type DisasterPeriod, type StationPolicy } from '../domain/policy';
import { computeDeadline } from '../domain/clock';
import type { RecordRow } from '../domain/records';
import { nextWakeup, summarize, type StateCounts } from '../domain/schedule';
import { t } from '../i18n';
import { currentDevice, saveChanges, type SaveOutcome } from './device';
import { sessionStore } from './session';
import { useStore } from './store';
import { syncStore } from './sync-view';
import { checkClockJump, followPullOffset, installTrustedTime, timeStore, trustedNow } from './time';
import { followStationSettings } from './station-settings';

// The regulation clocks of every open item on this device, kept by ONE scheduler: it
// evaluates all of them, then sets a single timer for the next moment any of them changes
// state ([DL7]), and re-evaluates on start, focus, visibility and whenever the data changes.
// It also drives the app badge (overdue items) and on-device notifications, since web push
// does not reach phones in mainland China.

export { trustedNow } from './time';

/** A new record id (UUIDv7), for screens that create records. */
export const newId = (): string => uuidv7();

export interface ClockItem {
  readonly row: RecordRow;
  readonly clocks: readonly EvaluatedClock[];
}

export interface ClockSummary extends StateCounts {
  /** Items (not clocks) with at least one clock overdue / due soon. */
  overdueItems: number;
  dueSoonItems: number;
}

export interface MonthlyClock {
  /** 'YYYY-MM' of the statistics the report covers (the previous Beijing month). */
  readonly month: string;
  readonly ev: ClockEvaluation;
}

export interface StoredDisasterPeriod extends DisasterPeriod {
  readonly id: string;
  readonly note?: string;
  readonly row: RecordRow;
}

export interface ClockView {
  items: readonly ClockItem[];
  summary: ClockSummary;
  /** The chief's monthly report clock ([DL6]); null for other roles. */
  monthly: MonthlyClock | null;
  disasterPeriods: readonly StoredDisasterPeriod[];
  /** Trusted time of the last evaluation (ms); components re-render when it moves. */
  evaluatedAt: number;
  /** When the single timer fires next (trusted ms), or null. */
  nextWakeAt: number | null;
}

const EMPTY_COUNTS: ClockSummary = {
  notStarted: 0, running: 0, dueSoon: 0, overdue: 0, metOnTime: 0, metLate: 0, provisional: 0, total: 0, overdueItems: 0, dueSoonItems: 0,
};

export const clockStore: StoreApi<ClockView> = createStore<ClockView>(() => ({
  items: [],
  summary: EMPTY_COUNTS,
  monthly: null,
  disasterPeriods: [],
  evaluatedAt: 0,
  nextWakeAt: null,
}));

// ---------------------------------------------------------------------------
// Settings the rest of the app may feed in (the chief's policy and imported calendar).

let policy: StationPolicy = DEFAULT_POLICY;
let calendar: WorkCalendar = OFFICIAL_CALENDAR;
let monthlySubmittedAt: string | null = null;
/**
 * False from binding a database until its settings records have been read: until then the
 * policy is the default, and a notice or badge from it could be wrong for this station.
 */
let policyReady = true;

export function setClockPolicy(p: StationPolicy, cal: WorkCalendar = calendar): void {
  policy = p;
  calendar = cal;
  policyReady = true;
  scheduler?.recompute();
}

/** When the current monthly report was submitted (stops its clock), or null. */
export function setMonthlyReportSubmitted(at: string | null): void {
  monthlySubmittedAt = at;
  scheduler?.recompute();
}

/** The station's working calendar (shipped years plus the chief's imports). */
export function clockCalendar(): WorkCalendar {
  return calendar;
}

export function clockPolicy(): StationPolicy {
  return policy;
}

/** The clocks of one record at trusted now, with the station's policy and calendar. */
export function evaluate(row: RecordRow, now: Date = trustedNow()): EvaluatedClock[] {
  return evaluateItem(row, now, policy, { calendar, disasterPeriods: clockStore.getState().disasterPeriods });
}

// ---------------------------------------------------------------------------
// Notifications: once per item per transition, remembered across restarts.

const NOTIFIED_KEY = 'stationdesk.clockNotified';
const MAX_SEPARATE_NOTIFICATIONS = 3;

export interface ClockNotice {
  /** `${type}:${id}:${ruleId}:${state}`; also the notification tag, so tabs do not double up. */
  readonly key: string;
  readonly title: string;
  readonly body: string;
}

function readNotified(): Set<string> {
  try {
    const raw = globalThis.localStorage?.getItem(NOTIFIED_KEY);
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    return new Set(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

function writeNotified(keys: Set<string>): void {
  try {
    globalThis.localStorage?.setItem(NOTIFIED_KEY, JSON.stringify([...keys]));
  } catch {
    // Storage full or refused: at worst a reminder repeats.
  }
}

export function notificationsAllowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

export async function showNotice(n: ClockNotice): Promise<void> {
  if (!notificationsAllowed()) return;
  const options = { body: n.body, tag: n.key, icon: '/icons/icon-192.png', badge: '/icons/icon-192.png' };
  try {
    const reg = typeof navigator !== 'undefined' && navigator.serviceWorker ? await navigator.serviceWorker.getRegistration() : undefined;
    if (reg && typeof reg.showNotification === 'function') {
      await reg.showNotification(n.title, options);
      return;
    }
  } catch {
    // Fall through to a page notification.
  }
  try {
    new Notification(n.title, options);
  } catch {
    // Some mobile browsers only allow notifications through the service worker.
  }
}

/** Asks for permission; resolves to the resulting permission ('unsupported' without the API). */
export async function requestNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  const p = await Notification.requestPermission();
  notificationStore.setState({ permission: p });
  if (p === 'granted') scheduler?.recompute();
  return p;
}

export const notificationStore = createStore<{ permission: NotificationPermission | 'unsupported' }>(() => ({
  permission: typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
}));

export const useNotificationPermission = () => useStore(notificationStore, (s) => s.permission);

// ---------------------------------------------------------------------------
// App badge.

let lastBadge: number | null = null;

export function setBadge(count: number): void {
  if (count === lastBadge) return;
  lastBadge = count;
  const nav = (typeof navigator !== 'undefined' ? navigator : undefined) as
    | (Navigator & { setAppBadge?: (n?: number) => Promise<void>; clearAppBadge?: () => Promise<void> })
    | undefined;
  try {
    if (count > 0) void nav?.setAppBadge?.(count)?.catch?.(() => undefined);
    else void nav?.clearAppBadge?.()?.catch?.(() => undefined);
  } catch {
    // Not installed, or the platform has no badge: nothing to show.
  }
}

// ---------------------------------------------------------------------------
// The scheduler.

/** Title of an item for notifications and the .ics file. */
export function itemName(row: RecordRow): string {
  const d = row.data;
  const pick = (k: string) => (typeof d[k] === 'string' && d[k] !== '' ? (d[k] as string) : null);
  return pick('customerName') ?? pick('subject') ?? pick('address') ?? pick('holder') ?? row.id.slice(0, 8);
}

function previousBeijingMonth(now: Date): string {
  const b = new Date(now.getTime() + BEIJING_OFFSET_MS);
  const d = new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** [DL6] The report on the previous month, as a clock from the month's end to its due time. */
export function monthlyClock(now: Date, submittedAt: string | null = null, p: StationPolicy = policy): MonthlyClock | null {
  const month = previousBeijingMonth(now);
  const due = monthlyReportDue(month, p);
  if (!due.ok) return null;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const monthEnded = new Date(Date.UTC(y, m, 1) - BEIJING_OFFSET_MS);
  const ev = evaluateClock(due.rule, { start: monthEnded, stop: submittedAt }, now, { dueSoonFraction: p.dueSoonFraction });
  return { month, ev };
}

function isChief(): boolean {
  const role = sessionStore.getState().session?.role;
  return role === 'chief' || role === 'admin';
}

export interface SchedulerDeps {
  now?: () => Date;
  notify?: (n: ClockNotice) => void | Promise<void>;
  badge?: (overdueItems: number) => void;
  chief?: () => boolean;
  /** Longest single sleep, so a changed clock or a lost timer never stalls the display long. */
  maxSleepMs?: number;
  /** While the page is visible, wake at least every minute so "time left" stays fresh. */
  refreshWhileVisible?: boolean;
}

export interface ClockScheduler {
  setRows(rows: readonly RecordRow[]): void;
  /** No database bound (signed out): nothing shown, and the notification memory is kept. */
  clearRows(): void;
  setDisasterPeriods(periods: readonly StoredDisasterPeriod[]): void;
  recompute(): void;
  /** Handle of the one pending timer (tests). */
  pendingTimers(): number;
  dispose(): void;
}

const MINUTE = 60_000;

export function createClockScheduler(deps: SchedulerDeps = {}): ClockScheduler {
  const now = deps.now ?? trustedNow;
  const notify = deps.notify ?? showNotice;
  const badge = deps.badge ?? setBadge;
  const chief = deps.chief ?? isChief;
  const maxSleep = deps.maxSleepMs ?? 6 * 3_600_000;
  let rows: readonly RecordRow[] = [];
  /** Until the database has answered, an empty list means "not read yet", not "nothing open". */
  let loaded = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;
  const notified = readNotified();
  let cache = new WeakMap<RecordRow, ItemClock[]>();
  let cacheKey: { policy: StationPolicy | null; periods: readonly DisasterPeriod[] | null } = { policy: null, periods: null };

  function visible(): boolean {
    return typeof document === 'undefined' || document.visibilityState !== 'hidden';
  }

  function noticeFor(item: ClockItem, c: EvaluatedClock, state: 'dueSoon' | 'overdue'): ClockNotice {
    const key = `${item.row.type}:${item.row.id}:${c.ruleId}:${state}`;
    const name = itemName(item.row);
    const label = t(`clock.label.${c.label}`);
    const title = state === 'overdue' ? t('clock.notify.overdueTitle', { label, name }) : t('clock.notify.dueSoonTitle', { label, name });
    const body = c.ev.deadline ? t('clock.notify.body', { deadline: formatDeadline(c.ev.deadline), citation: c.rule.citation }) : '';
    return { key, title, body };
  }

  function notifyTransitions(items: readonly ClockItem[]): void {
    const fresh: ClockNotice[] = [];
    const live = new Set<string>();
    for (const item of items) {
      for (const c of item.clocks) {
        const prefix = `${item.row.type}:${item.row.id}:${c.ruleId}:`;
        live.add(prefix + 'dueSoon');
        live.add(prefix + 'overdue');
        const s = c.ev.state;
        if (s !== 'dueSoon' && s !== 'overdue') continue;
        const key = prefix + s;
        if (notified.has(key)) continue;
        // An item found overdue also counts as warned for due soon.
        if (s === 'overdue') notified.add(prefix + 'dueSoon');
        notified.add(key);
        fresh.push(noticeFor(item, c, s));
      }
    }
    let changed = fresh.length > 0;
    // Forget items that are no longer open, so the list stays as long as the open work.
    for (const k of [...notified]) {
      if (!live.has(k)) {
        notified.delete(k);
        changed = true;
      }
    }
    if (changed) writeNotified(notified);
    if (fresh.length === 0 || !notificationsAllowed()) return;
    if (fresh.length > MAX_SEPARATE_NOTIFICATIONS) {
      const overdue = fresh.filter((n) => n.key.endsWith(':overdue')).length;
      void notify({ key: 'clocks:summary', title: t('clock.notify.manyTitle', { count: fresh.length }), body: t('clock.notify.manyBody', { overdue, dueSoon: fresh.length - overdue }) });
      return;
    }
    for (const n of fresh) void notify(n);
  }

  function recompute(): void {
    if (disposed) return;
    checkClockJump();
    const at = now();
    const periods = clockStore.getState().disasterPeriods;
    const items: ClockItem[] = [];
    const evs: ClockEvaluation[] = [];
    let overdueItems = 0;
    let dueSoonItems = 0;
    if (cacheKey.policy !== policy || cacheKey.periods !== periods) {
      cache = new WeakMap();
      cacheKey = { policy, periods };
    }
    const fraction = policy.dueSoonFraction;
    for (const row of rows) {
      if (!isOpenItem(row)) continue;
      // The live query hands back the same row objects until a row changes, so which
      // clocks a row carries is worked out once per version of the row.
      let defs = cache.get(row);
      if (!defs) {
        defs = clocksOf(row, policy, { disasterPeriods: periods });
        cache.set(row, defs);
      }
      const clocks: EvaluatedClock[] = defs.map((c) => ({ ...c, ev: evaluateClock(c.rule, c.events, at, { calendar, dueSoonFraction: fraction }) }));
      if (clocks.length === 0) continue;
      items.push({ row, clocks });
      let o = false;
      let s = false;
      for (const c of clocks) {
        evs.push(c.ev);
        if (c.ev.state === 'overdue') o = true;
        else if (c.ev.state === 'dueSoon') s = true;
      }
      if (o) overdueItems += 1;
      else if (s) dueSoonItems += 1;
    }
    const monthly = chief() ? monthlyClock(at, monthlySubmittedAt) : null;
    // The monthly report is shown on its own line, not in the item counts or the badge.
    const summary: ClockSummary = { ...summarize(evs, at), overdueItems, dueSoonItems };

    let next = nextWakeup(monthly ? [...evs, monthly.ev] : evs, at)?.getTime() ?? null;
    if (deps.refreshWhileVisible !== false && visible() && (summary.running + summary.dueSoon + summary.overdue) > 0) {
      const minute = at.getTime() + (MINUTE - (at.getTime() % MINUTE));
      next = next === null ? minute : Math.min(next, minute);
    }
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (next !== null) {
      const delay = Math.min(Math.max(0, next - at.getTime()), maxSleep);
      timer = setTimeout(() => {
        timer = null;
        recompute();
      }, delay);
    }

    clockStore.setState({ items, summary, monthly, evaluatedAt: at.getTime(), nextWakeAt: next });
    if (!loaded || !policyReady) return;
    badge(overdueItems);
    notifyTransitions(items);
  }

  return {
    setRows(r) {
      rows = r;
      loaded = true;
      recompute();
    },
    clearRows() {
      rows = [];
      loaded = false;
      recompute();
    },
    setDisasterPeriods(p) {
      clockStore.setState({ disasterPeriods: p });
      recompute();
    },
    recompute,
    pendingTimers: () => (timer === null ? 0 : 1),
    dispose() {
      disposed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

/** Every open item with a clock, read in one pass over the [type+status] index. */
export async function openClockRows(db: StationDb): Promise<RecordRow[]> {
  const lists = await Promise.all(CLOCKED_TYPES.map((type) => listRecords(db, type, { status: OPEN_STATUSES[type] })));
  return lists.flat();
}

function toPeriods(rows: readonly RecordRow[]): StoredDisasterPeriod[] {
  const out: StoredDisasterPeriod[] = [];
  for (const r of rows) {
    const from = r.data.from;
    if (typeof from !== 'string' || Number.isNaN(Date.parse(from))) continue;
    const to = typeof r.data.to === 'string' ? r.data.to : null;
    out.push({ id: r.id, from, to, note: typeof r.data.note === 'string' ? r.data.note : undefined, row: r });
  }
  return out.sort((a, b) => Date.parse(String(a.from)) - Date.parse(String(b.from)));
}

/** [DL5] The chief's declared disaster periods on the signed-in user's device. */
export async function disasterPeriods(db: StationDb | undefined = currentDevice()?.db): Promise<StoredDisasterPeriod[]> {
  if (!db) return [];
  return toPeriods(await listRecords(db, 'disasterPeriod'));
}

/**
 * [DL5] What to stamp on a repair's return visit created at `archivedAt`: the rule in force
 * then, 48 h instead of 24 h inside a declared disaster period, and its deadline.
 */
export async function returnVisitStamp(archivedAt: Date): Promise<{ ruleId: string; disaster: boolean; startsAt: string; dueAt: string } | null> {
  const rule = returnVisitRuleFor(archivedAt, await disasterPeriods(), policy);
  if (!rule) return null;
  const { deadline } = computeDeadline(rule, archivedAt, calendar);
  return { ruleId: rule.id, disaster: rule.variant === 'disaster', startsAt: archivedAt.toISOString(), dueAt: deadline.toISOString() };
}

/** Declares a disaster period starting now (trusted time). */
export async function declareDisasterPeriod(note: string, from: Date = trustedNow()): Promise<SaveOutcome> {
  const id = newId();
  return saveChanges([
    { name: 'record.upsert', args: { type: 'disasterPeriod', id, fields: { from: from.toISOString(), to: null, note: note.trim() }, base: {} } },
  ]);
}

/** Ends an open disaster period now. */
export async function endDisasterPeriod(period: StoredDisasterPeriod, to: Date = trustedNow()): Promise<SaveOutcome> {
  return saveChanges([
    { name: 'record.upsert', args: { type: 'disasterPeriod', id: period.id, fields: { to: to.toISOString() }, base: { to: period.row.clocks.to ?? null } } },
  ]);
}

// ---------------------------------------------------------------------------
// Binding to the signed-in user's database and the page.

let scheduler: ClockScheduler | null = null;
let uninstall: (() => void) | null = null;

/**
 * Starts the one scheduler for the page (idempotent): follows the signed-in user's
 * database, trusted time, focus and visibility. main.tsx calls it once; clock components
 * call it too so a mounted badge is never stale.
 */
export function installClockScheduler(opts: { base?: string } = {}): () => void {
  if (uninstall) return uninstall;
  const s = createClockScheduler();
  scheduler = s;
  let boundDb: StationDb | null = null;
  let unbind: (() => void)[] = [];

  const bind = () => {
    const db = currentDevice()?.db ?? null;
    if (db === boundDb) return;
    for (const u of unbind) u();
    unbind = [];
    boundDb = db;
    if (!db) {
      clockStore.setState({ disasterPeriods: [] });
      // Another station's settings must not outlive its user's session.
      policy = DEFAULT_POLICY;
      calendar = OFFICIAL_CALENDAR;
      s.clearRows();
      setBadge(0);
      return;
    }
    policyReady = false;
    // The chief's rules, due-soon fraction and imported calendar years, as synced ([DL10], [CA8]).
    unbind.push(followStationSettings(db, currentDevice()?.session.station ?? '', (p, cal) => setClockPolicy(p, cal)));
    unbind.push(live(() => openClockRows(db)).subscribe((rows) => s.setRows(rows)));
    unbind.push(live(() => listRecords(db, 'disasterPeriod')).subscribe((rows) => s.setDisasterPeriods(toPeriods(rows))));
    unbind.push(followPullOffset(db));
  };
  bind();
  s.recompute();

  const onWake = () => {
    bind();
    s.recompute();
  };
  const untime = installTrustedTime(opts.base);
  const offSession = sessionStore.subscribe(() => {
    bind();
    s.recompute();
  });
  // The device opens asynchronously after the session; its sync state lands here first.
  const offSync = syncStore.subscribe(bind);
  const offTime = timeStore.subscribe((v, prev) => {
    if (v.offsetMs !== prev.offsetMs) s.recompute();
  });
  const hasWindow = typeof addEventListener === 'function';
  if (hasWindow) {
    addEventListener('focus', onWake);
    document.addEventListener('visibilitychange', onWake);
  }
  uninstall = () => {
    if (hasWindow) {
      removeEventListener('focus', onWake);
      document.removeEventListener('visibilitychange', onWake);
    }
    offSession();
    offSync();
    offTime();
    untime();
    for (const u of unbind) u();
    s.dispose();
    policyReady = true;
    scheduler = null;
    uninstall = null;
  };
  return uninstall;
}

/** The page's scheduler, if installed (tests). */
export function currentClockScheduler(): ClockScheduler | null {
  return scheduler;
}

// ---------------------------------------------------------------------------
// Hooks for components.

export const useClockSummary = (): ClockSummary => useStore(clockStore, (s) => s.summary);
export const useMonthlyClock = (): MonthlyClock | null => useStore(clockStore, (s) => s.monthly);
export const useDisasterPeriods = (): readonly StoredDisasterPeriod[] => useStore(clockStore, (s) => s.disasterPeriods);

/** Ensures the scheduler runs while a clock component is mounted. */
export function useClockScheduler(): void {
  useEffect(() => {
    installClockScheduler();
  }, []);
}

/** A row's clocks, re-evaluated whenever the scheduler runs (state changes, minute ticks, focus). */
export function useClockOf(row: RecordRow): EvaluatedClock[] {
  useClockScheduler();
  const at = useStore(clockStore, (s) => s.evaluatedAt);
  const periods = useStore(clockStore, (s) => s.disasterPeriods);
  const [, force] = useState(0);
  useEffect(() => timeStore.subscribe(() => force((n) => n + 1)), []);
  void at; // re-render on every scheduler pass; evaluate at this render's trusted now
  return evaluateItem(row, trustedNow(), policy, { calendar, disasterPeriods: periods });
}

// ---------------------------------------------------------------------------
// Calendar export.

const ALARM_KEY = 'stationdesk.icsAlarmMinutes';
export const ALARM_CHOICES = [0, 15, 30, 60, 120] as const;

export function icsAlarmMinutes(): number {
  try {
    const v = Number(globalThis.localStorage?.getItem(ALARM_KEY));
    return (ALARM_CHOICES as readonly number[]).includes(v) && globalThis.localStorage?.getItem(ALARM_KEY) !== null ? v : 30;
  } catch {
    return 30;
  }
}

export function setIcsAlarmMinutes(m: number): void {
  try {
    globalThis.localStorage?.setItem(ALARM_KEY, String(m));
  } catch {
    // The choice lasts for this visit only.
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A deadline in Beijing time, in the page's language (e.g. 7/1 10:45). */
export function formatDeadline(d: Date): string {
  const locale = currentLocale();
  let f = formats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
    formats.set(locale, f);
  }
  return f.format(d);
}

function currentLocale(): string {
  return typeof document !== 'undefined' && document.documentElement.lang ? document.documentElement.lang : 'zh-CN';
}

const OPEN_STATES: readonly ClockState[] = ['running', 'dueSoon', 'overdue'];

/** The .ics text of every open deadline on this device ([DL9]), alarms `alarmMinutes` before. */
export function buildDeadlinesIcs(alarmMinutes = icsAlarmMinutes(), now: Date = trustedNow()): string {
  const { items, monthly } = clockStore.getState();
  const list: IcsDeadline[] = [];
  for (const item of items) {
    for (const c of item.clocks) {
      if (!c.ev.deadline || !OPEN_STATES.includes(c.ev.state)) continue;
      const label = t(`clock.label.${c.label}`);
      list.push({
        uid: `${item.row.type}-${item.row.id}-${c.ruleId}@stationdesk`,
        title: t('clock.ics.title', { label, name: itemName(item.row) }),
        description: t('clock.ics.description', { citation: c.rule.citation, rule: c.ruleId }) + (c.ev.provisional ? ` ${t('clock.provisional')}` : ''),
        deadline: c.ev.deadline,
        alarmMinutesBefore: alarmMinutes,
      });
    }
  }
  if (monthly && monthly.ev.deadline && OPEN_STATES.includes(monthly.ev.state)) {
    list.push({
      uid: `report-${monthly.month}@stationdesk`,
      title: t('clock.ics.monthlyTitle', { month: monthly.month }),
      description: t('clock.ics.description', { citation: monthly.ev.citation, rule: monthly.ev.ruleId }),
      deadline: monthly.ev.deadline,
      alarmMinutesBefore: alarmMinutes,
    });
  }
  list.sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
  return deadlinesToIcs(list, now, { calendarName: t('clock.ics.calendarName') });
}

export const ICS_FILE_NAME = 'stationdesk-deadlines.ics';

/** Builds the file and hands it to the browser as a download. */
export function downloadDeadlinesIcs(alarmMinutes = icsAlarmMinutes()): void {
  const text = buildDeadlinesIcs(alarmMinutes);
  const blob = new Blob([text], { type: 'text/calendar;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = ICS_FILE_NAME;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
