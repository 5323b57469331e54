import { z } from 'zod';
import { lazily } from './lazy';
import { CalendarYearFieldsSchema, PolicyRuleFieldsSchema, dueSoonFractionField } from './settings-fields';

// Every synced thing is either a record (fields merged last-writer-wins, one lifecycle)
// or a child row (only ever added). Keeping the shapes generic lets one merge, one
// outbox and one server apply serve every register.

export const RECORD_TYPES = [
  'repairJob',
  'appeal',
  'visit',
  'customer',
  'zone',
  'zoneAssignment',
  'zoneDuty',
  'handover',
  'shiftLog',
  'policyRule',
  'calendarYear',
  'disasterPeriod',
  'station',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export const CHILD_TYPES = [
  'statusEvent',
  'note',
  'contactAttempt',
  'photo',
  'material',
  'signature',
  'inspection',
  'surveyAnswer',
  'handoverItem',
] as const;
export type ChildType = (typeof CHILD_TYPES)[number];

/** Ordered lifecycles: a later stage wins a merge; going back needs an explicit reopen. */
export const LIFECYCLES: Partial<Record<RecordType, readonly string[]>> = {
  repairJob: ['registered', 'dispatched', 'accepted', 'enRoute', 'arrived', 'restored', 'archived'],
  appeal: ['registered', 'assigned', 'contacted', 'replied', 'followedUp', 'closed'],
  visit: ['open', 'reached', 'done', 'givenUp'],
  zoneDuty: ['due', 'cleaned', 'passed', 'failed'],
  handover: ['draft', 'handedOver', 'confirmed'],
};

export function stageIndex(type: RecordType, status: string): number {
  return LIFECYCLES[type]?.indexOf(status) ?? -1;
}

const id = z.string().min(1).max(64);
const shortText = z.string().max(200);
const longText = z.string().max(10_000);
const isoInstant = z.string().datetime({ offset: true });
const mainlandPhone = z
  .string()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|95598)$/, { message: 'phone.invalid' });

export const AREA_TYPES = ['urban', 'rural', 'remote'] as const;
export const REPORT_CHANNELS = ['phone', 'counter', 'hotline95598', 'staff', 'field'] as const;
export const APPEAL_CHANNELS = ['counter', 'phone', 'letter', 'box', 'hotline95598', 'forwarded'] as const;
export const APPEAL_KINDS = ['complaint', 'report', 'opinion', 'inquiry', 'praise', 'business'] as const;

// Field schemas: every field optional (a mutation sets some of them); unknown fields are
// kept (loose) so an older app passes a newer app's data through untouched.
export const FIELD_SCHEMAS: Record<RecordType, z.ZodType<Record<string, unknown>>> = lazily(() => ({
  repairJob: z.looseObject({
    customerName: shortText.optional(),
    customerPhone: mainlandPhone.optional(),
    address: shortText.optional(),
    areaType: z.enum(AREA_TYPES).optional(),
    description: longText.optional(),
    reportedVia: z.enum(REPORT_CHANNELS).optional(),
    reportedAt: isoInstant.optional(),
    customerId: id.nullable().optional(),
    insideInstallation: z.boolean().optional(),
    guidance: longText.optional(),
    responsibleUnit: shortText.optional(),
    assignee: id.nullable().optional(),
    cause: shortText.optional(),
    causeNote: longText.optional(),
    workDone: longText.optional(),
    expectedRestoreAt: isoInstant.nullable().optional(),
    restoredAt: isoInstant.nullable().optional(),
    archivedAt: isoInstant.nullable().optional(),
  }),
  appeal: z.looseObject({
    number: z.string().max(16).optional(),
    channel: z.enum(APPEAL_CHANNELS).optional(),
    kind: z.enum(APPEAL_KINDS).optional(),
    customerId: id.nullable().optional(),
    customerName: shortText.optional(),
    customerPhone: mainlandPhone.or(z.literal('')).optional(),
    subject: shortText.optional(),
    content: longText.optional(),
    namedStaff: id.nullable().optional(),
    handler: id.nullable().optional(),
    registeredBy: id.optional(),
    receivedAt: isoInstant.optional(),
    dueBy: isoInstant.nullable().optional(),
    resultUpward: longText.optional(),
  }),
  visit: z.looseObject({
    sourceType: z.enum(['repairJob', 'appeal', 'manual', 'keyCustomer', 'sample']).optional(),
    sourceId: id.nullable().optional(),
    customerId: id.nullable().optional(),
    customerName: shortText.optional(),
    customerPhone: shortText.optional(),
    method: z.enum(['phone', 'onSite', 'letter', 'forum', 'card']).optional(),
    ruleId: shortText.optional(),
    startsAt: isoInstant.optional(),
    dueAt: isoInstant.optional(),
    disaster: z.boolean().optional(),
    giveUpReason: longText.optional(),
  }),
  customer: z.looseObject({
    name: shortText.optional(),
    account: shortText.optional(),
    address: shortText.optional(),
    phone: shortText.optional(),
    usage: z.enum(['residential', 'nonResidential', 'agricultural', 'industrial']).optional(),
    voltage: shortText.optional(),
    flags: z.array(z.enum(['deputy', 'media', 'supervisor'])).optional(),
  }),
  zone: z.looseObject({
    name: shortText.optional(),
    kind: z.enum(['office', 'hall', 'dormitory', 'yard', 'corridor', 'toilet', 'drains']).optional(),
    checklist: z.array(shortText).max(50).optional(),
    retired: z.boolean().optional(),
  }),
  zoneAssignment: z.looseObject({
    zoneId: id.optional(), holder: shortText.optional(), from: z.string().optional(),
    holderKind: z.enum(['person', 'office']).optional(), by: id.optional(),
  }),
  zoneDuty: z.looseObject({
    zoneId: id.optional(), holder: shortText.optional(), dueAt: isoInstant.optional(), kind: shortText.optional(),
    holderKind: z.enum(['person', 'office']).optional(), zoneName: shortText.optional(), startsAt: isoInstant.optional(),
    doneAt: isoInstant.nullable().optional(), cleanedBy: id.optional(), inspectedAt: isoInstant.optional(), inspectedBy: id.optional(),
    result: z.enum(['pass', 'fail']).optional(), recleanOf: id.optional(), origin: id.optional(), resolvedAt: isoInstant.optional(), resolvedBy: id.optional(),
    shiftDate: z.string().max(10).optional(), shiftIndex: z.number().int().min(0).optional(),
  }),
  handover: z.looseObject({
    from: id.optional(), to: id.optional(), note: longText.optional(), at: isoInstant.optional(),
    itemCount: z.number().int().min(0).optional(), confirmedAt: isoInstant.optional(), confirmedBy: id.optional(),
  }),
  shiftLog: z.looseObject({
    day: z.string().optional(), phase: shortText.optional(), note: longText.optional(),
    checks: z.array(shortText).max(50).optional(), at: isoInstant.optional(), by: id.optional(), shiftIndex: z.number().int().min(0).optional(),
  }),
  // One whole PolicyChange per record ([DL10]); one whole year per record ([CA8]).
  policyRule: PolicyRuleFieldsSchema,
  calendarYear: CalendarYearFieldsSchema,
  disasterPeriod: z.looseObject({ from: isoInstant.optional(), to: isoInstant.nullable().optional(), note: longText.optional() }),
  station: z.looseObject({
    name: shortText.optional(), shiftTimes: z.array(z.string()).optional(),
    weeklyCleanupDay: z.number().int().min(1).max(7).optional(), weeklyCleanupTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
    recleanHours: z.number().positive().max(168).optional(),
    dueSoonFraction: dueSoonFractionField(),
  }),
}));

