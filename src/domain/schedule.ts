/**
 * Many clocks at once: the app keeps one timer for the whole list, set to the
 * next moment any item changes state ([DL7]), instead of one timer per item.
 * Both passes are single loops over precomputed evaluations so 50,000 items
 * stay far below a frame budget; no allocation per item beyond the counts.
 */
import { clockStateAt, evaluateClock, type ClockEvaluation, type ClockEvents, type ClockOptions, type ClockState } from './clock';
import type { Rule } from './policy';

export type StateCounts = Record<ClockState, number> & { provisional: number; total: number };

/** Either an evaluation, or anything that carries one (e.g. a list row). */
export type ScheduledItem = ClockEvaluation | { readonly clock: ClockEvaluation };

function evOf(item: ScheduledItem): ClockEvaluation {
  return 'clock' in item ? item.clock : item;
}

/** [DL7] Earliest instant after `now` at which any item changes state, or null if none will. */
export function nextWakeup(items: Iterable<ScheduledItem>, now: Date): Date | null {
  const t = now.getTime();
  let best = Infinity;
  for (const item of items) {
    const ev = evOf(item);
    if (ev.deadline === null || ev.state === 'notStarted' || ev.state === 'metOnTime' || ev.state === 'metLate') continue;
    const overdueAt = ev.deadline.getTime() + 1;
    if (overdueAt <= t) continue;
    const soon = ev.dueSoonAt ? ev.dueSoonAt.getTime() : Infinity;
    const next = soon > t && soon < overdueAt ? soon : overdueAt;
    if (next < best) best = next;
  }
  return best === Infinity ? null : new Date(best);
}

/** Counts per state at `now` (states are re-derived, so stale evaluations are fine). */
export function summarize(items: Iterable<ScheduledItem>, now: Date): StateCounts {
  const counts: StateCounts = {
    notStarted: 0,
    running: 0,
    dueSoon: 0,
    overdue: 0,
    metOnTime: 0,
    metLate: 0,
    provisional: 0,
    total: 0,
  };
  for (const item of items) {
    const ev = evOf(item);
    counts[clockStateAt(ev, now)] += 1;
    if (ev.provisional) counts.provisional += 1;
    counts.total += 1;
  }
  return counts;
}

export interface ClockInput {
  readonly rule: Rule;
  readonly events: ClockEvents;
  readonly disaster?: boolean;
}

/** Evaluates many clocks with shared options; the calendar is compiled once and cached. */
export function evaluateAll(inputs: readonly ClockInput[], now: Date, opts: ClockOptions = {}): ClockEvaluation[] {
  const out = new Array<ClockEvaluation>(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as ClockInput;
    out[i] = evaluateClock(input.rule, input.events, now, input.disaster ? { ...opts, disaster: true } : opts);
  }
  return out;
}
