import fc from 'fast-check';
import type pg from 'pg';
import { checkWorld } from './sim-checks';
import { FAULTS, type Counters, type Fault } from './sim-network';
import { DEVICES, FIELDS, RECORDS, World, type EditOp, type Step, type Trace } from './sim-world';

// The trace generator and runner, shared by the test (1,000 traces) and the soak (10,000).

const okHeavyFault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Fault>('ok') },
  { weight: 1, arbitrary: fc.constantFrom<Fault>(...FAULTS.filter((f) => f !== 'ok')) },
);

const opArb: fc.Arbitrary<EditOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('set' as const), fields: fc.subarray([...FIELDS], { minLength: 1 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('advance' as const), stage: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'reopen' as const }) },
  { weight: 2, arbitrary: fc.constant({ k: 'note' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'forbidden' as const }) },
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
const START = Date.parse('2026-03-02T00:30:00.000Z');

export async function runTrace(pool: pg.Pool, prefix: string, trace: Trace, counters: Counters, totals: Totals, setTime: (ms: number) => void): Promise<void> {
  stationSeq += 1;
  const w = new World(pool, `${prefix}${stationSeq}`, counters, START + stationSeq * 3_600_000, trace.skews, setTime);
  const prof = process.env.SIM_PROFILE ? profile : null;
  try {
    let t = performance.now();
    const lap = (k: string) => { if (prof) { const n = performance.now(); prof[k] = (prof[k] ?? 0) + n - t; t = n; } };
    await w.setup();
    lap('setup');
    await w.run(trace);
    lap('run');
    totals.healRounds += await w.heal(trace.healOrder);
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