export const CHILD_SCHEMAS: Record<ChildType, z.ZodType<Record<string, unknown>>> = lazily(() => ({
  statusEvent: z.looseObject({ status: shortText, at: isoInstant, by: id.optional(), lat: z.number().optional(), lng: z.number().optional() }),
  note: z.looseObject({ text: longText, at: isoInstant.optional() }),
  contactAttempt: z.looseObject({ outcome: z.enum(['reached', 'noAnswer', 'wrongNumber', 'callBack']), at: isoInstant, note: longText.optional() }),
  photo: z.looseObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().positive(), width: z.number().int().optional(), height: z.number().int().optional() }),
  material: z.looseObject({ name: shortText, quantity: z.number().positive(), unit: shortText.optional() }),
  signature: z.looseObject({ name: shortText, sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(), svg: z.string().max(100_000).optional() }),
  inspection: z.looseObject({
    result: z.enum(['pass', 'fail']), items: z.array(z.looseObject({ item: shortText, pass: z.boolean() })).optional(), at: isoInstant,
    by: id.optional(), note: longText.optional(), photos: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(20).optional(),
  }),
  surveyAnswer: z.looseObject({ question: z.number().int().min(1).max(10), answer: z.string().max(2000) }),
  handoverItem: z.looseObject({ itemType: shortText, itemId: id, note: longText.optional(), title: shortText.optional() }),
}));

/** A record as stored on the device and on the server. */
export interface RecordRow {
  id: string;
  type: RecordType;
  station: string;
  data: Record<string, unknown>;
  /** HLC per field of the write that set it. */
  clocks: Record<string, string>;
  status: string | null;
  /** Incremented by each reopen; a stale generation's advance does not apply. */
  statusGen: number;
  statusHlc: string | null;
  deleted: boolean;
  createdBy: string | null;
  /** Newest HLC that touched the row. */
  hlc: string;
}

export interface ChildRow {
  id: string;
  type: ChildType;
  parentType: RecordType;
  parentId: string;
  station: string;
  data: Record<string, unknown>;
  author: string | null;
  hlc: string;
}

/** Reading from disk or the network: fill what is missing, keep what we do not know. */
export function normalizeRecord(raw: unknown): RecordRow | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string' || !RECORD_TYPES.includes(r.type as RecordType)) return null;
  return {
    ...r,
    id: r.id,
    type: r.type as RecordType,
    station: typeof r.station === 'string' ? r.station : '',
    data: r.data && typeof r.data === 'object' ? (r.data as Record<string, unknown>) : {},
    clocks: r.clocks && typeof r.clocks === 'object' ? (r.clocks as Record<string, string>) : {},
    status: typeof r.status === 'string' ? r.status : null,
    statusGen: typeof r.statusGen === 'number' ? r.statusGen : 0,
    statusHlc: typeof r.statusHlc === 'string' ? r.statusHlc : null,
    deleted: r.deleted === true,
    createdBy: typeof r.createdBy === 'string' ? r.createdBy : null,
    hlc: typeof r.hlc === 'string' ? r.hlc : '',
  };
}

export function normalizeChild(raw: unknown): ChildRow | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string' || !CHILD_TYPES.includes(r.type as ChildType)) return null;
  if (typeof r.parentId !== 'string' || !RECORD_TYPES.includes(r.parentType as RecordType)) return null;
  return {
    ...r,
    id: r.id,
    type: r.type as ChildType,
    parentType: r.parentType as RecordType,
    parentId: r.parentId,
    station: typeof r.station === 'string' ? r.station : '',
    data: r.data && typeof r.data === 'object' ? (r.data as Record<string, unknown>) : {},
    author: typeof r.author === 'string' ? r.author : null,
    hlc: typeof r.hlc === 'string' ? r.hlc : '',
  };
}
