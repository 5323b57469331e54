// A value as PostgreSQL hands it back from a jsonb column: object keys in jsonb's order
// (shorter first, then bytewise in UTF-8), keys with undefined values gone. The batch
// apply keeps its copy of a written row in this form, so a later mutation in the same push
// compares against what one-by-one applying would have read back (merge.ts compares
// values by their JSON text, in which key order shows).

const utf8 = new TextEncoder();
const ASCII = /^[\x00-\x7f]*$/;

function jsonbKeyOrder(a: string, b: string): number {
  // Field names are ASCII, where a code unit is a byte: no encoding needed.
  if (ASCII.test(a) && ASCII.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  if (x.length !== y.length) return x.length - y.length;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

export function jsonbCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : jsonbCopy(x)));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  keys.sort(jsonbKeyOrder);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = jsonbCopy(o[k]);
  return out;
}
