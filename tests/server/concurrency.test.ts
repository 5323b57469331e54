import { afterAll, describe, expect, it } from 'vitest';
import { concurrentPushAndPull } from './concurrency';
import { startTestApp, type TestApp } from './helpers';
import { startHarnessPg, type HarnessPg } from './pg-harness';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

describe('concurrent pushes with pulls in between', () => {
  it('never lets a pull miss a row (run PostgreSQL)', async () => {
    const app: TestApp = await startTestApp();
    cleanup.push(() => app.stop());
    const r = await concurrentPushAndPull(app, { perClient: 100 });
    expect(r.pulls).toBeGreaterThan(1);
  });

  it('never lets a pull miss a row (a second embedded PostgreSQL given as DATABASE_URL)', async () => {
    const second: HarnessPg = await startHarnessPg('stationdesk-pg2-');
    cleanup.push(() => second.stop());
    const app = await startTestApp({ clusterUrl: second.url });
    cleanup.push(() => app.stop());
    expect(new URL(app.db.url).port).toBe(new URL(second.url).port);
    await concurrentPushAndPull(app, { perClient: 60 });
  });
});
