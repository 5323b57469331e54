import { describe, expect, it } from 'vitest';
import {
  appealStepMutations, followUpVisitId, nextAppealStep, registerMutations, stepBlocked, EMPTY_APPEAL,
} from '../../../src/domain/appeals';
import { evaluateItem } from '../../../src/domain/clocks-of';
import type { MutationBody } from '../../../src/domain/mutations';
import { checkMutation } from '../../../src/domain/mutations';
import type { RecordRow } from '../../../src/domain/records';
import { row } from '../clocks/rows';

/** Applies upserts and advances to a row, as the merge would with no conflicts. */
function apply(r: RecordRow, ms: MutationBody[]): RecordRow {
  let out = r;
  for (const m of ms) {
    if (m.name === 'record.upsert' && m.args.type === 'appeal') out = { ...out, data: { ...out.data, ...m.args.fields } };
    if (m.name === 'record.advance' && m.args.type === 'appeal') out = { ...out, status: m.args.status };
  }
  return out;
}

const at = (s: string) => new Date(s);
const ctx = (now: string) => ({ eventId: `e-${now}`, now: at(now), userId: 'u-h' });

describe('the closed loop', () => {
  it('registers with number, who and when; every mutation passes the shared schemas', () => {
    const ms = registerMutations({ ...EMPTY_APPEAL, kind: 'complaint', customerName: '张三', customerPhone: '138 1234 5678', subject: '电费', content: '偏高', namedStaff: 'u-x' }, { appealId: 'a1', eventId: 'e1', number: '2026T-B3-0001', now: at('2026-06-10T02:00:00Z'), userId: 'u-c' });
    for (const m of ms) expect(checkMutation(m).ok).toBe(true);
    const up = ms[0]!;
    expect(up.name === 'record.upsert' && up.args.fields).toMatchObject({ number: '2026T-B3-0001', registeredBy: 'u-c', receivedAt: '2026-06-10T02:00:00.000Z', customerPhone: '13812345678', namedStaff: 'u-x' });
    expect(ms[1]!.name === 'child.add' && ms[1]!.args.fields).toMatchObject({ status: 'registered', by: 'u-c' });
  });

  it('complaint: contact and reply stop their clocks, the reply makes the follow-up visit, all met on time', () => {
    let a = row('appeal', { kind: 'complaint', channel: 'counter', number: '2026T-B3-0001', receivedAt: '2026-06-10T10:00:00+08:00' }, 'registered');
    expect(nextAppealStep(a)).toBe('assigned');
    expect(stepBlocked(a, 'assigned')).toBe('handler.required');
    a = apply(a, appealStepMutations(a, 'assigned', ctx('2026-06-10T03:00:00Z'), { handler: 'u-h' }));
    expect(a.data.handler).toBe('u-h');
    a = apply(a, appealStepMutations(a, 'contacted', ctx('2026-06-10T04:00:00Z')));
    expect(stepBlocked(a, 'replied', { replyText: ' ' })).toBe('reply.required');
    const replied = appealStepMutations(a, 'replied', ctx('2026-06-11T04:00:00Z'), { replyText: '已核实' });
    const visit = replied.find((m) => m.name === 'record.upsert' && m.args.type === 'visit');
    expect(visit?.name === 'record.upsert' && visit.args.id).toBe(followUpVisitId(a.id));
    expect(visit?.name === 'record.upsert' && visit.args.fields).toMatchObject({ sourceType: 'appeal', sourceId: a.id, ruleId: 'appeal.followUp', startsAt: '2026-06-11T04:00:00.000Z' });
    // No identity on the visit: it stays on the appeal.
    expect(visit?.name === 'record.upsert' && Object.keys(visit.args.fields)).not.toContain('customerName');
    // 5 working days after Thursday 11 June 2026: 12, 15, 16, 17, 18 June; due at the end of 18 June (Beijing).
    expect(visit?.name === 'record.upsert' && visit.args.fields.dueAt).toBe('2026-06-18T15:59:59.999Z');
    a = apply(a, replied);
    expect(nextAppealStep(a)).toBe('followedUp');
    a = apply(a, appealStepMutations(a, 'followedUp', ctx('2026-06-12T04:00:00Z')));
    a = apply(a, appealStepMutations(a, 'closed', ctx('2026-06-12T05:00:00Z')));
    expect(a.status).toBe('closed');
    expect(a.data).toMatchObject({ contactedAt: '2026-06-10T04:00:00.000Z', repliedAt: '2026-06-11T04:00:00.000Z', followedUpAt: '2026-06-12T04:00:00.000Z', closedAt: '2026-06-12T05:00:00.000Z', reply: '已核实' });
    const clocks = evaluateItem(a, at('2026-07-01T00:00:00Z'));
    expect(clocks.map((c) => `${c.ruleId}=${c.ev.state}`)).toEqual(['appeal.complaint.contact=metOnTime', 'appeal.complaint.reply=metOnTime']);
  });

  it('report: reply within 10 working days; a contact two working days late is late', () => {
    const a = row('appeal', { kind: 'complaint', receivedAt: '2026-06-10T10:00:00+08:00', contactedAt: '2026-06-12T10:00:00+08:00' }, 'contacted');
    expect(evaluateItem(a, at('2026-06-12T03:00:00Z'))[0]!.ev.state).toBe('metLate');
    const r = row('appeal', { kind: 'report', receivedAt: '2026-06-10T10:00:00+08:00' }, 'assigned');
    const c = evaluateItem(r, at('2026-06-10T03:00:00Z'));
    expect(c.map((x) => x.ruleId)).toEqual(['appeal.report.reply']);
  });

  it('kinds without a follow-up go from replied to closed; no visit is made', () => {
    const a = row('appeal', { kind: 'inquiry', receivedAt: '2026-06-10T10:00:00+08:00' }, 'contacted');
    const ms = appealStepMutations(a, 'replied', ctx('2026-06-10T05:00:00Z'), { replyText: 'answered' });
    expect(ms.some((m) => m.name === 'record.upsert' && m.args.type === 'visit')).toBe(false);
    expect(nextAppealStep({ ...a, status: 'replied' })).toBe('closed');
  });

  it('a forwarded case closes only with the written result sent upward', () => {
    const a = row('appeal', { kind: 'opinion', channel: 'forwarded' }, 'replied');
    expect(stepBlocked(a, 'closed')).toBe('resultUpward.required');
    expect(stepBlocked(a, 'closed', { resultUpward: '已书面上报' })).toBeNull();
    const ms = appealStepMutations(a, 'closed', ctx('2026-06-10T05:00:00Z'), { resultUpward: '已书面上报' });
    expect(ms[0]!.name === 'record.upsert' && ms[0]!.args.fields.resultUpward).toBe('已书面上报');
    expect(stepBlocked({ ...a, data: { ...a.data, resultUpward: 'x' } }, 'closed')).toBeNull();
  });
});

