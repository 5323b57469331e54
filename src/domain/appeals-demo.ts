import {
  appealStepMutations, formatAppealNumber, registerMutations, EMPTY_APPEAL,
  type AppealChannel, type AppealInput, type AppealKind, type AppealStep,
} from './appeals';
import type { MutationBody } from './mutations';
import type { RecordRow } from './records';
import type { SurveyAnswers } from './survey';
import { attemptMutations, finishMutations, giveUpMutations, manualVisitMutations, type AttemptOutcome } from './visits';

// A realistic week of appeals and visits in every state, for `npm run demo`. Pure: the
// caller gives the time and, if it has them, the staff ids; ids are fixed, so running the
// demo twice writes the same rows. Numbers use the device code DEMO, which the server
// never issues (its codes are Crockford base 32, which has no O).

export interface DemoStaff {
  chief?: string;
  clerks?: string[];
  linemen?: string[];
}

const H = 3600_000;
const DEMO_CODE = 'DEMO';

interface Case {
  kind: AppealKind;
  channel: AppealChannel;
  daysAgo: number;
  name: string;
  phone: string;
  subject: string;
  content: string;
  /** The last step reached; each step a few hours after the one before. */
  upTo: 'registered' | AppealStep;
  namesLineman?: boolean;
  reply?: string;
  resultUpward?: string;
  /** A follow-up visit: attempts, then the survey (done) or a reason (given up). */
  visit?: { attempts: AttemptOutcome[]; survey?: SurveyAnswers; giveUp?: string };
}

const CASES: Case[] = [
  { kind: 'complaint', channel: 'counter', daysAgo: 6, name: '张桂兰', phone: '13807310001', subject: '电费突增', content: '本月电费比上月多一倍，家里用电没有变化。', upTo: 'closed', reply: '现场校验电能表准确，已解释阶梯电价。', visit: { attempts: ['noAnswer', 'reached'], survey: { 1: 'satisfied', 2: 'satisfied', 3: 'fairly', 4: 'satisfied', 5: 'basically', 6: 'satisfied', 7: 'fairly', 8: 'basically', 9: 'sms', 10: '电费单上写清楚阶梯电价' } } },
  { kind: 'report', channel: 'box', daysAgo: 5, name: '', phone: '', subject: '抢修人员索要好处费', content: '匿名举报：抢修时有人要求给两百元才优先接电。', upTo: 'replied', namesLineman: true, reply: '已调查核实并处理，结果书面告知。', visit: { attempts: ['wrongNumber'] } },
  { kind: 'complaint', channel: 'hotline95598', daysAgo: 4, name: '李建国', phone: '13907310002', subject: '停电未提前通知', content: '计划检修停电没有提前通知，冰箱里的东西坏了。', upTo: 'followedUp', reply: '已致歉，今后检修停电提前一天张贴公告并短信通知。', visit: { attempts: ['reached'], survey: { 1: 'fairly', 2: 'basically', 3: 'satisfied', 4: 'fairly', 5: 'dissatisfied', 6: 'fairly', 7: 'satisfied', 8: 'basically', 9: 'broadcast', 10: '停电通知要早' } } },
  { kind: 'opinion', channel: 'forwarded', daysAgo: 4, name: '王淑芬', phone: '13607310003', subject: '建议增设缴费点', content: '县公司转来：村里老人多，建议在村委会设缴费点。', upTo: 'closed', reply: '已在村委会设代收点，每月 5 日至 10 日开放。', resultUpward: '已书面上报县公司：代收点设立情况及答复客户记录。' },
  { kind: 'complaint', channel: 'phone', daysAgo: 3, name: '赵永刚', phone: '13507310004', subject: '营业员态度差', content: '柜台办理过户时营业员不耐烦。', upTo: 'contacted' },
  { kind: 'inquiry', channel: 'counter', daysAgo: 3, name: '刘小红', phone: '13707310005', subject: '峰谷电价怎么申请', content: '想了解峰谷分时电价的办理条件。', upTo: 'closed', reply: '已告知办理条件及所需材料。' },
  { kind: 'praise', channel: 'letter', daysAgo: 2, name: '陈伯', phone: '', subject: '表扬抢修班', content: '雷雨夜抢修及时，特来信感谢。', upTo: 'replied', reply: '已转达抢修班，感谢来信。' },
  { kind: 'business', channel: 'counter', daysAgo: 2, name: '周记米粉店', phone: '13307310006', subject: '增容申请咨询', content: '门店要加装空调，需要增容。', upTo: 'assigned' },
  { kind: 'report', channel: 'phone', daysAgo: 1, name: '吴德明', phone: '13207310007', subject: '有人私拉电线', content: '村东头有人从路灯线私接电源。', upTo: 'assigned' },
  { kind: 'complaint', channel: 'counter', daysAgo: 0, name: '孙丽', phone: '13107310008', subject: '电压低', content: '晚上电压低，空调启动不了。', upTo: 'registered' },
];

const ORDER: AppealStep[] = ['assigned', 'contacted', 'replied', 'followedUp', 'closed'];

function apply(row: RecordRow, ms: MutationBody[]): RecordRow {
  let out = row;
  for (const m of ms) {
    if (m.name === 'record.upsert' && m.args.id === row.id) out = { ...out, data: { ...out.data, ...m.args.fields } };
    if (m.name === 'record.advance' && m.args.id === row.id) out = { ...out, status: m.args.status, statusGen: m.args.gen };
  }
  return out;
}

