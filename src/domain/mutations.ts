import { z } from 'zod';
import { lazily } from './lazy';
import { CHILD_SCHEMAS, CHILD_TYPES, FIELD_SCHEMAS, LIFECYCLES, RECORD_TYPES, type ChildType, type RecordType } from './records';

// The named mutations every device sends and the server applies. The same schemas run
// on both sides, so a record the device accepted is one the server accepts.

const id = z.string().min(1).max(64);
const recordType = z.enum(RECORD_TYPES);
const childType = z.enum(CHILD_TYPES);

export const upsertArgs = z.object({
  type: recordType,
  id,
  fields: z.record(z.string().max(64), z.unknown()),
  /** The field stamps the author had seen when editing: equal means a clean overwrite. */
  base: z.record(z.string().max(64), z.string().nullable()).default({}),
});
export const advanceArgs = z.object({ type: recordType, id, status: z.string().max(32), gen: z.number().int().min(0) });
export const reopenArgs = z.object({ type: recordType, id, status: z.string().max(32), gen: z.number().int().min(0), reason: z.string().max(2000) });
export const deleteArgs = z.object({ type: recordType, id });
export const childAddArgs = z.object({
  type: childType,
  id,
  parentType: recordType,
  parentId: id,
  fields: z.record(z.string().max(64), z.unknown()),
});

export const mutationSchema = lazily(() => z.discriminatedUnion('name', [
  z.object({ name: z.literal('record.upsert'), args: upsertArgs }),
  z.object({ name: z.literal('record.advance'), args: advanceArgs }),
  z.object({ name: z.literal('record.reopen'), args: reopenArgs }),
  z.object({ name: z.literal('record.delete'), args: deleteArgs }),
  z.object({ name: z.literal('child.add'), args: childAddArgs }),
]));
export type MutationBody = z.infer<typeof mutationSchema>;
export type MutationName = MutationBody['name'];

export interface Rejection {
  code: string;
  field?: string;
  detail?: string;
}

export type Checked = { ok: true; value: MutationBody } | { ok: false; reason: Rejection };

/** Shape, field and lifecycle checks that need no stored state. */
export function checkMutation(raw: { name: unknown; args: unknown }): Checked {
  const parsed = mutationSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: { code: 'mutation.invalid', detail: issue ? `${issue.path.join('.')}: ${issue.message}` : undefined } };
  }
  const m = parsed.data;
  if (m.name === 'record.upsert') {
    const fields = FIELD_SCHEMAS[m.args.type as RecordType].safeParse(m.args.fields);
    if (!fields.success) {
      const issue = fields.error.issues[0];
      return { ok: false, reason: { code: 'field.invalid', field: issue ? String(issue.path[0] ?? '') : undefined, detail: issue?.message } };
    }
    if ('status' in m.args.fields) return { ok: false, reason: { code: 'field.status_via_upsert', field: 'status' } };
  }
  if (m.name === 'child.add') {
    const fields = CHILD_SCHEMAS[m.args.type as ChildType].safeParse(m.args.fields);
    if (!fields.success) {
      const issue = fields.error.issues[0];
      return { ok: false, reason: { code: 'field.invalid', field: issue ? String(issue.path[0] ?? '') : undefined, detail: issue?.message } };
    }
  }
  if (m.name === 'record.advance' || m.name === 'record.reopen') {
    const stages = LIFECYCLES[m.args.type as RecordType];
    if (!stages) return { ok: false, reason: { code: 'status.no_lifecycle' } };
    if (!stages.includes(m.args.status)) return { ok: false, reason: { code: 'status.unknown', detail: m.args.status } };
  }
  return { ok: true, value: m };
}
