import { useEffect, useRef } from 'preact/hooks';
import 'chartist/dist/index.css';
import { t } from '../../i18n';
import { useDailyOnTime } from '../../state/desk';

/** The last 30 days, on time against late, as stacked bars (chartist, loaded only here). */
export function Chart30() {
  const data = useDailyOnTime();
  const ref = useRef<HTMLDivElement>(null);
  const days: string[] = [];
  const onTime: number[] = [];
  const late: number[] = [];
  for (const row of data) {
    let i = days.indexOf(row.day);
    if (i < 0) {
      days.push(row.day);
      onTime.push(0);
      late.push(0);
      i = days.length - 1;
    }
    onTime[i]! += row.onTime;
    late[i]! += row.late;
  }
  const key = JSON.stringify([days, onTime, late]);
  useEffect(() => {
    let cancelled = false;
    void import('chartist').then(({ BarChart }) => {
      if (cancelled || !ref.current) return;
      new BarChart(ref.current, { labels: days.map((d) => d.slice(5)), series: [onTime, late] }, { stackBars: true, height: 220, axisY: { onlyInteger: true } });
    });
    return () => {
      cancelled = true;
    };
  }, [key]);
  const total = (a: number[]) => a.reduce((s, x) => s + x, 0);
  return (
    <section class="card" data-testid="chart-30">
      <h2>{t('chief.chart')}</h2>
      <p class="hint">
        {t('chief.chartOnTime')}: {total(onTime)} · {t('chief.chartLate')}: {total(late)}
      </p>
      <div ref={ref} class="chart" role="img" aria-label={t('chief.chart')} />
    </section>
  );
}
