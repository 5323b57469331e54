import { evaluateClock, type ClockEvaluation } from './clock';
import { DEFAULT_POLICY, returnVisitRuleFor, ruleAt, type StationPolicy } from './policy';
import { computeDeadline } from './clock';
import { AREA_TYPES, FIELD_SCHEMAS, REPORT_CHANNELS, type RecordRow } from './records';
import type { MutationBody } from './mutations';

// Repair jobs (domain.md §1): what an intake must hold, the mutations each step writes,
// the restoration clock and the return visit an archive creates. Pure: time is an argument.

export type AreaType = (typeof AREA_TYPES)[number];
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

export interface IntakeInput {
  customerName: string;
  customerPhone: string;
  address: string;
  areaType: AreaType | '';
  description: string;
  reportedVia: ReportChannel | '';
  insideInstallation: boolean;
  guidance: string;
}

export type IntakeErrorCode = 'required' | 'phone.invalid' | 'tooLong';
export type IntakeErrors = Partial<Record<keyof IntakeInput, IntakeErrorCode>>;

/** 000 item 19: name, phone and address always; a fault outside the installation also needs where and what. */
export function validateIntake(input: IntakeInput): IntakeErrors {
  const errors: IntakeErrors = {};
  const req = (k: keyof IntakeInput) => {
    const v = input[k];
    if (typeof v === 'string' && !v.trim()) errors[k] = 'required';
  };
  req('customerName');
  req('customerPhone');
  req('address');
  req('reportedVia');
  if (input.insideInstallation) req('guidance');
  else {
    req('areaType');
    req('description');
  }
  if (!errors.customerPhone) {
    const phone = FIELD_SCHEMAS.repairJob.safeParse({ customerPhone: input.customerPhone.replace(/\s+/g, '') });
    if (!phone.success) errors.customerPhone = 'phone.invalid';
  }
  for (const k of ['customerName', 'address'] as const) if (!errors[k] && input[k].length > 200) errors[k] = 'tooLong';
  return errors;
}

export const RESTORE_RULE: Record<AreaType, string> = {
  urban: 'repair.restore.urban',
  rural: 'repair.restore.rural',
  remote: 'repair.restore.remote',
};

const iso = (d: Date) => d.toISOString();

function statusEvent(id: string, jobId: string, status: string, at: Date, by: string, where?: { lat: number; lng: number }): MutationBody {
  return {
    name: 'child.add',
    args: { type: 'statusEvent', id, parentType: 'repairJob', parentId: jobId, fields: { status, at: iso(at), by, ...(where ?? {}) } },
  };
}

export interface IntakeContext {
  jobId: string;
  eventId: string;
  now: Date;
  userId: string;
  responsibleUnit: string;
  assignee?: string | null;
  eventIdDispatch?: string;
}

/** The clerk's save: the job, its first status event and, if a lineman is chosen, the dispatch. */
export function intakeMutations(input: IntakeInput, ctx: IntakeContext): MutationBody[] {
  const fields: Record<string, unknown> = {
    customerName: input.customerName.trim(),
    customerPhone: input.customerPhone.replace(/\s+/g, ''),
    address: input.address.trim(),
    reportedVia: input.reportedVia,
    reportedAt: iso(ctx.now),
    responsibleUnit: ctx.responsibleUnit,
    insideInstallation: input.insideInstallation,
  };
  if (input.insideInstallation) fields.guidance = input.guidance.trim();
  else {
    fields.areaType = input.areaType;
    fields.description = input.description.trim();
  }
  if (ctx.assignee && !input.insideInstallation) fields.assignee = ctx.assignee;
  const out: MutationBody[] = [
    { name: 'record.upsert', args: { type: 'repairJob', id: ctx.jobId, fields, base: {} } },
    statusEvent(ctx.eventId, ctx.jobId, 'registered', ctx.now, ctx.userId),
  ];
  if (input.insideInstallation) {
    // 000 item 19: guided by phone, closed as advice; no crew, no restoration clock.
    out.push({ name: 'record.upsert', args: { type: 'repairJob', id: ctx.jobId, fields: { archivedAt: iso(ctx.now) }, base: {} } });
    out.push({ name: 'record.advance', args: { type: 'repairJob', id: ctx.jobId, status: 'archived', gen: 0 } });
  } else if (ctx.assignee) {
    out.push({ name: 'record.advance', args: { type: 'repairJob', id: ctx.jobId, status: 'dispatched', gen: 0 } });
    if (ctx.eventIdDispatch) out.push(statusEvent(ctx.eventIdDispatch, ctx.jobId, 'dispatched', ctx.now, ctx.userId));
  }
  return out;
}