function blank(type: 'appeal' | 'visit', id: string, station: string, status: string): RecordRow {
  return { id, type, station, data: {}, clocks: {}, status, statusGen: 0, statusHlc: null, deleted: false, createdBy: null, hlc: '' };
}

/**
 * Mutations for a week of appeals ending at `now`: every stage of the loop, every type and
 * channel, a report naming a lineman, a forwarded case with its result reported upward,
 * follow-up visits done with the survey, waiting, and given up; plus visits made by hand.
 */
export function demoAppealsWeek(now: Date, staff: DemoStaff = {}, station = ''): MutationBody[] {
  const chief = staff.chief ?? 'demo-chief';
  const clerks = staff.clerks?.length ? staff.clerks : ['demo-clerk'];
  const lineman = staff.linemen?.[0] ?? 'demo-lineman';
  const out: MutationBody[] = [];
  let seq = 0;
  let ids = 0;
  const newId = () => `demo-${now.getTime().toString(36)}-${(++ids).toString(36)}`;
  const year = new Date(now.getTime() + 8 * H).getUTCFullYear();
  CASES.forEach((c, i) => {
    // Received in working hours, Beijing: 09:00 plus an hour per case, `daysAgo` days back.
    const day = new Date(now.getTime() - c.daysAgo * 24 * H);
    const b = new Date(day.getTime() + 8 * H);
    const beijingMidnight = Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate()) - 8 * H;
    let at = new Date(Math.min(beijingMidnight + (9 + (i % 6)) * H, now.getTime() - H));
    const clerk = clerks[i % clerks.length]!;
    const number = formatAppealNumber(year, c.kind, DEMO_CODE, ++seq)!;
    const id = `demo-appeal-${number}`;
    const input: AppealInput = {
      ...EMPTY_APPEAL, kind: c.kind, channel: c.channel, customerName: c.name, customerPhone: c.phone, subject: c.subject, content: c.content,
      namedStaff: c.namesLineman ? lineman : '',
    };
    const reg = registerMutations(input, { appealId: id, eventId: newId(), number, now: at, userId: clerk });
    out.push(...reg);
    let row = apply(blank('appeal', id, station, 'registered'), reg);
    if (c.upTo === 'registered') return;
    const last = ORDER.indexOf(c.upTo);
    for (const step of ORDER.slice(0, last + 1)) {
      if (step === 'followedUp' && !(c.kind === 'complaint' || c.kind === 'report')) continue;
      at = new Date(Math.min(at.getTime() + 3 * H, now.getTime() - 10 * 60_000));
      const by = step === 'assigned' ? chief : clerk;
      const ms = appealStepMutations(row, step, { eventId: newId(), now: at, userId: by }, {
        handler: step === 'assigned' ? clerk : undefined,
        replyText: step === 'replied' ? c.reply ?? '' : undefined,
        resultUpward: step === 'closed' ? c.resultUpward : undefined,
      });
      out.push(...ms);
      const visitMs = ms.find((m) => m.name === 'record.upsert' && m.args.type === 'visit');
      row = apply(row, ms);
      if (step === 'replied' && visitMs?.name === 'record.upsert' && c.visit) {
        let visit = apply(blank('visit', visitMs.args.id, station, 'open'), [visitMs]);
        for (const outcome of c.visit.attempts) {
          at = new Date(Math.min(at.getTime() + H, now.getTime() - 5 * 60_000));
          const a = attemptMutations(visit, outcome, '', { now: at, userId: clerk, newId });
          out.push(...a);
          visit = apply(visit, a);
        }
        if (c.visit.survey && visit.status === 'reached') out.push(...finishMutations(visit, c.visit.survey, { now: at, userId: clerk, newId }));
        if (c.visit.giveUp) out.push(...(giveUpMutations(visit, c.visit.giveUp, { now: at, userId: clerk, newId }) ?? []));
      }
    }
  });
  // Visits made by hand: one open, one given up after three calls.
  const manual = (visitId: string, name: string, phone: string, dueDay: string, daysAgo: number) =>
    manualVisitMutations({ customerId: '', customerName: name, customerPhone: phone, method: 'phone', dueDay }, { now: new Date(now.getTime() - daysAgo * 24 * H), userId: clerks[0]!, newId, visitId });
  const dayAfter = (d: number) => new Date(now.getTime() + 8 * H + d * 24 * H).toISOString().slice(0, 10);
  out.push(...manual('demo-visit-manual-1', '郑卫东', '13607310011', dayAfter(3), 1));
  const gv = manual('demo-visit-manual-2', '冯秀英', '13607310012', dayAfter(1), 4);
  out.push(...gv);
  let given = apply(blank('visit', 'demo-visit-manual-2', station, 'open'), gv);
  for (let k = 0; k < 3; k++) {
    const a = attemptMutations(given, 'noAnswer', '', { now: new Date(now.getTime() - (3 - k) * 24 * H), userId: clerks[0]!, newId });
    out.push(...a);
    given = apply(given, a);
  }
  out.push(...(giveUpMutations(given, '三天三次电话无人接听，号码可能已停用', { now: new Date(now.getTime() - 2 * H), userId: clerks[0]!, newId }) ?? []));
  return out;
}
