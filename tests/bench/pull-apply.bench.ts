import { harnessPage } from './browser-harness';
import { figure, log, type Env, type Figure } from './lib';

// pull_apply_rows_per_s: pulled pages of 500 rows applied with the app's applyPullPage
// (one transaction per page: shadows, merge of pending work, cursor) into a fresh user
// database in Chromium's IndexedDB. The floor: Dexie bulkPut of the same stored rows, a
// page per transaction, into another fresh database with the same schema.

const ROWS = 20_000;
const PAGE = 500;

export default async function pullApply(env: Env): Promise<Figure[]> {
  const { context, page } = await harnessPage(env);
  try {
    const r = (await page.evaluate(`(async () => {
      const b = window.__bench;
      const rows = b.station(${ROWS});
      const a = await b.openUserDb('bench-pull-a', { station: 'S1', name: 'bench-pull-a' });
      const f = await b.openUserDb('bench-pull-f', { station: 'S1', name: 'bench-pull-f' });
      let t = performance.now();
      for (let p = 0; p < rows.length; p += ${PAGE}) {
        const changes = rows.slice(p, p + ${PAGE}).map((row, j) => ({ seq: p + j + 1, kind: 'record', row }));
        await b.applyPullPage(a, { changes, cursor: p + changes.length, lastMid: 0, hasMore: p + ${PAGE} < rows.length }, { now: b.NOW, clockOffsetMs: 0 });
      }
      const appMs = performance.now() - t;
      t = performance.now();
      for (let p = 0; p < rows.length; p += ${PAGE}) await f.records.bulkPut(rows.slice(p, p + ${PAGE}).map(b.toStored));
      const rawMs = performance.now() - t;
      const counts = [await a.records.count(), await f.records.count()];
      a.close(); f.close();
      return { appMs, rawMs, counts };
    })()`)) as { appMs: number; rawMs: number; counts: number[] };
    log(`pull apply: ${ROWS} rows app ${Math.round(r.appMs)} ms, raw ${Math.round(r.rawMs)} ms, stored ${r.counts.join('/')}`);
    return [
      figure({
        name: 'pull_apply_rows_per_s', value: ROWS / (r.appMs / 1000), unit: 'rows/s', floor: ROWS / (r.rawMs / 1000), better: 'higher',
        target: { on: 'ratio', op: '>=', x: 0.5 }, note: `${ROWS} rows in pages of ${PAGE}, Chromium IndexedDB`,
      }),
    ];
  } finally {
    await context.close();
  }
}
