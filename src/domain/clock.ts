/**
 * Evaluating one item's deadline clock. Rules: SPEC.md "Deadlines [DL*]".
 * `now` is always an argument: the app passes the server-corrected time.
 */
import {
  DAY_MS,
  BEIJING_OFFSET_MS,
  OFFICIAL_CALENDAR,
  addCalendarDays,
  instantMs,
  workingDaysAfter,
  type WorkCalendar,
} from './calendar';
import {
  DEFAULT_DUE_SOON_FRACTION,
  DEFAULT_POLICY,
  ruleAt,
  withDisasterSetting,
  type Rule,
  type StationPolicy,
} from './policy';

export type ClockState = 'notStarted' | 'running' | 'dueSoon' | 'overdue' | 'metOnTime' | 'metLate';

export type ClockProblem = 'clock.bad_start' | 'clock.bad_stop';

export interface ClockEvents {
  readonly start?: Date | string | null;
  readonly stop?: Date | string | null;
}

export interface ClockOptions {
  readonly calendar?: WorkCalendar;
  readonly dueSoonFraction?: number;
  /** [DL5] Use the rule's disaster setting (a declared natural-disaster period). */
  readonly disaster?: boolean;
}

export interface ClockEvaluation {
  readonly state: ClockState;
  readonly ruleId: string;
  readonly citation: string;
  /** Null only when the clock has not started. */
  readonly deadline: Date | null;
  /** [CA4] The deadline counted working days the calendar does not know yet. */
  readonly provisional: boolean;
  readonly start?: Date;
  readonly stop?: Date;
  /** First instant the clock counts as due soon ([DL3]); absent when not started. */
  readonly dueSoonAt?: Date;
  /** Time left at `now` (running, dueSoon), or the margin it was met with (metOnTime). */
  readonly leftMs?: number;
  /** Time past the deadline at `now` (overdue) or at the stop (metLate). */
  readonly overMs?: number;
  readonly problem?: ClockProblem;
}

export interface DeadlineResult {
  readonly deadline: Date;
  readonly provisional: boolean;
}

function toInstant(x: Date | string | null | undefined): Date | null | 'bad' {
  if (x === undefined || x === null) return null;
  if (typeof x === 'string') {
    const t = instantMs(x);
    return Number.isNaN(t) ? 'bad' : new Date(t);
  }
  return Number.isNaN(x.getTime()) ? 'bad' : x;
}

/** [DL1] Deadline of a rule for a clock started at `start`. */
export function computeDeadline(rule: Rule, start: Date, calendar: WorkCalendar = OFFICIAL_CALENDAR): DeadlineResult {
  switch (rule.unit) {
    case 'minutes':
      return { deadline: new Date(start.getTime() + rule.amount * 60_000), provisional: false };
    case 'hours':
      return { deadline: new Date(start.getTime() + rule.amount * 3_600_000), provisional: false };
    case 'calendarDays':
      return { deadline: addCalendarDays(start, rule.amount), provisional: false };
    case 'workingDays':
      return workingDaysAfter(start, rule.amount, calendar);
    case 'monthlyReport':
      return { deadline: monthlyDeadline(start, rule.amount, rule.dueTime), provisional: false };
  }
}

/**
 * [DL6] The report on the month that ended at `monthEnded` is due on day
 * `day` of the following Beijing month, holidays or not. Stepping back 1 ms
 * lets callers pass either the month's last instant or the next month's first.
 */
function monthlyDeadline(monthEnded: Date, day: number, dueTime: string | undefined): Date {
  const reported = new Date(monthEnded.getTime() - 1 + BEIJING_OFFSET_MS);
  const firstOfNext = Date.UTC(reported.getUTCFullYear(), reported.getUTCMonth() + 1, 1) / DAY_MS;
  const dueDay = firstOfNext + day - 1;
  if (dueTime === undefined) return new Date((dueDay + 1) * DAY_MS - BEIJING_OFFSET_MS - 1);
  const [h, m] = dueTime.split(':').map(Number) as [number, number];
  return new Date(dueDay * DAY_MS - BEIJING_OFFSET_MS + (h * 60 + m) * 60_000);
}

/** [DL3] First instant with less than `fraction` of the window left. */
function dueSoonInstant(startMs: number, deadlineMs: number, fraction: number): number {
  const window = Math.max(0, deadlineMs - startMs);
  return deadlineMs - Math.ceil(fraction * window) + 1;
}

