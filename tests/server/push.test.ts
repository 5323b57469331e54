import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHlc } from '../../src/domain/hlc';
import type { LoginResponse } from '../../src/sync/protocol';
import { handlePush } from '../../src/server/sync/push';
import { api, hlc, note, pullAll, pushBody, startTestApp, upsert, type Mut, type TestApp } from './helpers';

let app: TestApp;
let a: LoginResponse; // line1's phone
let b: LoginResponse; // line2's phone
let other: LoginResponse; // a clerk of station S2

beforeAll(async () => {
  app = await startTestApp();
  [a, b, other] = await Promise.all([app.login('line1'), app.login('line2'), app.login('other1')]);
});
afterAll(async () => app?.stop());

const push = (who: LoginResponse, muts: Mut[]) => api(app.url, '/api/sync/push', { token: who.accessToken, body: pushBody(who.clientId, muts) });

async function logged(clientId: string) {
  const { rows } = await app.pool.query('SELECT mid, result, seq FROM mutation_log WHERE client_id = $1 ORDER BY mid', [clientId]);
  return rows;
}

async function record(type: string, id: string) {
  const { rows } = await app.pool.query('SELECT * FROM records WHERE type = $1 AND id = $2', [type, id]);
  return rows[0];
}

describe('push', () => {
  it('applies a repeated batch once: same answer, no new seq, one log entry per mid', async () => {
    const batch = [
      upsert(1, 'repairJob', 'rj-1', { customerName: '王五', address: '李家村3组' }, hlc(0, 'A')),
      note(2, 'n-1', 'rj-1', '已到现场', hlc(1, 'A')),
      upsert(3, 'repairJob', 'rj-1', { cause: '线路老化' }, hlc(2, 'A')),
    ];
    const first = await push(a, batch);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ lastMid: 3, rejections: [] });
    const seqAfterFirst = (await record('repairJob', 'rj-1')).seq;
    const second = await push(a, batch);
    expect(second.json).toEqual({ lastMid: 3, rejections: [] });
    expect((await record('repairJob', 'rj-1')).seq).toBe(seqAfterFirst);
    expect((await logged(a.clientId)).map((r) => r.mid)).toEqual([1, 2, 3]);
    const { rows } = await app.pool.query("SELECT count(*)::int AS n FROM children WHERE id = 'n-1'");
    expect(rows[0].n).toBe(1);
    const row = await record('repairJob', 'rj-1');
    expect(row.data).toEqual({ customerName: '王五', address: '李家村3组', cause: '线路老化' });
    expect(row.status).toBe('registered');
    expect(row.created_by).not.toBeNull();
  });

  it('stops the batch at a gap and answers the last mid it holds', async () => {
    const onlyGap = await push(a, [upsert(6, 'customer', 'cu-6', { name: '六' }, hlc(10, 'A'))]);
    expect(onlyGap.json).toEqual({ lastMid: 3, rejections: [] });
    const partly = await push(a, [upsert(4, 'customer', 'cu-4', { name: '四' }, hlc(11, 'A')), upsert(6, 'customer', 'cu-6', { name: '六' }, hlc(13, 'A')), upsert(5, 'customer', 'cu-5', { name: '五' }, hlc(12, 'A'))]);
    expect(partly.json).toEqual({ lastMid: 4, rejections: [] });
    expect(await record('customer', 'cu-6')).toBeUndefined();
    expect(await record('customer', 'cu-5')).toBeUndefined();
    const rest = await push(a, [upsert(5, 'customer', 'cu-5', { name: '五' }, hlc(12, 'A')), upsert(6, 'customer', 'cu-6', { name: '六' }, hlc(13, 'A'))]);
    expect(rest.json.lastMid).toBe(6);
    expect((await record('customer', 'cu-6')).data).toEqual({ name: '六' });
  });

  it('turns a mutation that can never apply into a rejection and moves the queue on', async () => {
    const r = await push(a, [
      upsert(7, 'repairJob', 'rj-bad', { customerPhone: '12345' }, hlc(20, 'A')),
      { mid: 8, name: 'record.explode', args: {}, hlc: hlc(21, 'A') },
      upsert(9, 'repairJob', 'rj-good', { customerPhone: '13800138000' }, hlc(22, 'A')),
    ]);
    expect(r.status).toBe(200);
    expect(r.json.lastMid).toBe(9);
    expect(r.json.rejections).toEqual([
      { mid: 7, reason: expect.objectContaining({ code: 'field.invalid', field: 'customerPhone' }) },
      { mid: 8, reason: expect.objectContaining({ code: 'mutation.invalid' }) },
    ]);
    expect(await record('repairJob', 'rj-bad')).toBeUndefined();
    expect((await record('repairJob', 'rj-good')).data.customerPhone).toBe('13800138000');
    const { rows } = await app.pool.query('SELECT mid, code, args FROM rejections WHERE client_id = $1 ORDER BY mid', [a.clientId]);
    expect(rows.map((x) => [x.mid, x.code])).toEqual([[7, 'field.invalid'], [8, 'mutation.invalid']]);
    expect(rows[0].args.fields.customerPhone).toBe('12345');
    // The answer was lost and the device sends the batch again: it still learns of both rejections.
    const again = await push(a, [upsert(7, 'repairJob', 'rj-bad', { customerPhone: '12345' }, hlc(20, 'A')), { mid: 8, name: 'record.explode', args: {}, hlc: hlc(21, 'A') }]);
    expect(again.json.rejections.map((x: { mid: number }) => x.mid)).toEqual([7, 8]);
    expect(again.json.lastMid).toBe(9);
  });

  it('rejects text PostgreSQL cannot store, without blocking the queue', async () => {
    const r = await push(a, [
      upsert(10, 'repairJob', 'rj-nul', { description: 'bad\u0000byte' }, hlc(30, 'A')),
      upsert(11, 'repairJob', 'rj-nul', { description: 'half \ud83d emoji' }, hlc(31, 'A')),
      upsert(12, 'repairJob', 'rj-nul', { description: 'fine \\u0000 😀' }, hlc(32, 'A')),
    ]);
    expect(r.json.lastMid).toBe(12);
    expect(r.json.rejections).toEqual([
      { mid: 10, reason: expect.objectContaining({ code: 'mutation.unstorable' }) },
      { mid: 11, reason: expect.objectContaining({ code: 'mutation.unstorable' }) },
    ]);
    expect((await record('repairJob', 'rj-nul')).data.description).toBe('fine \\u0000 😀');
  });

  it('rejects a mutation PostgreSQL refuses mid-batch and keeps the rest of the batch', async () => {
    const mid = await nextMid(a);
    const r = await push(a, [
      upsert(mid, 'repairJob', 'rj-gen', { address: '北村' }, hlc(40, 'A')),
      // Passes every check, but its generation does not fit the column: only the database says no.
      { mid: mid + 1, name: 'record.advance', args: { type: 'repairJob', id: 'rj-gen', status: 'dispatched', gen: 1e12 }, hlc: hlc(41, 'A') },
      { mid: mid + 2, name: 'record.advance', args: { type: 'repairJob', id: 'rj-gen', status: 'accepted', gen: 0 }, hlc: hlc(42, 'A') },
    ]);
    expect(r.json.lastMid).toBe(mid + 2);
    expect(r.json.rejections).toEqual([{ mid: mid + 1, reason: expect.objectContaining({ code: 'mutation.unstorable' }) }]);
    const row = await record('repairJob', 'rj-gen');
    expect(row.status).toBe('accepted');
    expect(row.data.address).toBe('北村');
    const log = (await logged(a.clientId)).filter((x) => x.mid >= mid);
    expect(log.map((x) => [x.mid, x.result])).toEqual([[mid, 'applied'], [mid + 1, 'rejected'], [mid + 2, 'applied']]);
  });

  it('keeps the losing value of a same-field concurrent edit in the conflict ledger, whichever arrives first', async () => {
    for (const [id, order] of [['rj-c1', 'AB'], ['rj-c2', 'BA']] as const) {
      const created = hlc(100, 'A');
      const setup = await push(a, [upsert(await nextMid(a), 'repairJob', id, { address: '原地址' }, created)]);
      expect(setup.json.rejections).toEqual([]);
      const fromA = async () => push(a, [upsert(await nextMid(a), 'repairJob', id, { address: '甲改的' }, hlc(110, 'A'), { address: created })]);
      const fromB = async () => push(b, [upsert(await nextMid(b), 'repairJob', id, { address: '乙改的' }, hlc(120, 'B'), { address: created })]);
      if (order === 'AB') {
        await fromA();
        await fromB();
      } else {
        await fromB();
        await fromA();
      }
      expect((await record('repairJob', id)).data.address).toBe('乙改的');
      const { rows } = await app.pool.query('SELECT field, kept_value, lost_value, lost_hlc FROM conflicts WHERE record_id = $1', [id]);
      expect(rows).toEqual([{ field: 'address', kept_value: '乙改的', lost_value: '甲改的', lost_hlc: hlc(110, 'A') }]);
    }
  });

  it('applies a stamp more than 5 minutes ahead at the server clock, under the same node', async () => {
    const ahead = hlc(60 * 60_000, 'FAST');
    const mid = await nextMid(a);
    const r = await push(a, [upsert(mid, 'repairJob', 'rj-fast', { address: '快钟' }, ahead)]);
    expect(r.json.rejections).toEqual([]);
    const row = await record('repairJob', 'rj-fast');
    const stamped = parseHlc(row.clocks.address)!;
    expect(stamped.node).toBe('FAST');
    expect(Math.abs(stamped.ms - Date.now())).toBeLessThan(60_000);
    const { rows } = await app.pool.query('SELECT hlc, applied_hlc FROM mutation_log WHERE client_id = $1 AND mid = $2', [a.clientId, mid]);
    expect(rows[0]).toEqual({ hlc: ahead, applied_hlc: row.clocks.address });
    // So a later honest edit from another device still wins over it.
    const later = await push(b, [upsert(await nextMid(b), 'repairJob', 'rj-fast', { address: '正常' }, hlc(2 * 60_000, 'B'), { address: row.clocks.address })]);
    expect(later.json.rejections).toEqual([]);
    expect((await record('repairJob', 'rj-fast')).data.address).toBe('正常');
  });

  it("rejects writes to another station's records and children", async () => {
    const mid = await nextMid(other);
    const r = await push(other, [
      upsert(mid, 'repairJob', 'rj-1', { address: '别的所' }, hlc(200, 'O')),
      note(mid + 1, 'n-other', 'rj-1', '越权', hlc(201, 'O')),
    ]);
    expect(r.json.rejections.map((x: { reason: { code: string } }) => x.reason.code)).toEqual(['record.other_station', 'record.other_station']);
    expect((await record('repairJob', 'rj-1')).data.address).toBe('李家村3组');
    expect(r.json.lastMid).toBe(mid + 1);
  });

  it("lets only the chief change the station's rules", async () => {
    const rule = (mid: number, stamp: string) => upsert(mid, 'policyRule', 'complaint-reply', { ruleId: 'appeal.complaint.reply', effectiveFrom: '2026-01-05T08:00:00+08:00', amount: 7, unit: 'workingDays' }, stamp);
    const lineman = await push(a, [rule(await nextMid(a), hlc(300, 'A'))]);
    expect(lineman.json.rejections[0].reason.code).toBe('mutation.forbidden');
    const chief = await app.login('chief1');
    const ok = await push(chief, [rule(1, hlc(301, 'C'))]);
    expect(ok.json).toEqual({ lastMid: 1, rejections: [] });
  });

  it('rejects a second appeal with the same number in the station', async () => {
    const clerk = await app.login('clerk1');
    const r = await push(clerk, [
      upsert(1, 'appeal', 'ap-1', { number: '2026T-01-0001', kind: 'complaint' }, hlc(400, 'K')),
      upsert(2, 'appeal', 'ap-2', { number: '2026T-01-0001', kind: 'complaint' }, hlc(401, 'K')),
      upsert(3, 'appeal', 'ap-1', { number: '2026T-01-0001', subject: '电压低' }, hlc(402, 'K')),
    ]);
    expect(r.json.lastMid).toBe(3);
    expect(r.json.rejections).toEqual([{ mid: 2, reason: expect.objectContaining({ code: 'appeal.number_duplicate' }) }]);
    const s2 = await push(other, [upsert(await nextMid(other), 'appeal', 'ap-s2', { number: '2026T-01-0001' }, hlc(403, 'O'))]);
    expect(s2.json.rejections).toEqual([]);
  });

  it("records the device's health and last sync", async () => {
    const body = { ...pushBody(b.clientId, []), device: { pending: 4, oldestPendingAt: '2026-01-05T08:00:00+08:00', appVersion: '0.1.0', storageUsed: 1000, storageQuota: 50000, clockOffsetMs: -1200 } };
    const r = await api(app.url, '/api/sync/push', { token: b.accessToken, body });
    expect(r.status).toBe(200);
    const { rows } = await app.pool.query('SELECT health, last_sync_at FROM devices WHERE id = $1', [b.deviceId]);
    expect(rows[0].health).toMatchObject({ pending: 4, clockOffsetMs: -1200, appVersion: '0.1.0' });
    expect(Math.abs(Date.parse(rows[0].last_sync_at) - Date.now())).toBeLessThan(60_000);
  });

  it('is callable without HTTP, as the device simulator does', async () => {
    const auth = { userId: a.user.id, role: a.user.role, station: a.user.station, deviceId: a.deviceId, clientId: a.clientId };
    const mid = await nextMid(a);
    const r = await handlePush(app.pool, auth, pushBody(a.clientId, [upsert(mid, 'zoneDuty', 'z-1', { zoneName: '营业厅' }, hlc(500, 'A'))]));
    expect(r).toEqual({ status: 200, body: { lastMid: mid, rejections: [] } });
    const bad = await handlePush(app.pool, auth, { nonsense: true });
    expect(bad.status).toBe(400);
    const all = await pullAll(app.url, a.accessToken);
    expect(all.changes.filter((c) => c.kind === 'record' && c.row.id === 'z-1')).toHaveLength(1);
  });
});

async function nextMid(who: LoginResponse): Promise<number> {
  const { rows } = await app.pool.query('SELECT last_mid FROM clients WHERE client_id = $1', [who.clientId]);
  return rows[0].last_mid + 1;
}
