import { describe, expect, it } from 'vitest';
import { appealStepMutations, EMPTY_APPEAL, isRedacted, registerMutations } from '../../../src/domain/appeals';
import { evaluateItem } from '../../../src/domain/clocks-of';
import { formatHlc } from '../../../src/domain/hlc';
import { applyRecordMutation } from '../../../src/domain/merge';
import type { MutationBody } from '../../../src/domain/mutations';
import type { RecordRow } from '../../../src/domain/records';
import { shapeFor } from '../../../src/server/sync/scope';

// A clerk who is neither registrar nor handler holds an appeal redacted (000 来信来访 10). The
// regulation clocks run on that device from the redacted copy, so it must carry the step
// times they stop on; the complainant and the content stay out.

const at = (s: string) => new Date(s);
let tick = 0;

/** The full appeal as the server stores it after these mutations (the shared merge). */
function apply(r: RecordRow | null, ms: readonly MutationBody[]): RecordRow {
  let out = r;
  for (const m of ms) {
    // Status events are children; a reply also makes the follow-up visit, another record.
    if (m.name === 'child.add' || m.args.type !== 'appeal') continue;
    const res = applyRecordMutation(out, m, { hlc: formatHlc({ ms: Date.parse('2026-03-02T00:00:00Z') + (tick += 1), counter: 0, node: 'H' }), author: 'u-handler', station: 'S1' });
    if (res.kind !== 'record') throw new Error(`not applied: ${JSON.stringify(res)}`);
    out = res.row;
  }
  return out!;
}

const received = '2026-03-02T01:00:00.000Z'; // Monday 09:00 Beijing: reply due by the end of Monday 9 March
const identity = { customerName: '孙桂芝', customerPhone: '13955556666', subject: '抄表员态度差', content: '抄表员上门时出言不逊' };

describe('the clocks of a redacted appeal', () => {
  it('[DL4] stop when the reply is recorded, as on the handler\'s device; nothing of the complainant reaches the redacted copy', () => {
    let full = apply(null, registerMutations({ ...EMPTY_APPEAL, kind: 'complaint', ...identity }, { appealId: 'a1', eventId: 'e1', number: '2026T-B3-0001', now: at(received), userId: 'u-clerk' }));
    full = apply(full, appealStepMutations(full, 'assigned', { eventId: 'e2', now: at('2026-03-02T02:00:00Z'), userId: 'u-chief' }, { handler: 'u-handler' }));
    full = apply(full, appealStepMutations(full, 'contacted', { eventId: 'e3', now: at('2026-03-02T06:00:00Z'), userId: 'u-handler' }));

    const states = (r: RecordRow, now: string) => evaluateItem(r, at(now)).map((c) => [c.label, c.ev.state]);
    const before = shapeFor(full, 'redacted');
    expect(isRedacted(before)).toBe(true);
    expect(states(before, '2026-03-03T00:00:00Z')).toEqual([['contact', 'metOnTime'], ['reply', 'running']]);

    full = apply(full, appealStepMutations(full, 'replied', { eventId: 'e4', now: at('2026-03-04T02:00:00Z'), userId: 'u-handler' }, { replyText: '已约谈并致歉' }));
    const redacted = shapeFor(full, 'redacted');
    // A month on, past the reply deadline: stopped and on time, exactly as the full row says.
    expect(states(redacted, '2026-04-01T00:00:00Z')).toEqual([['contact', 'metOnTime'], ['reply', 'metOnTime']]);
    expect(states(redacted, '2026-04-01T00:00:00Z')).toEqual(states(full, '2026-04-01T00:00:00Z'));
    expect(redacted.status).toBe('replied');
    const text = JSON.stringify(redacted);
    for (const v of [...Object.values(identity), '已约谈并致歉', 'u-handler', 'u-clerk']) expect(text).not.toContain(v);
  });
});
