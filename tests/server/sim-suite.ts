import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createPool } from '../../src/server/db';
import { migrate } from '../../src/server/migrations';
import { createTestDatabase, type TestDatabase } from './pg-harness';
import { newCounters, SimNetwork } from './sim-network';
import { newTotals, profile, runTrace, traceArb } from './sim-trace';
import type { Trace } from './sim-world';

// Acceptance of the sync design: five devices with their own IndexedDB and the real sync
// engine, the real push/pull handlers on PostgreSQL, and a network that drops,
// duplicates, delays, reorders and cuts after commit. After healing, all must agree.
//
// SIM_RUNS traces in all (1,000 by default), split over PARTS test files so vitest runs
// them on separate cores; each part has its own seed (SIM_SEED + part) and its own counts.

export const PARTS = 2;
const RUNS = Number(process.env.SIM_RUNS ?? 1000);
const SEED = Number(process.env.SIM_SEED ?? 20260302);

const setTime = (ms: number) => vi.setSystemTime(ms);

export function defineSimSuite(part: number, named: Record<string, Trace> = {}): void {
  const runs = Math.ceil(RUNS / PARTS);
  const seed = SEED + part;
  let tdb: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    tdb = await createTestDatabase(inject('pgUrl'), `sim${part}`);
    pool = createPool(tdb.url, 4);
    await migrate(pool);
  });

  afterAll(async () => {
    await pool?.end();
    await tdb?.drop();
  });

  describe(`sync simulator, part ${part + 1} of ${PARTS}`, () => {
    it(`${runs} random traces converge with nothing lost or applied twice (seed ${seed})`, async () => {
      const counters = newCounters();
      const totals = newTotals();
      // Only Date is faked: the server's clock and the devices' follow the trace, timers stay real.
      vi.useFakeTimers({ toFake: ['Date'] });
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      try {
        await fc.assert(fc.asyncProperty(traceArb, (trace) => runTrace(pool, `p${part}x`, trace, counters, totals, setTime)), { numRuns: runs, seed });
      } finally {
        vi.useRealTimers();
      }
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      const cpu = process.cpuUsage(cpu0);
      const cpuSecs = ((cpu.user + cpu.system) / 1e6).toFixed(1);
      if (process.env.SIM_PROFILE) console.log('sim profile (ms):', JSON.stringify({ ...profile, server: SimNetwork.serverMs }));
      console.log(`sim part ${part + 1}: ${totals.traces} traces in ${secs}s (this process's CPU ${cpuSecs}s), seed ${seed}`, JSON.stringify({ ...counters, ...totals }));
      // A run in which the faults never happened proves nothing.
      expect(counters.drops).toBeGreaterThan(0);
      expect(counters.duplicates).toBeGreaterThan(0);
      expect(counters.cutsAfterCommit).toBeGreaterThan(0);
      expect(counters.delayedDelivered).toBeGreaterThan(0);
      expect(totals.sameFieldConflicts).toBeGreaterThan(0);
      expect(totals.rejections).toBeGreaterThan(0);
    }, Math.max(120_000, runs * 1_000));

    // Traces that once failed (or that pin a hard case) stay as named tests, whatever the generator becomes.
    for (const [name, trace] of Object.entries(named)) {
      it(`named trace: ${name}`, async () => {
        const counters = newCounters();
        vi.useFakeTimers({ toFake: ['Date'] });
        try {
          await runTrace(pool, `p${part}n`, trace, counters, newTotals(), setTime);
        } finally {
          vi.useRealTimers();
        }
      });
    }
  });
}