/** Steps of the lineman's flow, in order; each writes its time field so clocks can stop on it. */
export const STEP_FIELDS: Partial<Record<string, string>> = {
  accepted: 'acceptedAt',
  enRoute: 'enRouteAt',
  arrived: 'arrivedAt',
  restored: 'restoredAt',
  archived: 'archivedAt',
};

export interface StepContext {
  eventId: string;
  now: Date;
  userId: string;
  where?: { lat: number; lng: number };
}

export function stepMutations(job: RecordRow, status: string, ctx: StepContext): MutationBody[] {
  const out: MutationBody[] = [];
  const field = STEP_FIELDS[status];
  if (field) out.push({ name: 'record.upsert', args: { type: 'repairJob', id: job.id, fields: { [field]: iso(ctx.now) }, base: { [field]: job.clocks[field] ?? null } } });
  out.push({ name: 'record.advance', args: { type: 'repairJob', id: job.id, status, gen: job.statusGen } });
  out.push(statusEvent(ctx.eventId, job.id, status, ctx.now, ctx.userId, ctx.where));
  return out;
}

export function dispatchMutations(job: RecordRow, assignee: string, ctx: StepContext): MutationBody[] {
  const out: MutationBody[] = [
    { name: 'record.upsert', args: { type: 'repairJob', id: job.id, fields: { assignee }, base: { assignee: job.clocks.assignee ?? null } } },
    statusEvent(ctx.eventId, job.id, 'dispatched', ctx.now, ctx.userId),
  ];
  if (job.status === 'registered') out.push({ name: 'record.advance', args: { type: 'repairJob', id: job.id, status: 'dispatched', gen: job.statusGen } });
  return out;
}

export function restorationClock(job: RecordRow, now: Date, policy: StationPolicy = DEFAULT_POLICY): ClockEvaluation | null {
  const area = job.data.areaType as AreaType | undefined;
  const reportedAt = job.data.reportedAt as string | undefined;
  if (!area || !reportedAt || job.data.insideInstallation === true) return null;
  const rule = ruleAt(policy, RESTORE_RULE[area], reportedAt);
  if (!rule) return null;
  return evaluateClock(rule, { start: reportedAt, stop: (job.data.restoredAt as string | null) ?? null }, now, { dueSoonFraction: policy.dueSoonFraction });
}

/** The lineman's list: least time left first; finished jobs after open ones, newest first. */
export function byTimeLeft(jobs: readonly RecordRow[], now: Date, policy: StationPolicy = DEFAULT_POLICY): RecordRow[] {
  const keyed = jobs.map((job) => {
    const c = restorationClock(job, now, policy);
    const open = !job.data.restoredAt && job.status !== 'archived';
    const left = c?.deadline ? c.deadline.getTime() - now.getTime() : Number.POSITIVE_INFINITY;
    return { job, open, left, reported: Date.parse(String(job.data.reportedAt ?? '')) || 0 };
  });
  keyed.sort((a, b) => (a.open !== b.open ? (a.open ? -1 : 1) : a.open ? a.left - b.left : b.reported - a.reported));
  return keyed.map((k) => k.job);
}

/** Deterministic: archiving twice, or on two devices, still makes one visit. */
export function returnVisitId(jobId: string): string {
  return `rv-${jobId}`;
}

export interface DisasterWindow {
  from: string | Date;
  to?: string | Date | null;
}

export function returnVisitMutation(job: RecordRow, archivedAt: Date, disasterPeriods: readonly DisasterWindow[], policy: StationPolicy = DEFAULT_POLICY): MutationBody | null {
  const rule = returnVisitRuleFor(archivedAt, disasterPeriods as never, policy);
  if (!rule) return null;
  const { deadline } = computeDeadline(rule, archivedAt);
  return {
    name: 'record.upsert',
    args: {
      type: 'visit',
      id: returnVisitId(job.id),
      fields: {
        sourceType: 'repairJob',
        sourceId: job.id,
        customerId: (job.data.customerId as string | null | undefined) ?? null,
        customerName: job.data.customerName ?? '',
        customerPhone: job.data.customerPhone ?? '',
        method: 'phone',
        ruleId: rule.id,
        startsAt: archivedAt.toISOString(),
        dueAt: deadline.toISOString(),
        disaster: rule.variant === 'disaster',
      },
      base: {},
    },
  };
}
