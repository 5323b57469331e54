import fc from 'fast-check';
import type pg from 'pg';
import { checkWorld } from './sim-checks';
import { FAULTS, type Counters, type Fault } from './sim-network';
import { DEVICES, FIELDS, RECORDS, World, type EditOp, type Step, type Trace } from './sim-world';

// The trace generator and runner, shared by the test (1,000 traces) and the soak (10,000).

// Mostly clean requests; a cut after commit is the hardest case, so it comes up most often.
const okHeavyFault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Fault>('ok') },
  { weight: 2, arbitrary: fc.constant<Fault>('cut') },
  { weight: 6, arbitrary: fc.constantFrom<Fault>(...FAULTS.filter((f) => f !== 'ok' && f !== 'cut')) },
);

const opArb: fc.Arbitrary<EditOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('set' as const), fields: fc.subarray([...FIELDS], { minLength: 1 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('advance' as const), stage: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'reopen' as const }) },
  { weight: 2, arbitrary: fc.constant({ k: 'note' as const }) },
  { weight: 2, arbitrary: fc.constant({ k: 'forbidden' as const }) },
);

const dev = fc.integer({ min: 0, max: DEVICES - 1 });

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('edit' as const), dev, rec: fc.integer({ min: 0, max: RECORDS - 1 }), op: opArb }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('sync' as const), dev, faults: fc.array(okHeavyFault, { maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('deliver' as const), pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 20_000 }) }) },
);

export const traceArb: fc.Arbitrary<Trace> = fc.record({
  // Device clocks up to two minutes off the server's, either way.
  skews: fc.array(fc.integer({ min: -120_000, max: 120_000 }), { minLength: DEVICES, maxLength: DEVICES }),
  steps: fc.array(stepArb, { minLength: 4, maxLength: 14 }),
  healOrder: fc.array(fc.nat(20), { maxLength: 5 }),
});

export interface Totals {
  traces: number;
  sameFieldConflicts: number;
  rejections: number;
  healRounds: number;
}

export function newTotals(): Totals {
  return { traces: 0, sameFieldConflicts: 0, rejections: 0, healRounds: 0 };
}

let stationSeq = 0;
/** Milliseconds per phase, summed over traces, when SIM_PROFILE is set. */
export const profile: Record<string, number> = {};
// Well in the past of any real clock, so the server's "device clock ahead" rule (which reads
// the real clock) never rewrites a stamp, and every run of a trace is the same run.
const START = Date.parse('2020-01-06T00:30:00.000Z');

export async function runTrace(pool: pg.Pool, prefix: string, trace: Trace, counters: Counters, totals: Totals, lane = 0): Promise<void> {
  stationSeq += 1;
  const w = new World(pool, `${prefix}${stationSeq}`, counters, START, trace.skews, lane);
  const prof = process.env.SIM_PROFILE ? profile : null;
  try {
    let t = performance.now();
    const lap = (k: string) => { if (prof) { const n = performance.now(); prof[k] = (prof[k] ?? 0) + n - t; t = n; } };
    await w.setup();
    lap('setup');
    await w.run(trace);
    lap('run');
    const rounds = await w.heal(trace.healOrder);
    totals.healRounds += rounds; // not `+= await`: lanes run side by side
    lap('heal');
    const stats = await checkWorld(w);
    lap('check');
    totals.traces += 1;
    totals.sameFieldConflicts += stats.sameFieldConflicts;
    totals.rejections += stats.rejections;
  } finally {
    await w.dispose();
  }
}

/** Several independent traces at once: one waits on PostgreSQL while another runs. */
export function runTraces(pool: pg.Pool, prefix: string, traces: readonly Trace[], counters: Counters, totals: Totals): Promise<void[]> {
  return Promise.all(traces.map((t, lane) => runTrace(pool, prefix, t, counters, totals, lane)));
}
