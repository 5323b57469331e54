import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../../src/domain/hlc';
import { encodePush, PROTOCOL_VERSION, PUSH_V1, readPushBody, type PushRequest } from '../../../src/sync/protocol';
import { httpTransport } from '../../../src/sync';

// Push protocol versions: the device sends version 2 (what repeats said once), the server
// unfolds it into exactly the version-1 request an old app would have sent.

const device = { pending: 3, oldestPendingAt: null, appVersion: 'x', storageUsed: null, storageQuota: null, clockOffsetMs: 0 };
const T = 1_781_056_800_000;
const up = (mid: number, hlc: string) => ({ mid, name: 'record.upsert', args: { type: 'customer', id: `cu-${mid}`, fields: { name: '王' }, base: {} }, hlc });

const batchArb = fc
  .record({
    first: fc.integer({ min: 1, max: 1e9 }),
    node: fc.constantFrom('c-0190a1b2', 'A', 'dev-b'),
    steps: fc.array(fc.record({
      midGap: fc.constantFrom(1, 1, 1, 2, 0, -3),
      dms: fc.constantFrom(0, 0, 1, 60_000, 123_456_789, -5),
      counter: fc.constantFrom<number | null>(null, null, 0, 7, 999_999),
      otherNode: fc.boolean(),
    }), { maxLength: 30 }),
  })
  .map(({ first, node, steps }): PushRequest => {
    let mid = first - 1;
    let ms = T;
    let counter = 0;
    const mutations = steps.map((s) => {
      mid = Math.max(1, mid + s.midGap);
      ms = Math.max(0, ms + s.dms);
      counter = s.counter ?? (s.dms === 0 ? Math.min(counter + 1, 999_999) : 0);
      return up(mid, formatHlc({ ms, counter, node: s.otherNode ? 'someone-else' : node }));
    });
    return { clientId: 'c-0190a1b2', schemaVersion: PUSH_V1, device, mutations };
  });

describe('push protocol versions', () => {
  it('a version-2 body unfolds, after JSON, into the very request it was made from', () => {
    fc.assert(fc.property(batchArb, (req) => {
      const wire = encodePush(req)!;
      expect(wire.schemaVersion).toBe(PROTOCOL_VERSION);
      const read = readPushBody(JSON.parse(JSON.stringify(wire)));
      expect(read).toEqual({ success: true, data: { ...req, schemaVersion: PROTOCOL_VERSION } });
    }), { numRuns: 500 });
  });

  it('states the device id and consecutive mids once, not in every mutation', () => {
    const req: PushRequest = { clientId: 'c-1', schemaVersion: PUSH_V1, device, mutations: [up(5, formatHlc({ ms: T, counter: 0, node: 'c-1' })), up(6, formatHlc({ ms: T, counter: 1, node: 'c-1' })), up(7, formatHlc({ ms: T + 60_000, counter: 0, node: 'c-1' }))] };
    const wire = encodePush(req)!;
    expect(wire).toMatchObject({ node: 'c-1', firstMid: 5 });
    expect(wire.mutations.map(({ name: _n, args: _a, ...rest }) => rest)).toEqual([{ dt: T }, {}, { dt: 60_000 }]);
    expect(JSON.stringify(wire)).not.toContain('"hlc"');
  });

  it('a version-1 body from an app that has not updated is read as it is', () => {
    const v1 = { clientId: 'c-1', schemaVersion: 1, device, mutations: [up(1, formatHlc({ ms: T, counter: 0, node: 'c-1' }))] };
    expect(readPushBody(JSON.parse(JSON.stringify(v1)))).toEqual({ success: true, data: v1 });
  });

  it('refuses a version-2 body whose stamps unfold to no valid HLC, as it refuses a bad version-1 stamp', () => {
    const bad = { clientId: 'c-1', schemaVersion: 2, device, node: 'c-1', firstMid: 1, mutations: [{ name: 'record.upsert', args: {}, dt: -1 }] };
    const r = readPushBody(bad);
    expect(r.success).toBe(false);
    expect(readPushBody({ ...bad, node: undefined }).success).toBe(false);
    expect(readPushBody({ clientId: 'c-1', schemaVersion: 1, device, mutations: [{ mid: 1, name: 'x', args: {}, hlc: 'nope' }] }).success).toBe(false);
  });

  it('the HTTP transport sends version 2, and version 1 from then on to a server that refuses it', async () => {
    const sent: { schemaVersion: number }[] = [];
    let oldServer = false;
    const fetchImpl = async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { schemaVersion: number };
      sent.push(body);
      if (oldServer && body.schemaVersion !== 1) return new Response(JSON.stringify({ error: 'body.invalid' }), { status: 400 });
      return new Response(JSON.stringify({ lastMid: 1, rejections: [] }), { status: 200 });
    };
    const req: PushRequest = { clientId: 'c-1', schemaVersion: PUSH_V1, device, mutations: [up(1, formatHlc({ ms: T, counter: 0, node: 'c-1' }))] };
    const t = httpTransport('https://station.example', () => 'tok', fetchImpl);
    expect((await t.push(req)).ok).toBe(true);
    expect(sent.map((b) => b.schemaVersion)).toEqual([2]);
    oldServer = true;
    const t2 = httpTransport('https://station.example', () => 'tok', fetchImpl);
    expect(await t2.push(req)).toMatchObject({ ok: true, body: { lastMid: 1 } });
    expect(await t2.push(req)).toMatchObject({ ok: true });
    expect(sent.map((b) => b.schemaVersion)).toEqual([2, 2, 1, 1]);
    expect(sent[2]).toEqual(JSON.parse(JSON.stringify(req)));
  });
});
