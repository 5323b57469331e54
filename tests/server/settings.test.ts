import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarYearId } from '../../src/domain/station-settings';
import { createUser } from '../../src/server/admin-ops';
import type { LoginResponse } from '../../src/sync/protocol';
import { PASSWORD, api, hlc, pullAll, pushBody, startTestApp, upsert, type Mut, type TestApp } from './helpers';

// The chief's settings records on the server: the same field schemas as on the device
// refuse a malformed change with its reason; valid ones reach every device of the station.

let app: TestApp;
let chief: LoginResponse;

beforeAll(async () => {
  app = await startTestApp();
  const r = await createUser(app.pool, { username: 'chief2', role: 'chief', station: 'S2', password: PASSWORD });
  if (!r.ok) throw new Error(r.error);
  chief = await app.login('chief1');
});
afterAll(async () => app?.stop());

const push = (who: LoginResponse, muts: Mut[]) => api(app.url, '/api/sync/push', { token: who.accessToken, body: pushBody(who.clientId, muts) });
const count = async (type: string) => (await app.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM records WHERE type = $1', [type])).rows[0]!.n;

const CHANGE = { ruleId: 'appeal.complaint.reply', effectiveFrom: '2026-11-23T10:00:00+08:00', amount: 7, unit: 'workingDays' };
const YEAR_2027 = { year: 2027, off: ['2027-01-01'], workdays: ['2027-01-09'], notice: null };

describe("the station's settings on the server", () => {
  it('[DL10][CA8] refuses a malformed policy change or calendar year from the chief, with the reason, and stores nothing', async () => {
    const r = await push(chief, [
      upsert(1, 'policyRule', 'pr-bad-1', { ...CHANGE, amount: 0 }, hlc(1, 'C')),
      upsert(2, 'policyRule', 'pr-bad-2', { ...CHANGE, ruleId: 'report.monthly' }, hlc(2, 'C')),
      upsert(3, 'policyRule', 'pr-bad-3', { amount: 3 }, hlc(3, 'C')),
      upsert(4, 'calendarYear', calendarYearId('S1', 2027), { ...YEAR_2027, workdays: ['2027-01-08'] }, hlc(4, 'C')),
      upsert(5, 'calendarYear', calendarYearId('S1', 2027), { year: 2027, off: ['2027-01-01'] }, hlc(5, 'C')),
    ]);
    expect(r.json.lastMid).toBe(5);
    expect(r.json.rejections.map((x: { mid: number; reason: unknown }) => [x.mid, x.reason])).toEqual([
      [1, { code: 'field.invalid', field: 'amount', detail: 'policy.invalid_change' }],
      [2, { code: 'field.invalid', field: 'unit', detail: 'policy.unit_mismatch' }],
      [3, { code: 'field.invalid', field: 'ruleId', detail: 'policy.invalid_change' }],
      [4, { code: 'field.invalid', field: 'workdays', detail: 'calendar.workday_not_weekend' }],
      [5, { code: 'field.invalid', field: 'workdays', detail: 'calendar.invalid_input' }],
    ]);
    expect(await count('policyRule')).toBe(0);
    expect(await count('calendarYear')).toBe(0);
  });

  it("[DL10][CA8] valid settings from the chief reach a lineman's device; a clerk may not write them", async () => {
    const ok = await push(chief, [
      upsert(6, 'policyRule', 'pr-1', CHANGE, hlc(10, 'C')),
      upsert(7, 'calendarYear', calendarYearId('S1', 2027), YEAR_2027, hlc(11, 'C')),
      upsert(8, 'station', 'S1', { dueSoonFraction: 0.3 }, hlc(12, 'C')),
    ]);
    expect(ok.json).toEqual({ lastMid: 8, rejections: [] });
    const line = await app.login('line1');
    const { changes } = await pullAll(app.url, line.accessToken);
    const got = Object.fromEntries(changes.filter((c) => c.kind === 'record').map((c) => [`${c.row.type}/${c.row.id}`, c.row.data]));
    expect(got['policyRule/pr-1']).toMatchObject({ ruleId: 'appeal.complaint.reply', amount: 7 });
    expect(got[`calendarYear/${calendarYearId('S1', 2027)}`]).toMatchObject({ year: 2027, off: ['2027-01-01'] });
    expect(got['station/S1']).toMatchObject({ dueSoonFraction: 0.3 });
    const clerk = await app.login('clerk1');
    const refused = await push(clerk, [upsert(1, 'calendarYear', calendarYearId('S1', 2028), { year: 2028, off: [], workdays: [] }, hlc(13, 'K'))]);
    expect(refused.json.rejections[0].reason.code).toBe('mutation.forbidden');
  });

  it('[CA8] two stations import the same year without touching each other', async () => {
    const chief2 = await app.login('chief2');
    const r = await push(chief2, [upsert(1, 'calendarYear', calendarYearId('S2', 2027), { ...YEAR_2027, off: ['2027-01-04'] }, hlc(20, 'D'))]);
    expect(r.json).toEqual({ lastMid: 1, rejections: [] });
    const { rows } = await app.pool.query<{ station: string; off: string[] }>("SELECT station, data->'off' AS off FROM records WHERE type = 'calendarYear' ORDER BY station");
    expect(rows).toEqual([
      { station: 'S1', off: ['2027-01-01'] },
      { station: 'S2', off: ['2027-01-04'] },
    ]);
  });
});
