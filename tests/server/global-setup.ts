import type { TestProject } from 'vitest/node';
import { startHarnessPg } from './pg-harness';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

// One embedded PostgreSQL for the whole server run; each test file makes its own database.
export default async function setup(project: TestProject) {
  const pg = await startHarnessPg();
  project.provide('pgUrl', pg.url);
  process.env.STATIONDESK_TEST_PG_URL = pg.url;
  return async () => {
    await pg.stop();
  };
}