/** State of an evaluated clock at another instant, without recomputing the deadline. */
export function clockStateAt(ev: ClockEvaluation, now: Date): ClockState {
  if (ev.state === 'notStarted' || ev.state === 'metOnTime' || ev.state === 'metLate' || ev.deadline === null) {
    return ev.state;
  }
  const t = now.getTime();
  const deadline = ev.deadline.getTime();
  if (t > deadline) return 'overdue';
  if (ev.dueSoonAt && t >= ev.dueSoonAt.getTime()) return 'dueSoon';
  return 'running';
}

/**
 * [DL1]–[DL5] Evaluates a rule against an item's start and stop events.
 * A deadline is inclusive: stopping at the deadline instant is on time, and a
 * running clock is overdue only after it.
 */
export function evaluateClock(rule: Rule, events: ClockEvents, now: Date, opts: ClockOptions = {}): ClockEvaluation {
  const effective = opts.disaster ? withDisasterSetting(rule) : rule;
  const ruleId = effective.id;
  const citation = effective.citation;
  const start = toInstant(events.start);
  if (start === null) return { state: 'notStarted', ruleId, citation, deadline: null, provisional: false };
  if (start === 'bad') return { state: 'notStarted', ruleId, citation, deadline: null, provisional: false, problem: 'clock.bad_start' };

  const { deadline, provisional } = computeDeadline(effective, start, opts.calendar ?? OFFICIAL_CALENDAR);
  const deadlineMs = deadline.getTime();
  const fraction = opts.dueSoonFraction ?? DEFAULT_DUE_SOON_FRACTION;
  const dueSoonAtMs = dueSoonInstant(start.getTime(), deadlineMs, fraction);
  const dueSoonAt = new Date(dueSoonAtMs);
  const stop = toInstant(events.stop);

  if (stop instanceof Date) {
    const stopMs = stop.getTime();
    return stopMs <= deadlineMs
      ? { state: 'metOnTime', ruleId, citation, deadline, provisional, start, stop, dueSoonAt, leftMs: deadlineMs - stopMs }
      : { state: 'metLate', ruleId, citation, deadline, provisional, start, stop, dueSoonAt, overMs: stopMs - deadlineMs };
  }
  const t = now.getTime();
  const ev: { -readonly [K in keyof ClockEvaluation]: ClockEvaluation[K] } =
    t > deadlineMs
      ? { state: 'overdue', ruleId, citation, deadline, provisional, start, dueSoonAt, overMs: t - deadlineMs }
      : { state: t >= dueSoonAtMs ? 'dueSoon' : 'running', ruleId, citation, deadline, provisional, start, dueSoonAt, leftMs: deadlineMs - t };
  if (stop === 'bad') ev.problem = 'clock.bad_stop';
  return ev;
}

/**
 * The next instant after `now` at which this clock's state changes (it turns
 * due soon, or overdue one millisecond after the deadline), or null when it
 * will not change by itself (not started, stopped, already overdue).
 */
export function nextChangeAt(ev: ClockEvaluation, now: Date): Date | null {
  if (ev.deadline === null || ev.state === 'notStarted' || ev.state === 'metOnTime' || ev.state === 'metLate') return null;
  const t = now.getTime();
  const overdueAt = ev.deadline.getTime() + 1;
  const soon = ev.dueSoonAt?.getTime();
  if (soon !== undefined && soon > t && soon < overdueAt) return new Date(soon);
  return overdueAt > t ? new Date(overdueAt) : null;
}

// ---------------------------------------------------------------------------
// [DL6] Monthly report.

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export type MonthlyReportDue =
  | { readonly ok: true; readonly due: Date; readonly rule: Rule }
  | { readonly ok: false; readonly reason: 'report.bad_month' | 'report.no_rule' };

/**
 * [DL6] When the monthly report on `month` ('YYYY-MM') is due: the 7th of the
 * next month at 16:00 Beijing by default (or the 5th, as set), never moved for
 * holidays. The rule version is the one in force when the month ended.
 */
export function monthlyReportDue(month: string, policy: StationPolicy = DEFAULT_POLICY): MonthlyReportDue {
  const m = MONTH_RE.exec(month);
  if (!m) return { ok: false, reason: 'report.bad_month' };
  const firstOfNext = Date.UTC(Number(m[1]), Number(m[2]), 1) / DAY_MS;
  const monthEnded = new Date(firstOfNext * DAY_MS - BEIJING_OFFSET_MS);
  const rule = ruleAt(policy, 'report.monthly', monthEnded);
  if (!rule || rule.unit !== 'monthlyReport') return { ok: false, reason: 'report.no_rule' };
  return { ok: true, due: computeDeadline(rule, monthEnded).deadline, rule };
}

