import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateClock, nextChangeAt, type ClockEvaluation } from '../../../src/domain/clock';
import { DEFAULT_RULES, type Rule } from '../../../src/domain/policy';
import { evaluateAll, nextWakeup, summarize } from '../../../src/domain/schedule';

const rule = (id: string): Rule => DEFAULT_RULES.find((x) => x.id === id)!;
const t = (s: string) => new Date(s);
const now = t('2025-07-01T10:30:00+08:00');

describe('one timer for all items', () => {
  const urban = rule('repair.restore.urban'); // 45 min
  const rural = rule('repair.restore.rural'); // 90 min
  const items: ClockEvaluation[] = [
    evaluateClock(rural, { start: '2025-07-01T10:00:00+08:00' }, now), // due soon at 11:07:30.001
    evaluateClock(urban, { start: '2025-07-01T10:00:00+08:00' }, now), // due soon at 10:33:45.001
    evaluateClock(urban, { start: '2025-07-01T09:00:00+08:00' }, now), // overdue: never wakes
    evaluateClock(urban, { start: '2025-07-01T10:00:00+08:00', stop: '2025-07-01T10:20:00+08:00' }, now), // met
    evaluateClock(urban, {}, now), // not started
  ];

  it('[DL7] wakes at the earliest state change of any item', () => {
    expect(nextWakeup(items, now)?.toISOString()).toBe(t('2025-07-01T10:33:45.001+08:00').toISOString());
    // After that moment the next one is the urban deadline (10:45) + 1 ms.
    expect(nextWakeup(items, t('2025-07-01T10:33:45.001+08:00'))?.toISOString()).toBe(t('2025-07-01T10:45:00.001+08:00').toISOString());
    expect(nextWakeup(items.map((clock) => ({ clock })), now)?.toISOString()).toBe(t('2025-07-01T10:33:45.001+08:00').toISOString());
  });

  it('[DL7] nothing running means no timer', () => {
    expect(nextWakeup([], now)).toBeNull();
    expect(nextWakeup(items.slice(2), now)).toBeNull();
  });

  it('[DL7] equals the minimum of each item’s next change', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            rule: fc.constantFrom(...DEFAULT_RULES),
            start: fc.option(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2025, 11, 31) })),
            stopAfter: fc.option(fc.integer({ min: 0, max: 30 * 86_400_000 })),
          }),
          { maxLength: 40 },
        ),
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 1, 1) }),
        (specs, nowMs) => {
          const at = new Date(nowMs);
          const evs = specs.map((s) =>
            evaluateClock(s.rule, { start: s.start === null ? null : new Date(s.start), stop: s.start !== null && s.stopAfter !== null ? new Date(s.start + s.stopAfter) : null }, at),
          );
          const each = evs.map((e) => nextChangeAt(e, at)?.getTime()).filter((x): x is number => x !== undefined);
          const expected = each.length ? Math.min(...each) : null;
          expect(nextWakeup(evs, at)?.getTime() ?? null).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('[DL4] summarize counts states at the given instant, re-deriving them from stored evaluations', () => {
    expect(summarize(items, now)).toEqual({ notStarted: 1, running: 2, dueSoon: 0, overdue: 1, metOnTime: 1, metLate: 0, provisional: 0, total: 5 });
    // The same evaluations half an hour later: the urban job is overdue, the rural one due soon.
    expect(summarize(items, t('2025-07-01T11:10:00+08:00'))).toMatchObject({ running: 0, dueSoon: 1, overdue: 2 });
  });

  it('[DL7] [DL4] 50,000 items: evaluateAll, summarize and nextWakeup agree with per-item evaluation', () => {
    const base = Date.UTC(2025, 8, 1);
    const inputs = Array.from({ length: 50_000 }, (_, i) => ({
      rule: DEFAULT_RULES[i % DEFAULT_RULES.length]!,
      events: { start: new Date(base + ((i * 7919) % (60 * 86_400_000))), stop: i % 5 === 0 ? new Date(base + i * 1000) : null },
      disaster: i % 97 === 0,
    }));
    const at = new Date(Date.UTC(2025, 9, 15));
    const evs = evaluateAll(inputs, at);
    expect(evs).toHaveLength(50_000);
    const counts = summarize(evs, at);
    expect(counts.total).toBe(50_000);
    let overdue = 0;
    let earliest = Infinity;
    for (const e of evs) {
      if (e.state === 'overdue') overdue += 1;
      const n = nextChangeAt(e, at);
      if (n) earliest = Math.min(earliest, n.getTime());
    }
    expect(counts.overdue).toBe(overdue);
    expect(overdue).toBeGreaterThan(0);
    expect(nextWakeup(evs, at)?.getTime()).toBe(earliest);
    const one = evaluateClock(inputs[97]!.rule, inputs[97]!.events, at, { disaster: true });
    expect(evs[97]).toEqual(one);
  });
});
