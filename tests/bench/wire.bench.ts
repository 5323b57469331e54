import { gzipSync } from 'node:zlib';
import { deleteUserDb, openUserDb, save } from '../../src/db';
import { createSyncEngine, httpTransport } from '../../src/sync';
import { intakeOf, NOW } from './data';
import { figure, log, type Env, type Figure } from './lib';

// wire_bytes_per_mutation: the device saves 50 intakes (100 mutations) with the app's
// save, then its sync engine pushes them through the app's HTTP transport; the push body
// it sends is captured and gzipped. The floor: the same mutations ({name, args} as stored
// in the outbox) as a JSON array, gzipped, without envelope, mids, stamps or device health.

const N = 100;

export default async function wire(_env: Env): Promise<Figure[]> {
  const name = 'bench-wire';
  const db = await openUserDb('u-wire', { station: 'S1', clientId: 'c-wire-0000000000000000', name });
  try {
    for (let i = 0; i < N / 2; i += 1) {
      const r = await save(db, intakeOf(i, new Date(NOW.getTime() + i * 60_000), null), { author: 'u-wire', now: new Date(NOW.getTime() + i * 60_000) });
      if (!r.ok) throw new Error(`save: ${JSON.stringify(r)}`);
    }
    const outbox = await db.outbox.orderBy('mid').toArray();
    const bodies: string[] = [];
    const fetchImpl = async (input: string, init: RequestInit) => {
      const path = new URL(input).pathname;
      if (path === '/api/sync/push') {
        bodies.push(String(init.body));
        return new Response(JSON.stringify({ lastMid: outbox.length, rejections: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
      }
      return new Response(JSON.stringify({ changes: [], cursor: 0, lastMid: outbox.length, serverTime: new Date().toISOString(), hasMore: false }), { status: 200 });
    };
    const engine = createSyncEngine({ db, transport: httpTransport('http://127.0.0.1:9', () => 'token', fetchImpl), appVersion: '0.1.0', locks: null, storageEstimate: async () => ({ usage: 12_345_678, quota: 2_000_000_000 }) });
    const out = await engine.runOnce();
    if (!out.ok) throw new Error(`sync: ${out.reason}`);
    const sent = bodies.reduce((n, b) => n + (JSON.parse(b) as { mutations: unknown[] }).mutations.length, 0);
    if (sent !== N) throw new Error(`pushed ${sent} mutations in ${bodies.length} bodies, expected ${N}`);
    const wireBytes = bodies.reduce((n, b) => n + gzipSync(b).length, 0);
    const plain = gzipSync(JSON.stringify(outbox.map((e) => ({ name: e.name, args: e.args })))).length;
    log(`wire: ${bodies.length} push body(ies), ${bodies.reduce((n, b) => n + b.length, 0)} bytes raw, ${wireBytes} gzip; plain ${plain} gzip`);
    return [
      figure({
        name: 'wire_bytes_per_mutation', value: wireBytes / N, unit: 'B', floor: plain / N, better: 'lower',
        target: { on: 'ratio', op: '<=', x: 1.3 }, note: `push of ${N} as the engine sends it, gzip level 6`,
      }),
    ];
  } finally {
    db.close();
    await deleteUserDb('u-wire', { name });
  }
}
