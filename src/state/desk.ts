import { listRecords } from '../db';
import { dailyOnTime } from '../domain/report';
import type { RecordRow } from '../domain/records';
import { clockPolicy, evaluate, openClockRows, trustedNow, useClockSummary } from './clocks';
import { useLive } from './device';

const TYPES = ['repairJob', 'appeal', 'visit', 'zoneDuty', 'customer'] as const;

/** Records by id, whatever their register: the rows behind a figure of the report. */
export function useRecordsByIds(ids: readonly string[]): RecordRow[] {
  const key = ids.join(',');
  return useLive(
    async (db) => {
      const want = new Set(ids);
      const all = await Promise.all(TYPES.map((type) => listRecords(db, type)));
      return all.flat().filter((r) => want.has(r.id));
    },
    [key],
    [],
  );
}


export interface OverdueEntry {
  id: string;
  type: string;
  name: string;
  person: string | null;
  ruleId: string;
  citation: string;
  overMs: number;
}

export type OpenState = 'running' | 'dueSoon' | 'overdue';

export interface DeskOverview {
  counts: Record<string, Record<OpenState, number>>;
  /** The records behind each count, so every figure drills down. */
  ids: Record<string, Record<OpenState, string[]>>;
  overdue: OverdueEntry[];
}

const REGISTERS = ['repairJob', 'appeal', 'visit', 'zoneDuty'] as const;

function personOf(r: RecordRow): string | null {
  const p = r.data.assignee ?? r.data.handler ?? r.data.holder ?? null;
  return typeof p === 'string' ? p : null;
}

export function overviewOf(rows: readonly RecordRow[], now: Date): DeskOverview {
  const counts: DeskOverview['counts'] = Object.fromEntries(REGISTERS.map((r) => [r, { running: 0, dueSoon: 0, overdue: 0 }]));
  const ids: DeskOverview['ids'] = Object.fromEntries(REGISTERS.map((r) => [r, { running: [], dueSoon: [], overdue: [] }]));
  const overdue: OverdueEntry[] = [];
  for (const r of rows) {
    const c = counts[r.type];
    if (!c) continue;
    const clocks = evaluate(r, now);
    const states = clocks.map((x) => x.ev.state);
    // An item counts once, in its worst state.
    const worst: OpenState | null = states.includes('overdue') ? 'overdue' : states.includes('dueSoon') ? 'dueSoon' : states.includes('running') ? 'running' : null;
    if (worst) {
      c[worst] += 1;
      ids[r.type]![worst].push(r.id);
    }
    for (const x of clocks) {
      if (x.ev.state !== 'overdue') continue;
      overdue.push({ id: r.id, type: r.type, name: String(r.data.number ?? r.data.customerName ?? r.data.zoneId ?? r.id.slice(0, 8)), person: personOf(r), ruleId: x.ruleId, citation: x.rule.citation, overMs: x.ev.overMs ?? 0 });
    }
  }
  overdue.sort((a, b) => b.overMs - a.overMs);
  return { counts, ids, overdue };
}

export function useDeskOverview(): DeskOverview {
  const summary = useClockSummary();
  return useLive(async (db) => overviewOf(await openClockRows(db), trustedNow()), [summary], { counts: {}, ids: {}, overdue: [] });
}

export function useDailyOnTime(): ReturnType<typeof dailyOnTime> {
  return useLive(
    async (db) => {
      const all = await Promise.all(REGISTERS.map((type) => listRecords(db, type)));
      return dailyOnTime(all.flat(), trustedNow(), 30, clockPolicy());
    },
    [],
    [],
  );
}
