import { describe, expect, it } from 'vitest';
import { evaluateItem } from '../../../src/domain/clocks-of';
import { checkMutation, type MutationBody } from '../../../src/domain/mutations';
import { summarizeSurvey, surveyMutations, SURVEY_QUESTIONS } from '../../../src/domain/survey';
import {
  attemptMutations, finishMutations, giveUpMutations, isKeyCustomer, keyVisitMutations, manualVisitMutations, sortVisits, validateManualVisit, voltageKv,
} from '../../../src/domain/visits';
import { row } from '../clocks/rows';

let n = 0;
const ctx = (now: string) => ({ now: new Date(now), userId: 'u1', newId: () => `id-${++n}` });
const fieldsOf = (ms: MutationBody[]) => Object.assign({}, ...ms.filter((m) => m.name === 'record.upsert').map((m) => (m.name === 'record.upsert' ? m.args.fields : {})));

describe('visits', () => {
  it('open first, soonest due first; finished after', () => {
    const a = row('visit', { dueAt: '2026-06-12T00:00:00Z' }, 'open');
    const b = row('visit', { dueAt: '2026-06-11T00:00:00Z' }, 'reached');
    const c = row('visit', { dueAt: '2026-06-01T00:00:00Z' }, 'done');
    const d = row('visit', {}, 'open');
    expect(sortVisits([c, d, a, b]).map((v) => v.id)).toEqual([b.id, a.id, d.id, c.id]);
  });

  it('a no-answer attempt keeps the visit open; reaching the customer moves it on; the survey finishes it and stops the clock', () => {
    const v = row('visit', { ruleId: 'visit.return.repair', startsAt: '2026-06-10T02:00:00Z', disaster: false }, 'open');
    const miss = attemptMutations(v, 'noAnswer', ' 关机 ', ctx('2026-06-10T03:00:00Z'));
    expect(miss).toHaveLength(1);
    expect(miss[0]!.name === 'child.add' && miss[0]!.args.fields).toEqual({ outcome: 'noAnswer', at: '2026-06-10T03:00:00.000Z', note: '关机' });
    const hit = attemptMutations(v, 'reached', '', ctx('2026-06-10T04:00:00Z'));
    expect(hit.map((m) => m.name)).toEqual(['child.add', 'record.upsert', 'record.advance', 'child.add']);
    for (const m of [...miss, ...hit]) expect(checkMutation(m).ok).toBe(true);
    const reached = { ...v, status: 'reached' };
    const done = finishMutations(reached, { 1: 'satisfied', 9: 'wechat', 10: '  多发短信  ' }, ctx('2026-06-10T05:00:00Z'));
    for (const m of done) expect(checkMutation(m).ok).toBe(true);
    expect(done.filter((m) => m.name === 'child.add' && m.args.type === 'surveyAnswer')).toHaveLength(3);
    const finished = { ...reached, status: 'done', data: { ...reached.data, ...fieldsOf(done) } };
    expect(evaluateItem(finished, new Date('2026-07-01T00:00:00Z')).map((c) => c.ev.state)).toEqual(['metOnTime']);
  });

  it('giving up needs a reason', () => {
    const v = row('visit', {}, 'open');
    expect(giveUpMutations(v, '  ', ctx('2026-06-10T05:00:00Z'))).toBeNull();
    const ms = giveUpMutations(v, '三次无人接听', ctx('2026-06-10T05:00:00Z'))!;
    expect(fieldsOf(ms)).toEqual({ giveUpReason: '三次无人接听', givenUpAt: '2026-06-10T05:00:00.000Z' });
  });

  it('a visit by hand is due at the end of the day chosen, in Beijing', () => {
    const now = new Date('2026-06-10T02:00:00Z');
    expect(validateManualVisit({ customerId: '', customerName: '', customerPhone: '', method: 'phone', dueDay: '' }, now)).toEqual({ customerName: 'required', dueDay: 'required' });
    expect(validateManualVisit({ customerId: '', customerName: '张三', customerPhone: '', method: 'phone', dueDay: '2026-06-09' }, now)).toEqual({ dueDay: 'day.past' });
    const ms = manualVisitMutations({ customerId: '', customerName: '张三', customerPhone: '13800000000', method: 'onSite', dueDay: '2026-06-12' }, { ...ctx('2026-06-10T02:00:00Z'), visitId: 'v1' });
    expect(fieldsOf(ms)).toMatchObject({ sourceType: 'manual', method: 'onSite', dueAt: '2026-06-12T15:59:59.999Z' });
    const v = row('visit', fieldsOf(ms), 'open');
    expect(evaluateItem(v, new Date('2026-06-13T00:00:00Z'))[0]!.ev.state).toBe('overdue');
  });

  it('key customers: deputies, media, supervisors, and 10 kV and above; one yearly visit each', () => {
    expect(voltageKv('10kV')).toBe(10);
    expect(voltageKv('0.4 kV')).toBe(0.4);
    expect(voltageKv('380V')).toBe(0.38);
    expect(voltageKv('35千伏')).toBe(35);
    expect(voltageKv('high')).toBeNull();
    expect(isKeyCustomer(row('customer', { voltage: '10 kV' }))).toBe(true);
    expect(isKeyCustomer(row('customer', { voltage: '0.4kV', flags: ['media'] }))).toBe(true);
    expect(isKeyCustomer(row('customer', { voltage: '0.22kV', flags: [] }))).toBe(false);
    const c = row('customer', { name: '县人大 王代表', phone: '13800000000', flags: ['deputy'] });
    const ms = keyVisitMutations(c, 2026, ctx('2026-03-01T00:00:00Z'));
    expect(ms[0]!.name === 'record.upsert' && ms[0]!.args.id).toBe(`kv-2026-${c.id}`);
    expect(fieldsOf(ms)).toMatchObject({ sourceType: 'keyCustomer', customerId: c.id, dueAt: '2026-12-31T15:59:59.999Z' });
  });
});

