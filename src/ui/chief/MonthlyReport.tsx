import './chief.css';
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { monthOf } from '../../domain/report';
import { trustedNow } from '../../state/clocks';
import { downloadCsv, downloadXlsx, reportTable, useMonthlyReport } from '../../state/report';
import { DrillDown } from './DrillDown';
import { TableScroll } from '../shell/TableScroll';

function previousMonth(now: Date): string {
  const m = monthOf(now);
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 1 ? `${y - 1}-12` : `${y}-${String(mm - 1).padStart(2, '0')}`;
}

/** The monthly statistics: the same rows on screen, on paper, in CSV and in Excel. */
export function MonthlyReport() {
  const [month, setMonth] = useState(() => previousMonth(trustedNow()));
  const [drill, setDrill] = useState<string[] | null>(null);
  const report = useMonthlyReport(month);
  const rows = report ? reportTable(report) : [];
  return (
    <main class="page layout-wide report" data-testid="monthly-report">
      <div class="report-controls no-print">
        <label class="field">
          <span>{t('report.month')}</span>
          <input type="month" value={month} data-testid="report-month" onInput={(e) => e.currentTarget.value && setMonth(e.currentTarget.value)} />
        </label>
        <button type="button" class="btn" onClick={() => print()}>
          {t('report.print')}
        </button>
        <button type="button" class="btn" data-testid="report-csv" disabled={!report} onClick={() => report && downloadCsv(report)}>
          {t('report.csv')}
        </button>
        <button type="button" class="btn" data-testid="report-xlsx" disabled={!report} onClick={() => report && void downloadXlsx(report)}>
          {t('report.xlsx')}
        </button>
      </div>
      {!report ? (
        <p>{t('report.loading')}</p>
      ) : (
        <TableScroll label={t('report.title', { month })}>
        <table class="report-table" data-testid="report-table">
          <tbody>
            {rows.map((row, i) =>
              row.cells.length === 0 ? (
                <tr key={i} class="spacer" aria-hidden="true">
                  <td colSpan={7} />
                </tr>
              ) : (
                <tr key={i} class={i === 0 ? 'report-title' : row.cells[0] ? 'report-head' : ''}>
                  {row.cells.map((c, j) => (
                    <td key={j} class={typeof c === 'number' ? 'num' : ''}>
                      {row.ids && row.ids.length > 0 && j === 2 ? (
                        <button type="button" class="link" onClick={() => setDrill(row.ids!)}>
                          {String(c)}
                        </button>
                      ) : (
                        String(c)
                      )}
                    </td>
                  ))}
                </tr>
              ),
            )}
          </tbody>
        </table>
        </TableScroll>
      )}
      {drill ? <DrillDown ids={drill} onClose={() => setDrill(null)} /> : null}
    </main>
  );
}
