import { beijingDate, beijingInstant } from './calendar';
import { evaluateItem, type EvaluatedClock } from './clocks-of';
import { DEFAULT_POLICY, type StationPolicy } from './policy';
import { APPEAL_CHANNELS, APPEAL_KINDS, REPORT_CHANNELS, type ChildRow, type RecordRow } from './records';
import { summarizeSurvey, type SurveySummary } from './survey';

// The monthly statistics (domain.md §3, 001 第十一条; §5 004 第十二条). Pure: the records and
// children of the station, a month and the instant the report is made. Each figure keeps
// the ids behind it, so the chief can drill down from any number to its records.

export interface Figure {
  value: number;
  ids: string[];
}

export interface RuleFigure {
  ruleId: string;
  citation: string;
  onTime: number;
  late: number;
  /** Deadline passed inside the month, still not done when the report was made. */
  overdue: number;
  /** onTime / (onTime + late + overdue), or null when no clock fell due in the month. */
  rate: number | null;
  ids: string[];
}

export interface CoverageFigure {
  /** Items that required a return visit in the month. */
  required: number;
  /** Of those, visits completed (reached and done). */
  visited: number;
  rate: number | null;
  ids: string[];
}

export interface MonthlyReport {
  month: string;
  generatedAt: string;
  volumes: {
    repairs: Figure;
    repairsByChannel: Record<string, Figure>;
    appeals: Figure;
    appealsByChannel: Record<string, Figure>;
    appealsByKind: Record<string, Figure>;
    visitsDone: Figure;
  };
  onTime: RuleFigure[];
  satisfaction: SurveySummary;
  coverage: { repairs: CoverageFigure; appeals: CoverageFigure };
  hygiene: { duties: Figure; dutiesDone: Figure; inspections: Figure; inspectionsPassed: Figure };
}

/** First instant of the month and of the next one, Beijing time. */
export function monthBounds(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = beijingInstant(`${y}-${String(m).padStart(2, '0')}-01`, 0);
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  return { from, to: beijingInstant(`${ny}-${String(nm).padStart(2, '0')}-01`, 0) };
}

export function monthOf(instant: Date): string {
  return beijingDate(instant).slice(0, 7);
}

const fig = (): Figure => ({ value: 0, ids: [] });
const add = (f: Figure, id: string) => {
  f.value += 1;
  f.ids.push(id);
};
const inMonth = (iso: unknown, from: Date, to: Date) => {
  if (typeof iso !== 'string') return false;
  const t = Date.parse(iso);
  return Number.isFinite(t) && t >= from.getTime() && t < to.getTime();
};
const byKeys = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, fig()])) as Record<string, Figure>;
const rate = (num: number, den: number) => (den === 0 ? null : num / den);

export interface ReportInput {
  month: string;
  records: readonly RecordRow[];
  children: readonly ChildRow[];
  /** When the report is made: clocks still open then and past their deadline count as overdue. */
  now: Date;
  policy?: StationPolicy;
}

