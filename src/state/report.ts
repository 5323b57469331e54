import { listChildren, listRecords, type StationDb } from '../db';
import { monthlyReport, type MonthlyReport } from '../domain/report';
import { reportRows, toCsv, type ReportRow } from '../domain/report-table';
import { t } from '../i18n';
import { clockPolicy, trustedNow } from './clocks';
import { useLive } from './device';

// The chief's monthly report, computed on the device from what it has synced.

const TYPES = ['repairJob', 'appeal', 'visit', 'zoneDuty'] as const;

export async function loadReport(db: StationDb, month: string, now: Date = trustedNow()): Promise<MonthlyReport> {
  const [records, answers, inspections] = await Promise.all([
    Promise.all(TYPES.map((type) => listRecords(db, type))).then((x) => x.flat()),
    listChildren(db, 'surveyAnswer'),
    listChildren(db, 'inspection'),
  ]);
  return monthlyReport({ month, records, children: [...answers, ...inspections], now, policy: clockPolicy() });
}

export function useMonthlyReport(month: string): MonthlyReport | null {
  return useLive((db) => loadReport(db, month), [month], null);
}

const label = (key: string, params?: Record<string, unknown>) => (t as unknown as (k: string, p?: Record<string, unknown>) => string)(key, params);

export function reportTable(r: MonthlyReport): ReportRow[] {
  return reportRows(r, label);
}

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadCsv(r: MonthlyReport): void {
  download(new Blob([toCsv(reportTable(r))], { type: 'text/csv;charset=utf-8' }), `stationdesk-report-${r.month}.csv`);
}

export async function downloadXlsx(r: MonthlyReport): Promise<void> {
  const rows = reportTable(r).map((row) => row.cells.map((value) => (typeof value === 'number' ? { type: Number, value } : { type: String, value })));
  // Loaded on demand: the Excel writer is a large module only the chief ever needs.
  const { default: writeXlsxFile } = await import('write-excel-file/universal');
  const blob = await writeXlsxFile(rows as never, { sheet: r.month }).toBlob();
  download(blob, `stationdesk-report-${r.month}.xlsx`);
}