describe('the survey', () => {
  it('has the ten questions of seed 001: eight ratings, the notice channel, free text', () => {
    expect(SURVEY_QUESTIONS.map((q) => q.kind)).toEqual(['rating', 'rating', 'rating', 'rating', 'rating', 'rating', 'rating', 'rating', 'choice', 'text']);
    const ms = surveyMutations('v1', { 1: 'satisfied', 2: 'bogus', 9: 'nope', 10: ' ' }, () => 'x');
    expect(ms).toHaveLength(1);
  });

  it('summarizeSurvey counts each level, the rates, the channels and the suggestions', () => {
    const answers = [
      { question: 1, answer: 'satisfied', visitId: 'v1' },
      { question: 1, answer: 'fairly', visitId: 'v2' },
      { question: 1, answer: 'dissatisfied', visitId: 'v3' },
      { question: 1, answer: 'basically', visitId: 'v4' },
      { question: 2, answer: 'satisfied', visitId: 'v1' },
      { question: 9, answer: 'sms', visitId: 'v1' },
      { question: 9, answer: 'sms', visitId: 'v2' },
      { question: 9, answer: 'wechat', visitId: 'v3' },
      { question: 10, answer: ' 停电早通知 ', visitId: 'v1' },
      { question: 3, answer: 'not-a-level', visitId: 'v9' },
    ];
    const s = summarizeSurvey(answers);
    expect(s.ratings).toHaveLength(8);
    expect(s.ratings[0]).toEqual({ question: 1, counts: { satisfied: 1, fairly: 1, basically: 1, dissatisfied: 1 }, answered: 4, satisfiedRate: 0.75, fullySatisfiedRate: 0.25 });
    expect(s.ratings[1]!.satisfiedRate).toBe(1);
    expect(s.ratings[2]!.satisfiedRate).toBeNull();
    expect(s.noticeChannels).toMatchObject({ sms: 2, wechat: 1, phoneCall: 0 });
    expect(s.suggestions).toEqual(['停电早通知']);
    expect(s.respondents).toBe(4);
    expect(s.overall).toEqual({ answered: 5, satisfiedRate: 0.8, fullySatisfiedRate: 0.4 });
  });
});
