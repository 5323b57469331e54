/**
 * Deadline rules as data, and a station's policy: the defaults overridden by
 * the chief's dated changes. Rules: src/domain/SPEC.md "Deadlines [DL*]".
 */
import { z } from 'zod';
import { lazily } from './lazy';
import { DEFAULT_RULES } from './policy-defaults';

export const UNITS = ['minutes', 'hours', 'calendarDays', 'workingDays', 'monthlyReport'] as const;
export type Unit = (typeof UNITS)[number];

export const RECORD_TYPES = ['repair', 'visit', 'appeal', 'business', 'counter', 'report', 'zoneDuty', 'shift'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** One way of setting a rule: the default, a listed alternative, or a chief's change. */
export interface RuleSetting {
  readonly amount: number;
  readonly unit: Unit;
  /** monthlyReport only: 'HH:MM' Beijing on the due day; absent = end of that day. */
  readonly dueTime?: string;
  /** When an alternative counts from another event (e.g. from application, not acceptance). */
  readonly startEvent?: string;
  readonly citation: string;
}

export interface Rule {
  readonly id: string;
  readonly recordType: RecordType;
  readonly startEvent: string;
  readonly stopEvent: string;
  readonly amount: number;
  readonly unit: Unit;
  readonly dueTime?: string;
  /** Seed clause the number comes from, e.g. '002 三.5'; the UI shows it beside the deadline. */
  readonly citation: string;
  /** Other readings of the seeds, offered to the chief as settings. */
  readonly alternatives?: readonly RuleSetting[];
  /** [DL5] Setting used inside a declared natural-disaster period. */
  readonly disaster?: { readonly amount: number; readonly unit: Unit; readonly citation: string };
  /** Set when the disaster setting has been applied, so a stamped rule says so. */
  readonly variant?: 'disaster';
  /** Set when a chief's change produced this version: the instant it took effect. */
  readonly effectiveFrom?: string;
}

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
// 366 days in minutes bounds every sensible amount and keeps arithmetic exact.
const MAX_AMOUNT = 527_040;

function checkMonthly(v: { unit: Unit; amount: number; dueTime?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.unit === 'monthlyReport' && v.amount > 28) {
    // Day 29–31 does not exist in every month; a report due date must.
    ctx.addIssue({ code: 'custom', message: 'policy.monthly_day_out_of_range', path: ['amount'] });
  }
  if (v.unit !== 'monthlyReport' && v.dueTime !== undefined) {
    ctx.addIssue({ code: 'custom', message: 'policy.due_time_only_monthly', path: ['dueTime'] });
  }
}

// Built on first use: validation happens on a save or an import, and building the schemas
// while the modules load delays the first screen (domain/lazy.ts).
const schemas = lazily(() => {
  const amountSchema = z.number().int().positive().max(MAX_AMOUNT);
  const unitSchema = z.enum(UNITS);
  const DueSoonFraction = z.number().gt(0).lt(1);
  const RuleSetting = z
    .object({
      amount: amountSchema,
      unit: unitSchema,
      dueTime: z.string().regex(HHMM).optional(),
      startEvent: z.string().min(1).max(64).optional(),
      citation: z.string().min(1).max(200),
    })
    .superRefine(checkMonthly);

  const Rule = z
    .object({
      id: z.string().regex(/^[a-zA-Z][\w.]{0,63}$/),
      recordType: z.enum(RECORD_TYPES),
      startEvent: z.string().min(1).max(64),
      stopEvent: z.string().min(1).max(64),
      amount: amountSchema,
      unit: unitSchema,
      dueTime: z.string().regex(HHMM).optional(),
      citation: z.string().min(1).max(200),
      alternatives: z.array(RuleSetting).max(10).optional(),
      disaster: z.object({ amount: amountSchema, unit: unitSchema, citation: z.string().min(1).max(200) }).optional(),
      variant: z.literal('disaster').optional(),
      effectiveFrom: z.iso.datetime({ offset: true }).optional(),
    })
    .superRefine(checkMonthly);

  /** A chief's change to one rule; applies to clocks that start after `effectiveFrom` ([DL2]). */
  const PolicyChange = z
    .object({
      ruleId: z.string().min(1).max(64),
      effectiveFrom: z.iso.datetime({ offset: true }),
      amount: amountSchema,
      unit: unitSchema,
      dueTime: z.string().regex(HHMM).optional(),
      startEvent: z.string().min(1).max(64).optional(),
      disaster: z.object({ amount: amountSchema, unit: unitSchema }).optional(),
      note: z.string().max(500).optional(),
    })
    .superRefine(checkMonthly);

  /** A whole station policy as synced between devices and the server. */
  const StationPolicy = z.object({
    rules: z.array(Rule).max(500),
    changes: z.array(PolicyChange).max(10_000),
    dueSoonFraction: DueSoonFraction,
  });
  return { RuleSetting, Rule, PolicyChange, DueSoonFraction, StationPolicy };
});

export const RuleSettingSchema = lazily(() => schemas.RuleSetting);
export const RuleSchema = lazily(() => schemas.Rule);
/** A chief's change to one rule; applies to clocks that start after `effectiveFrom` ([DL2]). */
export const PolicyChangeSchema = lazily(() => schemas.PolicyChange);
export type PolicyChange = z.infer<typeof PolicyChangeSchema>;

/** [DL3] Due soon when less than this fraction of the window is left. */
export const DEFAULT_DUE_SOON_FRACTION = 0.25;
export const DueSoonFractionSchema = lazily(() => schemas.DueSoonFraction);

export interface StationPolicy {
  readonly rules: readonly Rule[];
  readonly changes: readonly PolicyChange[];
  readonly dueSoonFraction: number;
}

/** A whole station policy as synced between devices and the server. */
export const StationPolicySchema = lazily(() => schemas.StationPolicy);

export const DEFAULT_POLICY: StationPolicy = Object.freeze({
  rules: DEFAULT_RULES,
  changes: Object.freeze([]) as readonly PolicyChange[],
  dueSoonFraction: DEFAULT_DUE_SOON_FRACTION,
});

export type PolicyChangeReason =
  | 'policy.invalid_change'
  | 'policy.unknown_rule'
  | 'policy.unit_mismatch';

export type PolicyChangeResult =
  | { readonly ok: true; readonly policy: StationPolicy; readonly change: PolicyChange }
  | { readonly ok: false; readonly reason: PolicyChangeReason; readonly detail?: string };

/**
 * Validates a chief's change and returns a new policy holding it. A monthly
 * report rule stays a monthly report rule: switching it to a duration would
 * change what the rule means, not its number.
 */
export function applyPolicyChange(policy: StationPolicy, input: unknown): PolicyChangeResult {
  const parsed = PolicyChangeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'policy.invalid_change', detail: parsed.error.issues[0]?.message };
  const change = parsed.data;
  const base = indexFor(policy).base.get(change.ruleId);
  if (!base) return { ok: false, reason: 'policy.unknown_rule', detail: change.ruleId };
  if ((base.unit === 'monthlyReport') !== (change.unit === 'monthlyReport')) {
    return { ok: false, reason: 'policy.unit_mismatch', detail: change.unit };
  }
  return { ok: true, change, policy: Object.freeze({ ...policy, changes: Object.freeze([...policy.changes, change]) }) };
}

