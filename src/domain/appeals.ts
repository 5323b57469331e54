import { OFFICIAL_CALENDAR, type WorkCalendar } from './calendar';
import { computeDeadline } from './clock';
import { DEFAULT_POLICY, ruleAt, type StationPolicy } from './policy';
import { APPEAL_CHANNELS, APPEAL_KINDS, FIELD_SCHEMAS, type RecordRow } from './records';
import type { MutationBody } from './mutations';

// Appeals: complaints, reports, letters and visits (domain.md §2). The register, its number,
// the closed loop (registered → assigned → contacted → replied → followedUp → closed) and
// the follow-up visit a replied complaint or report creates. Pure: time and ids are arguments.

export type AppealChannel = (typeof APPEAL_CHANNELS)[number];
export type AppealKind = (typeof APPEAL_KINDS)[number];

/**
 * The type letter in an appeal number, one per kind and all distinct:
 * T 投诉 complaint, J 举报 report, Y 意见 opinion, Z 咨询 inquiry, B 表扬 praise,
 * S 申请 business application (业务申请; Y is taken by 意见).
 */
export const KIND_LETTERS: Record<AppealKind, string> = {
  complaint: 'T',
  report: 'J',
  opinion: 'Y',
  inquiry: 'Z',
  praise: 'B',
  business: 'S',
};

export const NUMBER_MAX = 16;
const NUMBER_RE = /^(\d{4})([A-Z])-([0-9A-Z]{1,6})-(\d{4,})$/;

/**
 * `${year}${letter}-${deviceCode}-${seq}` with seq at least 4 digits, e.g. `2026T-B3-0012`.
 * The device code is issued by the server and never reused; the sequence is the device's
 * own, so two offline devices never make the same number. Null when it would not fit 16.
 */
export function formatAppealNumber(year: number, kind: AppealKind, deviceCode: string, seq: number): string | null {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return null;
  if (!Number.isInteger(seq) || seq < 1) return null;
  if (!/^[0-9A-Z]{1,6}$/.test(deviceCode)) return null;
  const n = `${year}${KIND_LETTERS[kind]}-${deviceCode}-${String(seq).padStart(4, '0')}`;
  return n.length <= NUMBER_MAX ? n : null;
}

export interface ParsedNumber {
  year: number;
  letter: string;
  deviceCode: string;
  seq: number;
}

export function parseAppealNumber(n: string): ParsedNumber | null {
  const m = NUMBER_RE.exec(n);
  if (!m || n.length > NUMBER_MAX) return null;
  return { year: Number(m[1]), letter: m[2]!, deviceCode: m[3]!, seq: Number(m[4]) };
}

/** Highest sequence among numbers this device made in a year (a floor for its counter). */
export function highestSeq(numbers: readonly unknown[], deviceCode: string, year: number): number {
  let max = 0;
  for (const n of numbers) {
    if (typeof n !== 'string') continue;
    const p = parseAppealNumber(n);
    if (p && p.deviceCode === deviceCode && p.year === year && p.seq > max) max = p.seq;
  }
  return max;
}

/** The Beijing year of an instant: a number made at 00:30 on 1 January in Beijing is the new year's. */
export function beijingYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}

export interface AppealInput {
  channel: AppealChannel | '';
  kind: AppealKind | '';
  customerId: string;
  customerName: string;
  customerPhone: string;
  subject: string;
  content: string;
  namedStaff: string;
}

export const EMPTY_APPEAL: AppealInput = {
  channel: 'counter', kind: '', customerId: '', customerName: '', customerPhone: '', subject: '', content: '', namedStaff: '',
};

export type AppealErrorCode = 'required' | 'phone.invalid' | 'tooLong';
export type AppealErrors = Partial<Record<keyof AppealInput, AppealErrorCode>>;

/** Channels where a customer may stay anonymous (a note in the box, an unsigned letter). */
export const ANONYMOUS_CHANNELS: readonly AppealChannel[] = ['box', 'letter'];

/** 000 来信来访 5: numbered, classified, summarised. A customer unless it came in anonymously. */
export function validateAppeal(input: AppealInput): AppealErrors {
  const e: AppealErrors = {};
  if (!input.channel) e.channel = 'required';
  if (!input.kind) e.kind = 'required';
  if (!input.subject.trim()) e.subject = 'required';
  if (!input.content.trim()) e.content = 'required';
  const anonymousOk = input.channel !== '' && ANONYMOUS_CHANNELS.includes(input.channel);
  if (!input.customerId && !input.customerName.trim() && !anonymousOk) e.customerName = 'required';
  const phone = input.customerPhone.replace(/\s+/g, '');
  if (phone && !FIELD_SCHEMAS.appeal.safeParse({ customerPhone: phone }).success) e.customerPhone = 'phone.invalid';
  if (!e.customerName && input.customerName.length > 200) e.customerName = 'tooLong';
  if (!e.subject && input.subject.length > 200) e.subject = 'tooLong';
  if (!e.content && input.content.length > 10_000) e.content = 'tooLong';
  return e;
}

