import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPg } from '../../src/server/embedded-pg';

// PostgreSQL for tests: one embedded cluster per run (global setup, or the e2e setup),
// and a fresh database per test file so files run in parallel without sharing rows.

export interface HarnessPg {
  /** URL of the cluster's maintenance database `postgres`. */
  url: string;
  dir: string;
  stop(): Promise<void>;
}

/** Starts an embedded cluster in a new folder under /tmp (mode 0755: the postgres user must reach it). */
export async function startHarnessPg(prefix = 'stationdesk-pg-'): Promise<HarnessPg> {
  const work = mkdtempSync(path.join('/tmp', prefix));
  chmodSync(work, 0o755);
  const epg = await startEmbeddedPg({ dir: path.join(work, 'pg') });
  return {
    url: epg.url,
    dir: work,
    async stop() {
      await epg.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(clusterUrl: string, prefix = 't'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(clusterUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: clusterUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