// ---------------------------------------------------------------------------
// ruleAt runs once per item per evaluation pass, so the per-rule version list
// is built once per policy object (policies are immutable values).

interface Version {
  readonly from: number;
  readonly order: number;
  readonly rule: Rule;
}
interface PolicyIndex {
  readonly base: ReadonlyMap<string, Rule>;
  readonly versions: ReadonlyMap<string, readonly Version[]>;
}
const indexCache = new WeakMap<StationPolicy, PolicyIndex>();

function indexFor(policy: StationPolicy): PolicyIndex {
  const cached = indexCache.get(policy);
  if (cached) return cached;
  const base = new Map<string, Rule>();
  for (const r of policy.rules) base.set(r.id, r);
  const versions = new Map<string, Version[]>();
  policy.changes.forEach((c, order) => {
    const b = base.get(c.ruleId);
    if (!b) return;
    const from = Date.parse(c.effectiveFrom);
    if (Number.isNaN(from)) return;
    const rule = versionOf(b, c);
    const list = versions.get(c.ruleId) ?? [];
    list.push({ from, order, rule });
    versions.set(c.ruleId, list);
  });
  for (const list of versions.values()) {
    // Equal instants keep the order the changes were made in; the later one wins.
    list.sort((a, b) => a.from - b.from || a.order - b.order);
  }
  const index = { base, versions };
  indexCache.set(policy, index);
  return index;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function withoutDueTime(rule: Rule): Mutable<Rule> {
  const copy: Mutable<Rule> = { ...rule };
  delete copy.dueTime;
  return copy;
}

function versionOf(base: Rule, c: PolicyChange): Rule {
  const { disaster, ...rest } = withoutDueTime(base);
  // A change is a whole setting: no dueTime means the end of the due day, as in RuleSetting.
  const dueTime = c.unit === 'monthlyReport' ? c.dueTime : undefined;
  const nextDisaster = c.disaster ? { ...c.disaster, citation: disaster?.citation ?? base.citation } : disaster;
  return Object.freeze({
    ...rest,
    amount: c.amount,
    unit: c.unit,
    startEvent: c.startEvent ?? base.startEvent,
    effectiveFrom: c.effectiveFrom,
    ...(dueTime !== undefined ? { dueTime } : {}),
    ...(nextDisaster ? { disaster: nextDisaster } : {}),
  });
}

/**
 * [DL2] The version of a rule in force when a clock started: the latest change
 * whose effectiveFrom is strictly before the start, else the default.
 * Undefined for a rule id the policy does not hold.
 */
export function ruleAt(policy: StationPolicy, ruleId: string, clockStart: Date | string): Rule | undefined {
  const index = indexFor(policy);
  const base = index.base.get(ruleId);
  if (!base) return undefined;
  const list = index.versions.get(ruleId);
  if (!list) return base;
  const at = typeof clockStart === 'string' ? Date.parse(clockStart) : clockStart.getTime();
  let found: Rule = base;
  for (const v of list) {
    if (v.from < at) found = v.rule;
    else break;
  }
  return found;
}

// ---------------------------------------------------------------------------
// [DL5] Disaster periods declared by the chief.

export interface DisasterPeriod {
  readonly from: Date | string;
  /** Absent or null while the period is still open. */
  readonly to?: Date | string | null;
}

const ms = (x: Date | string): number => (typeof x === 'string' ? Date.parse(x) : x.getTime());

export function inDisasterPeriod(instant: Date, periods: readonly DisasterPeriod[]): boolean {
  const t = instant.getTime();
  return periods.some((p) => ms(p.from) <= t && (p.to == null || t <= ms(p.to)));
}

/** The disaster setting applied to a rule, marked so the stamped rule explains itself. */
export function withDisasterSetting(rule: Rule): Rule {
  const disaster = rule.disaster;
  if (!disaster || rule.variant === 'disaster') return rule;
  const rest = withoutDueTime(rule);
  delete rest.disaster;
  return Object.freeze({ ...rest, amount: disaster.amount, unit: disaster.unit, citation: disaster.citation, variant: 'disaster' as const });
}

/**
 * [DL5] The repair return-visit rule to stamp on a visit when it is created:
 * the version in force at archive time, with 48 h instead of 24 h when the
 * job was archived inside a declared disaster period (001 第十一条).
 */
export function returnVisitRuleFor(
  archivedAt: Date,
  disasterPeriods: readonly DisasterPeriod[],
  policy: StationPolicy = DEFAULT_POLICY,
): Rule | undefined {
  const rule = ruleAt(policy, 'visit.return.repair', archivedAt);
  if (!rule) return undefined;
  return inDisasterPeriod(archivedAt, disasterPeriods) ? withDisasterSetting(rule) : rule;
}

export { DEFAULT_RULES };
