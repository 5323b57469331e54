import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../src/sync/protocol';
import { handlePull } from '../../src/server/sync/pull';
import { api, hlc, note, pullAll, pushBody, startTestApp, upsert, type Mut, type TestApp } from './helpers';

let app: TestApp;
let clerk: LoginResponse;
let line: LoginResponse;
let other: LoginResponse;

beforeAll(async () => {
  app = await startTestApp();
  [clerk, line, other] = await Promise.all([app.login('clerk1'), app.login('line1'), app.login('other1')]);
  // 120 customers and a repair job with 30 notes in S1; 5 customers in S2.
  const muts: Mut[] = [];
  for (let i = 1; i <= 120; i++) muts.push(upsert(i, 'customer', `cu-${i}`, { name: `客户${i}` }, hlc(i, 'K')));
  for (let i = 0; i < muts.length; i += 100) {
    const r = await api(app.url, '/api/sync/push', { token: clerk.accessToken, body: pushBody(clerk.clientId, muts.slice(i, i + 100)) });
    expect(r.json.rejections).toEqual([]);
  }
  const job: Mut[] = [upsert(1, 'repairJob', 'rj-p', { address: '前进村' }, hlc(200, 'L'))];
  for (let i = 1; i <= 30; i++) job.push(note(i + 1, `note-${i}`, 'rj-p', `记录${i}`, hlc(200 + i, 'L')));
  expect((await api(app.url, '/api/sync/push', { token: line.accessToken, body: pushBody(line.clientId, job) })).json.lastMid).toBe(31);
  const s2 = Array.from({ length: 5 }, (_, i) => upsert(i + 1, 'customer', `s2-${i}`, { name: `外所${i}` }, hlc(i, 'O')));
  await api(app.url, '/api/sync/push', { token: other.accessToken, body: pushBody(other.clientId, s2) });
});
afterAll(async () => app?.stop());

const pull = (who: LoginResponse, body: unknown) => api(app.url, '/api/sync/pull', { token: who.accessToken, body });

describe('pull', () => {
  it('pages through records and child rows in seq order, each once, own station only', async () => {
    const all = await pullAll(app.url, clerk.accessToken, 0, 50);
    expect(all.pages).toBe(4); // 151 rows at 50 a page
    const seqs = all.changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(151);
    expect(all.changes.filter((c) => c.kind === 'record')).toHaveLength(121);
    expect(all.changes.filter((c) => c.kind === 'child')).toHaveLength(30);
    expect(all.changes.every((c) => c.row.station === 'S1')).toBe(true);
    expect(all.cursor).toBe(seqs[seqs.length - 1]);
  });

  it('hands out rows in the shapes the device stores', async () => {
    const all = await pullAll(app.url, line.accessToken);
    const job = all.changes.find((c) => c.kind === 'record' && c.row.id === 'rj-p');
    expect(job.row).toEqual({
      id: 'rj-p', type: 'repairJob', station: 'S1', data: { address: '前进村' }, clocks: { address: hlc(200, 'L') },
      status: 'registered', statusGen: 0, statusHlc: null, deleted: false, createdBy: line.user.id, hlc: hlc(200, 'L'),
    });
    const n = all.changes.find((c) => c.kind === 'child' && c.row.id === 'note-7');
    expect(n.row).toEqual({ id: 'note-7', type: 'note', parentType: 'repairJob', parentId: 'rj-p', station: 'S1', data: { text: '记录7' }, author: line.user.id, hlc: hlc(207, 'L') });
  });

  it('answers the given cursor and no changes when nothing is newer, then only what changed', async () => {
    const all = await pullAll(app.url, clerk.accessToken);
    const empty = await pull(clerk, { cursor: all.cursor, limit: 10 });
    expect(empty.json).toMatchObject({ changes: [], cursor: all.cursor, hasMore: false, lastMid: 120 });
    expect(Math.abs(Date.parse(empty.json.serverTime) - Date.now())).toBeLessThan(60_000);

    await api(app.url, '/api/sync/push', { token: clerk.accessToken, body: pushBody(clerk.clientId, [upsert(121, 'customer', 'cu-3', { phone: '0571-88886666' }, hlc(300, 'K'))]) });
    const next = await pull(clerk, { cursor: all.cursor });
    expect(next.json.changes).toHaveLength(1);
    expect(next.json.changes[0].row).toMatchObject({ id: 'cu-3', data: { name: '客户3', phone: '0571-88886666' } });
    expect(next.json.cursor).toBeGreaterThan(all.cursor);
    expect(next.json.lastMid).toBe(121);
  });

  it('shows a station only its own rows', async () => {
    const all = await pullAll(app.url, other.accessToken);
    expect(all.changes.map((c) => c.row.id).sort()).toEqual(['s2-0', 's2-1', 's2-2', 's2-3', 's2-4']);
  });

  it('rejects a bad cursor or limit as body.invalid', async () => {
    for (const body of [{ cursor: -1 }, { cursor: 'x' }, { cursor: 0, limit: 501 }, { cursor: 0, limit: 0 }]) {
      const r = await pull(clerk, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error).toBe('body.invalid');
    }
  });

  it('is callable without HTTP, as the device simulator does', async () => {
    const auth = { userId: line.user.id, role: line.user.role, station: 'S1', deviceId: line.deviceId, clientId: line.clientId };
    const r = await handlePull(app.pool, auth, { cursor: 0, limit: 5 });
    expect(r.status).toBe(200);
    expect((r.body as { changes: unknown[]; hasMore: boolean; lastMid: number })).toMatchObject({ hasMore: true, lastMid: 31 });
    expect((r.body as { changes: unknown[] }).changes).toHaveLength(5);
  });
});
