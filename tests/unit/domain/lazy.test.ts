import { describe, expect, it } from 'vitest';
import { lazily } from '../../../src/domain/lazy';
import { checkMutation } from '../../../src/domain/mutations';
import { CHILD_SCHEMAS, CHILD_TYPES, FIELD_SCHEMAS, RECORD_TYPES } from '../../../src/domain/records';

describe('schemas built on first use', () => {
  it('builds once, on the first read, and behaves like the value it builds', () => {
    let builds = 0;
    const v = lazily(() => {
      builds += 1;
      return { n: 2, twice(this: { n: number }, x: number) { return x * this.n; } };
    });
    expect(builds).toBe(0);
    // Detached from the proxy, a method still runs on the built value (zod's methods need this).
    const twice = Reflect.get(v, 'twice') as (x: number) => number;
    expect(twice(5)).toBe(10);
    expect(v.n).toBe(2);
    expect('n' in v).toBe(true);
    expect(Object.keys(v)).toEqual(['n', 'twice']);
    expect(builds).toBe(1);
  });

  it('the record and child field schemas cover every type and still refuse a bad value', () => {
    expect(Object.keys(FIELD_SCHEMAS).sort()).toEqual([...RECORD_TYPES].sort());
    expect(Object.keys(CHILD_SCHEMAS).sort()).toEqual([...CHILD_TYPES].sort());
    expect(FIELD_SCHEMAS.repairJob.safeParse({ customerPhone: '12345' }).success).toBe(false);
    expect(checkMutation({ name: 'record.upsert', args: { type: 'repairJob', id: 'j1', fields: { customerPhone: '13812345678' }, base: {} } }).ok).toBe(true);
    expect(checkMutation({ name: 'record.nonsense', args: {} })).toMatchObject({ ok: false, reason: { code: 'mutation.invalid' } });
  });
});
