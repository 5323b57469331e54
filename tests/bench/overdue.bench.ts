import { harnessPage } from './browser-harness';
import { figure, log, type Env, type Figure } from './lib';

// overdue_query_100k: with 100,000 records stored (Chromium's IndexedDB, the app's own
// schema), the overdue list's query as the app runs it: openClockRows (every open item
// through the [type+status] index) and each item's clocks evaluated, keeping the overdue
// ones. The floor: one raw range query on the dueAt index returning the same rows (the
// data set stores each open item's due time and nothing closed carries one).

const N = 100_000;
const RUNS = 5;

export default async function overdue(env: Env): Promise<Figure[]> {
  const { context, page } = await harnessPage(env);
  try {
    const r = (await page.evaluate(`(async () => {
      const b = window.__bench;
      const db = await b.openUserDb('bench-overdue', { station: 'S1', name: 'bench-overdue' });
      const rows = b.station(${N});
      const t0 = performance.now();
      for (let i = 0; i < rows.length; i += 5000) await db.records.bulkPut(rows.slice(i, i + 5000).map(b.toStored));
      const loadMs = performance.now() - t0;
      const now = b.NOW;
      const iso = now.toISOString();
      const app = [], raw = [];
      let appCount = -1, rawCount = -1;
      for (let i = 0; i < ${RUNS + 1}; i += 1) {
        let t = performance.now();
        const open = await b.openClockRows(db);
        let n = 0;
        for (const row of open) if (b.evaluateItem(row, now).some((c) => c.ev.state === 'overdue')) n += 1;
        const a = performance.now() - t;
        t = performance.now();
        const found = await db.records.where('dueAt').below(iso).toArray();
        const f = performance.now() - t;
        if (i > 0) { app.push(a); raw.push(f); }
        appCount = n; rawCount = found.length;
      }
      db.close();
      return { app, raw, appCount, rawCount, loadMs, stored: rows.length };
    })()`)) as { app: number[]; raw: number[]; appCount: number; rawCount: number; loadMs: number; stored: number };
    log(`overdue: ${r.stored} records loaded in ${Math.round(r.loadMs)} ms; app ms ${r.app.map(Math.round).join(' ')}; raw ms ${r.raw.map(Math.round).join(' ')}; counts ${r.appCount}/${r.rawCount}`);
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const same = r.appCount === r.rawCount;
    return [
      figure({
        name: 'overdue_query_100k', value: med(r.app), unit: 'ms', floor: med(r.raw), better: 'lower', target: { on: 'ratio', op: '<=', x: 2 },
        note: `Chromium IndexedDB, ${r.stored} records, ${r.appCount} overdue${same ? '' : ` (FLOOR RETURNED ${r.rawCount}: counts differ)`}; median of ${RUNS}`,
      }),
    ];
  } finally {
    await context.close();
  }
}