const iso = (d: Date) => d.toISOString();

function event(id: string, appealId: string, status: string, at: Date, by: string): MutationBody {
  return { name: 'child.add', args: { type: 'statusEvent', id, parentType: 'appeal', parentId: appealId, fields: { status, at: iso(at), by } } };
}

export interface RegisterContext {
  appealId: string;
  eventId: string;
  number: string;
  now: Date;
  userId: string;
}

export function registerMutations(input: AppealInput, ctx: RegisterContext): MutationBody[] {
  const fields: Record<string, unknown> = {
    number: ctx.number,
    channel: input.channel,
    kind: input.kind,
    subject: input.subject.trim(),
    content: input.content.trim(),
    customerId: input.customerId || null,
    customerName: input.customerName.trim(),
    customerPhone: input.customerPhone.replace(/\s+/g, ''),
    namedStaff: input.namedStaff || null,
    handler: null,
    registeredBy: ctx.userId,
    receivedAt: iso(ctx.now),
  };
  return [
    { name: 'record.upsert', args: { type: 'appeal', id: ctx.appealId, fields, base: {} } },
    event(ctx.eventId, ctx.appealId, 'registered', ctx.now, ctx.userId),
  ];
}

/** The steps of the loop after registration, the time field each stamps (clocks stop on them). */
export const APPEAL_STEP_FIELDS = {
  assigned: 'assignedAt',
  contacted: 'contactedAt',
  replied: 'repliedAt',
  followedUp: 'followedUpAt',
  closed: 'closedAt',
} as const;
export type AppealStep = keyof typeof APPEAL_STEP_FIELDS;

const NEXT: Record<string, AppealStep | undefined> = {
  registered: 'assigned',
  assigned: 'contacted',
  contacted: 'replied',
  replied: 'followedUp',
  followedUp: 'closed',
};

/** Kinds whose reply is followed by a return visit (002 四.2: 100 % for complaints and reports). */
export const FOLLOW_UP_KINDS: readonly AppealKind[] = ['complaint', 'report'];

export function needsFollowUp(row: RecordRow): boolean {
  return FOLLOW_UP_KINDS.includes(row.data.kind as AppealKind);
}

/**
 * The next step of the loop. Kinds with no follow-up visit go from replied to closed; a
 * forwarded case cannot close before the written result sent upward is recorded.
 */
export function nextAppealStep(row: RecordRow): AppealStep | null {
  const s = row.status ?? 'registered';
  if (s === 'replied' && !needsFollowUp(row)) return 'closed';
  return NEXT[s] ?? null;
}

export type StepBlock = 'resultUpward.required' | 'handler.required' | 'reply.required';

export function stepBlocked(row: RecordRow, step: AppealStep, extra: StepExtra = {}): StepBlock | null {
  if (step === 'assigned' && !extra.handler) return 'handler.required';
  if (step === 'replied' && !extra.replyText?.trim()) return 'reply.required';
  if (step === 'closed' && row.data.channel === 'forwarded' && !String(row.data.resultUpward ?? '').trim() && !extra.resultUpward?.trim()) {
    return 'resultUpward.required';
  }
  return null;
}

export interface StepExtra {
  handler?: string;
  replyText?: string;
  resultUpward?: string;
}

export interface AppealStepContext {
  eventId: string;
  noteId?: string;
  now: Date;
  userId: string;
  /** The station's policy and calendar, so a stored due date matches the on-screen clock. */
  policy?: StationPolicy;
  calendar?: WorkCalendar;
}

export function followUpVisitId(appealId: string): string {
  return `fv-${appealId}`;
}

/**
 * The follow-up visit of a replied complaint or report, due 5 working days after the reply
 * (rule appeal.followUp, a setting). Deterministic id: replying on two devices makes one
 * visit. It carries no name, phone or content: those stay on the appeal, which only the
 * chief and the handler receive; the visit screen reads them from there.
 */
