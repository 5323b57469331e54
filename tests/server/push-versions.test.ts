import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePush, type LoginResponse, type PushRequest } from '../../src/sync/protocol';
import { api, hlc, note, pushBody, startTestApp, upsert, type Mut, type TestApp } from './helpers';

// Push protocol versions on the server: the app sends version 2, but a phone that stayed
// offline for weeks still runs the old app and sends version 1. Both must be applied,
// exactly once, even when one device's outbox crosses the update half-way.

let app: TestApp;
let phone: LoginResponse;

beforeAll(async () => {
  app = await startTestApp();
  phone = await app.login('line1');
});
afterAll(async () => app?.stop());

const v1 = (muts: Mut[]) => pushBody(phone.clientId, muts);
const v2 = (muts: Mut[]) => encodePush(v1(muts) as PushRequest)!;
const push = (body: unknown) => api(app.url, '/api/sync/push', { token: phone.accessToken, body });

async function log() {
  const { rows } = await app.pool.query('SELECT mid, result, hlc, seq FROM mutation_log WHERE client_id = $1 ORDER BY id', [phone.clientId]);
  return rows as { mid: number; result: string; hlc: string; seq: number | null }[];
}

describe('push protocol versions', () => {
  it('applies a version-1 batch from an app that has not updated, exactly once, also when sent again', async () => {
    const batch = [
      upsert(1, 'repairJob', 'rj-old', { customerName: '王五', address: '李家村3组' }, hlc(0, phone.clientId)),
      note(2, 'n-old', 'rj-old', '已到现场', hlc(0, phone.clientId, 1)),
    ];
    const first = await push(v1(batch));
    expect(first.json).toEqual({ lastMid: 2, rejections: [] });
    const again = await push(v1(batch));
    expect(again.json).toEqual({ lastMid: 2, rejections: [] });
    expect((await log()).map((x) => [x.mid, x.result])).toEqual([[1, 'applied'], [2, 'applied']]);
    const { rows } = await app.pool.query("SELECT data FROM records WHERE id = 'rj-old'");
    expect(rows[0].data).toEqual({ customerName: '王五', address: '李家村3组' });
    const kids = await app.pool.query("SELECT count(*)::int AS n FROM children WHERE id = 'n-old'");
    expect(kids.rows[0].n).toBe(1);
  });

  it('the same device after the update: a version-2 batch that repeats mids the old app already pushed applies only the new ones', async () => {
    const seqBefore = (await app.pool.query("SELECT seq FROM records WHERE id = 'rj-old'")).rows[0].seq;
    // The old app's last batch (mids 2..3) got no answer; the updated app resends 2..4.
    const old = [note(2, 'n-old', 'rj-old', '已到现场', hlc(0, phone.clientId, 1)), upsert(3, 'repairJob', 'rj-old', { cause: '树障' }, hlc(5, phone.clientId))];
    expect((await push(v1(old))).json).toEqual({ lastMid: 3, rejections: [] });
    const resent = [...old, upsert(4, 'repairJob', 'rj-new', { address: '北村' }, hlc(6, 'someone-else'))];
    const body = v2(resent);
    expect(body.schemaVersion).toBe(2);
    expect(JSON.stringify(body)).not.toContain('"hlc"');
    expect((await push(body)).json).toEqual({ lastMid: 4, rejections: [] });
    expect((await push(body)).json).toEqual({ lastMid: 4, rejections: [] });
    const entries = await log();
    expect(entries.map((x) => x.mid)).toEqual([1, 2, 3, 4]);
    // The stamps unfold to what the device made, the odd node included.
    expect(entries.map((x) => x.hlc)).toEqual([...[hlc(0, phone.clientId), hlc(0, phone.clientId, 1)], ...resent.slice(1).map((m) => m.hlc)]);
    const { rows } = await app.pool.query("SELECT id, data, seq FROM records WHERE id IN ('rj-old', 'rj-new') ORDER BY id");
    expect(rows.map((x) => [x.id, x.data])).toEqual([['rj-new', { address: '北村' }], ['rj-old', { customerName: '王五', address: '李家村3组', cause: '树障' }]]);
    expect(rows[1].seq).toBeGreaterThan(seqBefore);
  });

  it('answers a version-2 body it cannot read with 400 and applies nothing', async () => {
    const body = { ...v2([upsert(5, 'customer', 'cu-bad', { name: '甲' }, hlc(7, phone.clientId))]), firstMid: 0 };
    const r = await push(body);
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('body.invalid');
    expect((await log()).map((x) => x.mid)).toEqual([1, 2, 3, 4]);
  });
});
