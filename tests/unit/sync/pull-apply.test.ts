import { describe, expect, it } from 'vitest';
import { applyPullPage, childrenOf, getRecord, pendingCount, readSyncState, save, uuidv7 } from '../../../src/db';
import type { RecordRow } from '../../../src/domain/records';
import { createSyncEngine, httpTransport } from '../../../src/sync';
import { freshDb, T0 } from '../db/helpers';

const serverRow = (id: string, data: Record<string, unknown>, hlc: string): RecordRow => ({
  id, type: 'repairJob', station: 'S1', data, clocks: Object.fromEntries(Object.keys(data).map((k) => [k, hlc])),
  status: 'registered', statusGen: 0, statusHlc: null, deleted: false, createdBy: 'u2', hlc,
});
const H = (n: number) => `001772438400000-${String(n).padStart(6, '0')}-other`;

describe('pull apply', () => {
  it('removes a row (and its children) that left this device’s scope, and keeps unknown fields of the rest', async () => {
    const { db } = await freshDb();
    const gone = uuidv7();
    const kept = uuidv7();
    await applyPullPage(db, {
      changes: [
        { seq: 1, kind: 'record', row: serverRow(gone, { address: 'a' }, H(1)) },
        { seq: 2, kind: 'child', row: { id: 'n1', type: 'note', parentType: 'repairJob', parentId: gone, station: 'S1', data: { text: 'x' }, author: 'u2', hlc: H(2) } },
        { seq: 3, kind: 'record', row: { ...serverRow(kept, { address: 'b', fromNewerApp: 7 }, H(3)), extraColumn: 'kept' } },
      ],
      cursor: 3, lastMid: 0, hasMore: false,
    }, { now: T0, clockOffsetMs: 1500 });
    expect((await childrenOf(db, 'repairJob', gone)).length).toBe(1);
    await applyPullPage(db, { changes: [{ seq: 4, kind: 'remove', type: 'repairJob', id: gone }], cursor: 4, lastMid: 0, hasMore: false }, { now: T0, clockOffsetMs: 1500 });
    expect(await getRecord(db, 'repairJob', gone)).toBeNull();
    expect(await childrenOf(db, 'repairJob', gone)).toEqual([]);
    const row = (await getRecord(db, 'repairJob', kept)) as RecordRow & { extraColumn?: string };
    expect(row.data.fromNewerApp).toBe(7);
    expect(row.extraColumn).toBe('kept');
    const s = await readSyncState(db);
    expect(s).toMatchObject({ cursor: 4, clockOffsetMs: 1500 });
    // Later local stamps sort after what was pulled, whatever the device clock says.
    expect(s.lastHlc! > H(3)).toBe(true);
  });

  it('after a reset from the server, keeps only rows with unconfirmed local edits and starts from cursor 0', async () => {
    const { db } = await freshDb();
    const pulled = uuidv7();
    const mine = uuidv7();
    await applyPullPage(db, { changes: [{ seq: 9, kind: 'record', row: serverRow(pulled, { address: 'p' }, H(1)) }], cursor: 9, lastMid: 0, hasMore: false }, { now: T0, clockOffsetMs: 0 });
    await save(db, [{ name: 'record.upsert', args: { type: 'repairJob', id: mine, fields: { address: 'm' }, base: {} } }], { author: 'u1', now: T0 });
    const out = await applyPullPage(db, { changes: [], cursor: 0, lastMid: 0, hasMore: false, reset: true }, { now: T0, clockOffsetMs: 0 });
    expect(out.cursor).toBe(0);
    expect(await getRecord(db, 'repairJob', pulled)).toBeNull();
    expect((await getRecord(db, 'repairJob', mine))?.data.address).toBe('m');
    expect(await pendingCount(db)).toBe(1);
    expect((await readSyncState(db)).cursor).toBe(0);
  });

  it('ignores rows it cannot read instead of failing the page', async () => {
    const { db } = await freshDb();
    const out = await applyPullPage(db, {
      changes: [{ seq: 1, kind: 'record', row: { id: 'x', type: 'notAType' } }, { seq: 2, kind: 'remove', type: 'nope', id: 'y' }],
      cursor: 2, lastMid: 0, hasMore: false,
    }, { now: T0, clockOffsetMs: null });
    expect(out).toMatchObject({ applied: 0, ignored: 2, cursor: 2 });
  });
});

