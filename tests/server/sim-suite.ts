import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPool } from '../../src/server/db';
import { migrate } from '../../src/server/migrations';
import { createTestDatabase, type TestDatabase } from './pg-harness';
import { newCounters, SimNetwork } from './sim-network';
import { newTotals, profile, runTrace, runTraces, traceArb } from './sim-trace';
import type { Trace } from './sim-world';

// Acceptance of the sync design: five devices with their own IndexedDB and the real sync
// engine, the real push/pull handlers on PostgreSQL, and a network that drops,
// duplicates, delays, reorders and cuts after commit. After healing, all must agree.
//
// SIM_RUNS traces (1,000 by default), LANES at a time: each fast-check run is a tuple of
// independent traces on their own stations and device databases, run side by side so one
// waits on PostgreSQL while another computes. A failure shrinks the tuple as a whole.

const LANES = 2;
const RUNS = Number(process.env.SIM_RUNS ?? 1000);
const SEED = Number(process.env.SIM_SEED ?? 20260302);

export function defineSimSuite(named: Record<string, Trace> = {}): void {
  const fcRuns = Math.ceil(RUNS / LANES);
  let tdb: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    tdb = await createTestDatabase(inject('pgUrl'), 'sim');
    pool = createPool(tdb.url, 2 * LANES);
    await migrate(pool);
  });

  afterAll(async () => {
    await pool?.end();
    await tdb?.drop();
  });

  describe('sync simulator', () => {
    it(`${fcRuns * LANES} random traces converge with nothing lost or applied twice (seed ${SEED})`, async () => {
      const counters = newCounters();
      const totals = newTotals();
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const lanes = fc.tuple(...Array.from({ length: LANES }, () => traceArb));
      await fc.assert(fc.asyncProperty(lanes, async (traces) => {
        await runTraces(pool, 'sim', traces, counters, totals);
      }), { numRuns: fcRuns, seed: SEED });
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      const cpu = process.cpuUsage(cpu0);
      if (process.env.SIM_PROFILE) console.log('sim profile (ms):', JSON.stringify({ ...profile, server: SimNetwork.serverMs }));
      console.log(`sim: ${totals.traces} traces in ${secs}s (this process's CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)}s), seed ${SEED}`, JSON.stringify({ ...counters, ...totals }));
      // A run in which the faults never happened proves nothing.
      expect(totals.traces).toBeGreaterThanOrEqual(RUNS);
      expect(counters.drops).toBeGreaterThan(0);
      expect(counters.duplicates).toBeGreaterThan(0);
      expect(counters.cutsAfterCommit).toBeGreaterThan(0);
      expect(counters.delayedDelivered).toBeGreaterThan(0);
      expect(totals.sameFieldConflicts).toBeGreaterThan(0);
      expect(totals.rejections).toBeGreaterThan(0);
    }, Math.max(180_000, RUNS * 1_000));

    // Traces that once failed (or that pin a hard case) stay as named tests, whatever the generator becomes.
    for (const [name, trace] of Object.entries(named)) {
      it(`named trace: ${name}`, async () => {
        await runTrace(pool, 'named', trace, newCounters(), newTotals());
      });
    }
  });
}
