import type { MonthlyReport } from './report';
import { RATINGS } from './survey';

// The monthly report as rows of cells, for CSV, XLSX and the printed page alike, so the
// three always show the same figures. Labels come from the caller (the user's language).

export type Cell = string | number;
export type Label = (key: string, params?: Record<string, unknown>) => string;

const pct = (r: number | null) => (r === null ? '' : Math.round(r * 1000) / 10);

/** A row of the report; `ids` are the records behind its figure, for drilling down. */
export interface ReportRow {
  cells: Cell[];
  ids?: string[];
}

export function reportRows(r: MonthlyReport, label: Label): ReportRow[] {
  const out: ReportRow[] = [];
  const rows = {
    push(cells: Cell[], ids?: string[]) {
      out.push(ids ? { cells, ids } : { cells });
    },
  };
  rows.push([label('report.title', { month: r.month })]);
  rows.push([]);
  rows.push([label('report.section.volumes'), label('report.col.item'), label('report.col.count')]);
  rows.push(['', label('report.item.repairs'), r.volumes.repairs.value], r.volumes.repairs.ids);
  for (const [ch, f] of Object.entries(r.volumes.repairsByChannel)) rows.push(['', label('report.item.repairsVia', { channel: label(`repair.via.${ch}`) }), f.value], f.ids);
  rows.push(['', label('report.item.appeals'), r.volumes.appeals.value], r.volumes.appeals.ids);
  for (const [ch, f] of Object.entries(r.volumes.appealsByChannel)) rows.push(['', label('report.item.appealsVia', { channel: label(`report.channel.${ch}`) }), f.value], f.ids);
  for (const [k, f] of Object.entries(r.volumes.appealsByKind)) rows.push(['', label('report.item.appealsKind', { kind: label(`report.kind.${k}`) }), f.value], f.ids);
  rows.push(['', label('report.item.visitsDone'), r.volumes.visitsDone.value], r.volumes.visitsDone.ids);
  rows.push([]);
  rows.push([label('report.section.onTime'), label('report.col.rule'), label('report.col.onTime'), label('report.col.late'), label('report.col.overdue'), label('report.col.rate')]);
  for (const f of r.onTime) rows.push(['', `${f.ruleId} (${f.citation})`, f.onTime, f.late, f.overdue, pct(f.rate)], f.ids);
  rows.push([]);
  rows.push([label('report.section.satisfaction'), label('report.col.question'), ...RATINGS.map((x) => label(`report.rating.${x}`)), label('report.col.satisfiedRate')]);
  for (const q of r.satisfaction.ratings) rows.push(['', label(`report.question.${q.question}`), ...RATINGS.map((x) => q.counts[x]), pct(q.satisfiedRate)]);
  rows.push(['', label('report.item.overall'), '', '', '', '', pct(r.satisfaction.overall.satisfiedRate)]);
  rows.push([]);
  rows.push([label('report.section.coverage'), label('report.col.item'), label('report.col.required'), label('report.col.visited'), label('report.col.rate')]);
  rows.push(['', label('report.item.coverageRepairs'), r.coverage.repairs.required, r.coverage.repairs.visited, pct(r.coverage.repairs.rate)], r.coverage.repairs.ids);
  rows.push(['', label('report.item.coverageAppeals'), r.coverage.appeals.required, r.coverage.appeals.visited, pct(r.coverage.appeals.rate)], r.coverage.appeals.ids);
  rows.push([]);
  rows.push([label('report.section.hygiene'), label('report.col.item'), label('report.col.count')]);
  rows.push(['', label('report.item.duties'), r.hygiene.duties.value], r.hygiene.duties.ids);
  rows.push(['', label('report.item.dutiesDone'), r.hygiene.dutiesDone.value], r.hygiene.dutiesDone.ids);
  rows.push(['', label('report.item.inspections'), r.hygiene.inspections.value]);
  rows.push(['', label('report.item.inspectionsPassed'), r.hygiene.inspectionsPassed.value]);
  return out;
}

/** RFC 4180 CSV with a byte-order mark, so Excel opens Chinese text as UTF-8. */
export function toCsv(rows: readonly ReportRow[]): string {
  const esc = (c: Cell) => {
    const s = String(c);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + rows.map((r) => r.cells.map(esc).join(',')).join('\r\n') + '\r\n';
}