describe('the demo week', () => {
  it('is valid for the shared schemas, has every stage and unique numbers and ids', async () => {
    const { demoAppealsWeek } = await import('../../../src/domain/appeals-demo');
    const now = new Date('2026-06-12T08:00:00Z');
    const ms = demoAppealsWeek(now, { chief: 'c1', clerks: ['k1', 'k2'], linemen: ['l1'] });
    for (const m of ms) expect(checkMutation(m)).toMatchObject({ ok: true });
    const advances = ms.filter((m) => m.name === 'record.advance' && m.args.type === 'appeal').map((m) => (m.name === 'record.advance' ? m.args.status : ''));
    for (const s of ['assigned', 'contacted', 'replied', 'followedUp', 'closed']) expect(advances).toContain(s);
    const visitStates = ms.filter((m) => m.name === 'record.advance' && m.args.type === 'visit').map((m) => (m.name === 'record.advance' ? m.args.status : ''));
    for (const s of ['reached', 'done', 'givenUp']) expect(visitStates).toContain(s);
    const numbers = ms.flatMap((m) => (m.name === 'record.upsert' && m.args.type === 'appeal' && m.args.fields.number ? [String(m.args.fields.number)] : []));
    expect(numbers.length).toBeGreaterThanOrEqual(10);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) expect(n).toMatch(/^2026[TJYZBS]-DEMO-\d{4}$/);
    const childIds = ms.flatMap((m) => (m.name === 'child.add' ? [m.args.id] : []));
    expect(new Set(childIds).size).toBe(childIds.length);
    expect(ms.some((m) => m.name === 'record.upsert' && m.args.fields.namedStaff === 'l1')).toBe(true);
    // Nothing in the future.
    const times = ms.flatMap((m) => (m.name === 'child.add' && typeof m.args.fields.at === 'string' ? [Date.parse(m.args.fields.at)] : []));
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
    expect(demoAppealsWeek(now)).toEqual(demoAppealsWeek(now));
  });
});
