/**
 * Field schemas of the chief's settings records, shared by the device's save
 * and the server's apply (records.ts FIELD_SCHEMAS), so a malformed policy
 * change or calendar year is refused with the same reason on both sides.
 * Rules: SPEC.md [DL10], [CA8].
 */
import { z } from 'zod';
import { lazily } from './lazy';
import { importCalendarYear } from './calendar-import';
import { DEFAULT_POLICY, DueSoonFractionSchema, PolicyChangeSchema, applyPolicyChange } from './policy';

/** The fields that make up one PolicyChange; a policyRule record is written with all of them at once. */
const CHANGE_KEYS = ['ruleId', 'effectiveFrom', 'amount', 'unit', 'dueTime', 'startEvent', 'disaster'] as const;

/**
 * Why a policyRule record's fields are not a valid change, with the field to
 * blame, or null. Checked against the shipped rule set: a rule this app does not
 * know cannot be changed by it.
 */
export function policyFieldsProblem(fields: Record<string, unknown>): { reason: string; field: string } | null {
  const change: Record<string, unknown> = {};
  for (const k of CHANGE_KEYS) if (fields[k] !== undefined) change[k] = fields[k];
  const parsed = PolicyChangeSchema.safeParse(change);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue?.message ?? '';
    // The schema's own refinements carry reason codes; zod's built-in messages do not.
    return { reason: message.startsWith('policy.') ? message : 'policy.invalid_change', field: String(issue?.path[0] ?? 'ruleId') };
  }
  const applied = applyPolicyChange(DEFAULT_POLICY, parsed.data);
  if (!applied.ok) return { reason: applied.reason, field: applied.reason === 'policy.unknown_rule' ? 'ruleId' : 'unit' };
  return null;
}

// Built on first use, like every schema the device holds (domain/lazy.ts).
export const PolicyRuleFieldsSchema: z.ZodType<Record<string, unknown>> = lazily(() => z
  // Shapes are checked in the refinement, so every refusal carries a policy.* reason.
  .looseObject({ note: z.string().max(500).optional() })
  .superRefine((v, ctx) => {
    // A note alone may be added later; the change itself is only ever written whole.
    if (!CHANGE_KEYS.some((k) => v[k] !== undefined)) return;
    const p = policyFieldsProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p.reason, path: [p.field] });
  }));

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const CalendarYearFieldsSchema: z.ZodType<Record<string, unknown>> = lazily(() => z
  .looseObject({
    year: z.number().int().min(1949).max(2200).optional(),
    off: z.array(z.string().regex(DAY)).max(366).optional(),
    workdays: z.array(z.string().regex(DAY)).max(366).optional(),
    notice: z.string().max(200).nullable().optional(),
  })
  .superRefine((v, ctx) => {
    const parts = [v.year, v.off, v.workdays];
    if (parts.every((p) => p === undefined)) return;
    // One import replaces the year whole ([CA5]); a partial write would mix two notices.
    if (parts.some((p) => p === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'calendar.invalid_input', path: [v.year === undefined ? 'year' : v.off === undefined ? 'off' : 'workdays'] });
      return;
    }
    const r = importCalendarYear({ years: {} }, { year: v.year, off: v.off, workdays: v.workdays });
    if (r.ok) return;
    const inWorkdays = r.detail !== undefined && (v.workdays as string[]).includes(r.detail);
    ctx.addIssue({ code: 'custom', message: r.reason, path: [r.reason === 'calendar.bad_year' ? 'year' : inWorkdays ? 'workdays' : 'off'] });
  }));

/** The station record's settings beside shift times: the due-soon fraction ([DL3]). */
export const dueSoonFractionField = () => DueSoonFractionSchema.optional();