describe('httpTransport', () => {
  it('sends the bearer token and maps answers to status codes, a dead network to status 0', async () => {
    const seen: { url: string; auth: string | undefined }[] = [];
    const replies: (() => Promise<Response>)[] = [
      async () => new Response(JSON.stringify({ lastMid: 3, rejections: [] }), { status: 200 }),
      async () => new Response(JSON.stringify({ error: 'auth.expired' }), { status: 401 }),
      async () => new Response(JSON.stringify({ error: 'server.unavailable' }), { status: 503, headers: { 'retry-after': '7' } }),
      async () => { throw new TypeError('Failed to fetch'); },
      async () => new Response('<html>proxy</html>', { status: 200 }),
    ];
    const t = httpTransport('https://station.example/', async () => 'tok', async (url, init) => {
      seen.push({ url, auth: (init.headers as Record<string, string>).authorization });
      return replies.shift()!();
    });
    const body = { clientId: 'c', schemaVersion: 1, device: { pending: 0, oldestPendingAt: null, appVersion: 'x', storageUsed: null, storageQuota: null, clockOffsetMs: null }, mutations: [] };
    expect(await t.push(body)).toEqual({ ok: true, status: 200, body: { lastMid: 3, rejections: [] } });
    expect(await t.push(body)).toEqual({ ok: false, status: 401, error: 'auth.expired' });
    expect(await t.pull({ cursor: 0, limit: 500 })).toEqual({ ok: false, status: 503, error: 'server.unavailable', retryAfterSeconds: 7 });
    expect(await t.pull({ cursor: 0, limit: 500 })).toEqual({ ok: false, status: 0, error: 'network' });
    expect(await t.pull({ cursor: 0, limit: 500 })).toEqual({ ok: false, status: 0, error: 'network.body' });
    expect(seen[0]).toEqual({ url: 'https://station.example/api/sync/push', auth: 'Bearer tok' });
    expect(seen[2]!.url).toBe('https://station.example/api/sync/pull');
  });

  it('gives up a request that stalls (no answer, or a body that stops coming) and reports it as no network', async () => {
    // A connection at the edge of coverage: nothing fails, nothing arrives, until the request is aborted.
    const stall = (init: RequestInit) => new Promise<never>((_, reject) => {
      init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
    const aborted: boolean[] = [];
    const t = httpTransport('https://station.example', async () => 'tok', async (_url, init) => {
      aborted.push(init.signal!.aborted);
      return stall(init);
    }, { requestMs: 30, blobMs: 60 });
    expect(await t.pull({ cursor: 0, limit: 500 })).toEqual({ ok: false, status: 0, error: 'network.timeout' });
    expect(await t.putBlob!('ab'.repeat(32), new Blob(['x'], { type: 'image/jpeg' }))).toEqual({ ok: false, status: 0, error: 'network.timeout' });
    expect(aborted).toEqual([false, false]);

    const half = httpTransport('https://station.example', async () => 'tok', async (_url, init) => {
      const body = new ReadableStream({ start(c) {
        c.enqueue(new TextEncoder().encode('{"changes":['));
        init.signal!.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
      } });
      return new Response(body, { status: 200 });
    }, { requestMs: 30, blobMs: 60 });
    expect(await half.pull({ cursor: 0, limit: 500 })).toEqual({ ok: false, status: 0, error: 'network.timeout' });
  });

  it('a request that stalls ends the run as "network" and the outbox keeps its changes', async () => {
    const { db } = await freshDb('stall-user');
    try {
      const saved = await save(db, [{ name: 'record.upsert', args: { type: 'repairJob', id: 'st-1', fields: { customerName: 'Wei Yan' }, base: {} } }], { author: 'stall-user', now: T0, station: 'S1' });
      expect(saved.ok).toBe(true);
      const transport = httpTransport('https://station.example', async () => 'tok', async (_url, init) => new Promise<never>((_, reject) => {
        init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }), { requestMs: 30, blobMs: 60 });
      const engine = createSyncEngine({ db, transport, appVersion: 't', locks: null });
      expect(await engine.runOnce()).toEqual({ ok: false, reason: 'network', status: 0 });
      expect(await pendingCount(db)).toBe(1);
      // The run let go of the lease: the next run is not told "busy".
      expect(await engine.runOnce()).toEqual({ ok: false, reason: 'network', status: 0 });
    } finally {
      db.close();
    }
  });
});