export function followUpVisitMutation(row: RecordRow, repliedAt: Date, policy: StationPolicy = DEFAULT_POLICY, calendar: WorkCalendar = OFFICIAL_CALENDAR): MutationBody | null {
  if (!needsFollowUp(row)) return null;
  const rule = ruleAt(policy, 'appeal.followUp', repliedAt);
  if (!rule) return null;
  const { deadline } = computeDeadline(rule, repliedAt, calendar);
  return {
    name: 'record.upsert',
    args: {
      type: 'visit',
      id: followUpVisitId(row.id),
      fields: {
        sourceType: 'appeal',
        sourceId: row.id,
        method: 'phone',
        ruleId: rule.id,
        startsAt: iso(repliedAt),
        dueAt: iso(deadline),
        handler: (row.data.handler as string | null | undefined) ?? null,
      },
      base: {},
    },
  };
}

/** One step of the loop: the time field, the status, who and when, and what the step implies. */
export function appealStepMutations(row: RecordRow, step: AppealStep, ctx: AppealStepContext, extra: StepExtra = {}): MutationBody[] {
  const field = APPEAL_STEP_FIELDS[step];
  const fields: Record<string, unknown> = { [field]: iso(ctx.now) };
  if (step === 'assigned' && extra.handler) fields.handler = extra.handler;
  if (step === 'replied' && extra.replyText !== undefined) fields.reply = extra.replyText.trim();
  if (extra.resultUpward?.trim()) fields.resultUpward = extra.resultUpward.trim();
  const base: Record<string, string | null> = {};
  for (const k of Object.keys(fields)) base[k] = row.clocks[k] ?? null;
  const out: MutationBody[] = [{ name: 'record.upsert', args: { type: 'appeal', id: row.id, fields, base } }];
  // Reassigning an already assigned appeal changes the handler without moving the stage.
  if (!(step === 'assigned' && row.status !== 'registered' && row.status !== null)) {
    out.push({ name: 'record.advance', args: { type: 'appeal', id: row.id, status: step, gen: row.statusGen } });
  }
  out.push(event(ctx.eventId, row.id, step, ctx.now, ctx.userId));
  if (step === 'replied') {
    const visit = followUpVisitMutation({ ...row, data: { ...row.data, ...fields } }, ctx.now, ctx.policy, ctx.calendar);
    if (visit) out.push(visit);
  }
  return out;
}

/** A reassignment (the chief hands the case to someone else) keeps the stage. */
/**
 * Hands the appeal to another handler. Its follow-up visit, if one is still to be made,
 * moves with it: the visit names the handler who closes the loop, and that is who receives it.
 */
export function reassignMutations(row: RecordRow, handler: string, ctx: AppealStepContext, followUp: RecordRow | null = null): MutationBody[] {
  const out: MutationBody[] = [
    { name: 'record.upsert', args: { type: 'appeal', id: row.id, fields: { handler }, base: { handler: row.clocks.handler ?? null } } },
    event(ctx.eventId, row.id, 'assigned', ctx.now, ctx.userId),
  ];
  const open = followUp && !followUp.deleted && (followUp.status === null || followUp.status === 'open' || followUp.status === 'reached');
  if (open && followUp.data.handler !== handler) {
    out.push({ name: 'record.upsert', args: { type: 'visit', id: followUp.id, fields: { handler }, base: { handler: followUp.clocks.handler ?? null } } });
  }
  return out;
}

/** The row carries no identity or content: the server withheld them from this user. */
export function isRedacted(row: RecordRow): boolean {
  if ((row as RecordRow & { redacted?: unknown }).redacted === true) return true;
  const d = row.data;
  return !('customerName' in d) && !('content' in d) && !('customerPhone' in d);
}

/** Open first (least advanced stage first), then by when received, newest first. */
export function sortAppeals(rows: readonly RecordRow[]): RecordRow[] {
  const open = (r: RecordRow) => r.status !== 'closed';
  return [...rows].sort((a, b) => {
    if (open(a) !== open(b)) return open(a) ? -1 : 1;
    return String(b.data.receivedAt ?? '').localeCompare(String(a.data.receivedAt ?? ''));
  });
}

/** A fault reported as an appeal becomes a repair job: the intake prefilled from what was typed. */
export function faultIntakeFrom(input: AppealInput): {
  customerName: string; customerPhone: string; description: string; reportedVia: 'phone' | 'counter' | 'hotline95598';
} {
  const via = input.channel === 'phone' ? 'phone' : input.channel === 'hotline95598' || input.channel === 'forwarded' ? 'hotline95598' : 'counter';
  const description = [input.subject.trim(), input.content.trim()].filter(Boolean).join('\n');
  return { customerName: input.customerName.trim(), customerPhone: input.customerPhone.replace(/\s+/g, ''), description, reportedVia: via };
}
