import { expect } from 'vitest';
import type { LoginResponse } from '../../src/sync/protocol';
import { api, hlc, note, pullAll, pushBody, upsert, type Mut, type TestApp } from './helpers';

// Several devices push at once while another keeps pulling small pages. Whatever the
// interleaving, the puller must end with exactly the rows the database holds, each at its
// latest version: a row committed late with a lower seq would be missed for good.

export async function concurrentPushAndPull(app: TestApp, opts: { perClient: number }) {
  const users = ['line1', 'line2', 'clerk1', 'chief1'];
  const devices: LoginResponse[] = await Promise.all(users.map((u) => app.login(u)));
  const puller = await app.login('clerk1', { deviceName: 'counter tablet' });
  const expected = new Set<string>();
  let pushing = true;

  const pushOne = async (d: LoginResponse, di: number) => {
    let mid = 0;
    while (mid < opts.perClient) {
      const size = Math.min(1 + Math.floor(Math.random() * 8), opts.perClient - mid);
      const muts: Mut[] = [];
      for (let k = 0; k < size; k++) {
        const m = ++mid;
        const stamp = hlc(m, `D${di}`);
        if (m % 5 === 0) {
          // Everyone edits the same few jobs too, so pushes contend on rows as well as on the lock.
          muts.push(upsert(m, 'repairJob', `shared-${m % 3}`, { workDone: `D${di}#${m}` }, stamp));
          expected.add(`record:shared-${m % 3}`);
        } else if (m % 3 === 0) {
          muts.push(note(m, `n-${di}-${m}`, `shared-${m % 3}`, `D${di} 第${m}条`, stamp));
          expected.add(`child:n-${di}-${m}`);
        } else {
          muts.push(upsert(m, 'customer', `c-${di}-${m}`, { name: `户${di}-${m}` }, stamp));
          expected.add(`record:c-${di}-${m}`);
        }
      }
      const r = await api(app.url, '/api/sync/push', { token: d.accessToken, body: pushBody(d.clientId, muts) });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ lastMid: mid, rejections: [] });
    }
  };

  const seen = new Map<string, { seq: number; row: unknown }>();
  let cursor = 0;
  let pulls = 0;
  const pullLoop = async () => {
    while (pushing) {
      const r = await api(app.url, '/api/sync/pull', { token: puller.accessToken, body: { cursor, limit: 7 } });
      expect(r.status).toBe(200);
      for (const c of r.json.changes) {
        expect(c.seq).toBeGreaterThan(cursor);
        seen.set(`${c.kind}:${c.row.id}`, { seq: c.seq, row: c.row });
      }
      cursor = r.json.cursor;
      pulls++;
    }
  };

  const pullDone = pullLoop();
  await Promise.all(devices.map((d, i) => pushOne(d, i)));
  pushing = false;
  await pullDone;
  const rest = await pullAll(app.url, puller.accessToken, cursor, 50);
  for (const c of rest.changes) seen.set(`${c.kind}:${c.row.id}`, { seq: c.seq, row: c.row });

  expect(new Set(seen.keys())).toEqual(expected);
  const fresh = await pullAll(app.url, puller.accessToken, 0);
  const latest = new Map(fresh.changes.map((c) => [`${c.kind}:${c.row.id}`, { seq: c.seq, row: c.row }]));
  expect(seen).toEqual(latest);
  const { rows } = await app.pool.query('SELECT count(*)::int AS n FROM mutation_log');
  expect(rows[0].n).toBe(users.length * opts.perClient);
  return { pulls, rows: expected.size };
}
