import { evaluateItem } from '../../src/domain/clocks-of';
import { NOW, openItems } from './data';
import { figure, log, median, timed, type Env, type Figure } from './lib';

// clocks_50k: every clock of 50,000 open items evaluated with the app's evaluateItem
// (which clocks a row carries, the rule in force, deadline, state), counting the states.
// The floor: the same loop over the same items reading only the fields a clock needs.

const N = 50_000;
const RUNS = 7;

export default async function clocks(_env: Env): Promise<Figure[]> {
  const rows = openItems(N);
  const app: number[] = [];
  const raw: number[] = [];
  let states: Record<string, number> = {};
  let sink = 0;
  for (let r = 0; r < RUNS + 1; r += 1) {
    const a = await timed(() => {
      const counts: Record<string, number> = {};
      for (const row of rows) for (const c of evaluateItem(row, NOW)) counts[c.ev.state] = (counts[c.ev.state] ?? 0) + 1;
      return counts;
    });
    const f = await timed(() => {
      let n = 0;
      for (const row of rows) {
        const d = row.data;
        if (row.type === row.type && row.status !== 'x' && (d.reportedAt ?? d.startsAt) !== undefined && d.restoredAt === undefined) n += 1;
      }
      return n;
    });
    if (r > 0) {
      app.push(a.ms);
      raw.push(f.ms);
    }
    states = a.value;
    sink += f.value;
  }
  log(`clocks: states ${JSON.stringify(states)}; app ms ${app.map((x) => x.toFixed(1)).join(' ')}; floor ms ${raw.map((x) => x.toFixed(2)).join(' ')} (${sink})`);
  return [
    figure({
      name: 'clocks_50k', value: median(app), unit: 'ms', floor: median(raw), better: 'lower', target: { on: 'ratio', op: '<=', x: 5 },
      note: `${N} open items, median of ${RUNS}, node ${process.version}`,
    }),
  ];
}