export function monthlyReport({ month, records, children, now, policy = DEFAULT_POLICY }: ReportInput): MonthlyReport {
  const { from, to } = monthBounds(month);
  const live = records.filter((r) => !r.deleted);
  const at = now.getTime() < to.getTime() ? now : to;
  const visitsBySource = new Map<string, RecordRow>();
  for (const v of live) if (v.type === 'visit' && typeof v.data.sourceId === 'string') visitsBySource.set(v.data.sourceId, v);
  const visitDone = (v: RecordRow | undefined) => v !== undefined && (v.status === 'done' || v.status === 'reached');

  const volumes: MonthlyReport['volumes'] = {
    repairs: fig(),
    repairsByChannel: byKeys(REPORT_CHANNELS),
    appeals: fig(),
    appealsByChannel: byKeys(APPEAL_CHANNELS),
    appealsByKind: byKeys(APPEAL_KINDS),
    visitsDone: fig(),
  };
  const coverage = {
    repairs: { required: 0, visited: 0, rate: null as number | null, ids: [] as string[] },
    appeals: { required: 0, visited: 0, rate: null as number | null, ids: [] as string[] },
  };
  const hygiene = { duties: fig(), dutiesDone: fig(), inspections: fig(), inspectionsPassed: fig() };
  const rules = new Map<string, RuleFigure>();

  for (const r of live) {
    if (r.type === 'repairJob' && inMonth(r.data.reportedAt, from, to)) {
      add(volumes.repairs, r.id);
      const ch = String(r.data.reportedVia ?? '');
      if (volumes.repairsByChannel[ch]) add(volumes.repairsByChannel[ch]!, r.id);
    }
    if (r.type === 'repairJob' && r.data.insideInstallation !== true && inMonth(r.data.archivedAt, from, to)) {
      // 002 四.2: every repair customer is visited.
      coverage.repairs.required += 1;
      coverage.repairs.ids.push(r.id);
      if (visitDone(visitsBySource.get(r.id))) coverage.repairs.visited += 1;
    }
    if (r.type === 'appeal' && inMonth(r.data.receivedAt, from, to)) {
      add(volumes.appeals, r.id);
      const ch = String(r.data.channel ?? '');
      const kind = String(r.data.kind ?? '');
      if (volumes.appealsByChannel[ch]) add(volumes.appealsByChannel[ch]!, r.id);
      if (volumes.appealsByKind[kind]) add(volumes.appealsByKind[kind]!, r.id);
    }
    if (r.type === 'appeal' && (r.data.kind === 'complaint' || r.data.kind === 'report') && inMonth(r.data.repliedAt, from, to)) {
      coverage.appeals.required += 1;
      coverage.appeals.ids.push(r.id);
      if (visitDone(visitsBySource.get(r.id))) coverage.appeals.visited += 1;
    }
    if (r.type === 'visit' && visitDone(r) && inMonth(r.data.doneAt, from, to)) add(volumes.visitsDone, r.id);
    if (r.type === 'zoneDuty' && inMonth(r.data.dueAt, from, to)) {
      add(hygiene.duties, r.id);
      if (typeof r.data.doneAt === 'string') add(hygiene.dutiesDone, r.id);
    }
    for (const c of evaluateItem(r, at, policy)) countClock(rules, c, r.id, from, to);
  }
  coverage.repairs.rate = rate(coverage.repairs.visited, coverage.repairs.required);
  coverage.appeals.rate = rate(coverage.appeals.visited, coverage.appeals.required);

  const visitIds = new Set(live.filter((r) => r.type === 'visit' && visitDone(r) && inMonth(r.data.doneAt, from, to)).map((r) => r.id));
  const answers = children.filter((c) => c.type === 'surveyAnswer' && visitIds.has(c.parentId)).map((c) => ({ question: c.data.question, answer: c.data.answer, visitId: c.parentId }));
  for (const c of children) {
    if (c.type !== 'inspection' || !inMonth(c.data.at, from, to)) continue;
    add(hygiene.inspections, c.id);
    if (c.data.result === 'pass') add(hygiene.inspectionsPassed, c.id);
  }
  const onTime = [...rules.values()].map((f) => ({ ...f, rate: rate(f.onTime, f.onTime + f.late + f.overdue) })).sort((a, b) => a.ruleId.localeCompare(b.ruleId));
  return { month, generatedAt: now.toISOString(), volumes, onTime, satisfaction: summarizeSurvey(answers), coverage, hygiene };
}

/** A clock counts in the month its deadline falls in. */
function countClock(rules: Map<string, RuleFigure>, c: EvaluatedClock, id: string, from: Date, to: Date): void {
  const d = c.ev.deadline;
  if (!d || d.getTime() < from.getTime() || d.getTime() >= to.getTime()) return;
  const state = c.ev.state;
  if (state !== 'metOnTime' && state !== 'metLate' && state !== 'overdue') return;
  let f = rules.get(c.ruleId);
  if (!f) {
    f = { ruleId: c.ruleId, citation: c.rule.citation, onTime: 0, late: 0, overdue: 0, rate: null, ids: [] };
    rules.set(c.ruleId, f);
  }
  if (state === 'metOnTime') f.onTime += 1;
  else if (state === 'metLate') f.late += 1;
  else f.overdue += 1;
  f.ids.push(id);
}

/** Per day of the last `days` days: clocks met on time and late (or overdue), per register, for the overview chart. */
export function dailyOnTime(records: readonly RecordRow[], now: Date, days = 30, policy: StationPolicy = DEFAULT_POLICY): { day: string; register: string; onTime: number; late: number }[] {
  const today = beijingDate(now);
  const first = Date.parse(`${today}T00:00:00+08:00`) - (days - 1) * 86_400_000;
  const rows = new Map<string, { day: string; register: string; onTime: number; late: number }>();
  for (const r of records) {
    if (r.deleted) continue;
    for (const c of evaluateItem(r, now, policy)) {
      const stop = c.ev.stop ?? (c.ev.state === 'overdue' ? c.ev.deadline : null);
      if (!stop || stop.getTime() < first || stop.getTime() > now.getTime()) continue;
      if (c.ev.state !== 'metOnTime' && c.ev.state !== 'metLate' && c.ev.state !== 'overdue') continue;
      const day = beijingDate(stop);
      const key = `${day}|${r.type}`;
      const row = rows.get(key) ?? { day, register: r.type, onTime: 0, late: 0 };
      if (c.ev.state === 'metOnTime') row.onTime += 1;
      else row.late += 1;
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.day.localeCompare(b.day) || a.register.localeCompare(b.register));
}
