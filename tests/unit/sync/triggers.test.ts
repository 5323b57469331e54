import { describe, expect, it } from 'vitest';
import { installPageTriggers, notifySaved, type SyncEngine, type SyncOutcome, type SyncEngineState } from '../../../src/sync';

// The triggers take their timers and event targets as arguments, so the schedule is
// checked by stepping a fake clock rather than by waiting.

function fakeTimers() {
  let t = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => t,
    setTimeout: (fn: () => void, ms: number) => { const id = nextId++; timers.set(id, { at: t + ms, fn }); return id; },
    clearTimeout: (h: unknown) => { timers.delete(h as number); },
    async advance(ms: number) {
      const end = t + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, v]) => v.at <= end).sort((x, y) => x[1].at - y[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        t = due[1].at;
        due[1].fn();
        await Promise.resolve();
      }
      t = end;
    },
  };
}

class Target {
  listeners = new Map<string, Set<() => void>>();
  visibilityState = 'visible';
  addEventListener(type: string, fn: () => void) { (this.listeners.get(type) ?? this.listeners.set(type, new Set()).get(type)!).add(fn); }
  removeEventListener(type: string, fn: () => void) { this.listeners.get(type)?.delete(fn); }
  fire(type: string) { for (const fn of this.listeners.get(type) ?? []) fn(); }
}

function fakeEngine(outcome: () => SyncOutcome, retryAt: () => number | null = () => null) {
  let runs = 0;
  const engine: SyncEngine = {
    runOnce: async () => { runs += 1; return outcome(); },
    refresh: async () => undefined,
    getState: () => ({ retryAt: retryAt() } as SyncEngineState),
    subscribe: () => () => undefined,
  };
  return { engine, runs: () => runs };
}

describe('page triggers', () => {
  it('runs on start, on online, on becoming visible, every 30 s while visible, and once a second after saves', async () => {
    const timers = fakeTimers();
    const win = new Target();
    const doc = new Target();
    const registered: string[] = [];
    const { engine, runs } = fakeEngine(() => ({ ok: true, pushed: 0, pulled: 0, rejected: 0 }));
    const stop = installPageTriggers(engine, { target: win, document: doc, registration: { sync: { register: async (tag) => { registered.push(tag); } } }, ...timers });
    expect(runs()).toBe(1);
    win.fire('online');
    expect(runs()).toBe(2);
    doc.visibilityState = 'hidden';
    doc.fire('visibilitychange');
    expect(runs()).toBe(2);
    await timers.advance(30_000);
    expect(runs()).toBe(2); // hidden: the periodic run stands aside
    doc.visibilityState = 'visible';
    doc.fire('visibilitychange');
    expect(runs()).toBe(3);
    notifySaved();
    await timers.advance(500);
    notifySaved();
    await timers.advance(999);
    expect(runs()).toBe(3);
    await timers.advance(1);
    expect(runs()).toBe(4); // two saves, one debounced run
    expect(registered).toEqual(['stationdesk-sync', 'stationdesk-sync']);
    await timers.advance(30_000);
    expect(runs()).toBe(5);
    stop();
    win.fire('online');
    notifySaved();
    await timers.advance(120_000);
    expect(runs()).toBe(5);
  });

  it('retries at the engine’s backoff time after a failure', async () => {
    const timers = fakeTimers();
    let fail = true;
    const { engine, runs } = fakeEngine(() => (fail ? { ok: false, reason: 'network' } : { ok: true, pushed: 0, pulled: 0, rejected: 0 }), () => timers.now() + 4_000);
    const stop = installPageTriggers(engine, { target: new Target(), document: null, registration: null, intervalMs: 1_000_000, ...timers });
    await Promise.resolve();
    await Promise.resolve();
    expect(runs()).toBe(1);
    fail = false;
    await timers.advance(3_999);
    expect(runs()).toBe(1);
    await timers.advance(1);
    expect(runs()).toBe(2);
    stop();
  });
});
