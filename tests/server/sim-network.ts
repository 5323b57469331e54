import type pg from 'pg';
import type { AuthContext } from '../../src/server/auth';
import { handlePull } from '../../src/server/sync/pull';
import { handlePush } from '../../src/server/sync/push';
import { encodePush, type PullRequest, type PullResponse, type PushRequest, type PushResponse } from '../../src/sync/protocol';
import type { Transport, TransportResult } from '../../src/sync/transport';

// The simulated network between devices and the real server handlers. Every request
// meets one fault from the trace's plan; a message held back is delivered later, out of
// order, when the trace says so. All answers cross as JSON, as they would over HTTP.

export const FAULTS = ['ok', 'drop', 'cut', 'dup', 'dupNow', 'delay', 'unavailable', 'unauthorized'] as const;
export type Fault = (typeof FAULTS)[number];

export interface Counters {
  requests: number;
  drops: number;
  /** Pushes the server committed whose answer the device never heard. */
  cutsAfterCommit: number;
  duplicates: number;
  delayedDelivered: number;
  unavailable: number;
  unauthorized: number;
}

export function newCounters(): Counters {
  return { requests: 0, drops: 0, cutsAfterCommit: 0, duplicates: 0, delayedDelivered: 0, unavailable: 0, unauthorized: 0 };
}

type Held = { kind: 'push'; auth: AuthContext; body: PushRequest } | { kind: 'pull'; auth: AuthContext; body: PullRequest };

const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export class SimNetwork {
  held: Held[] = [];
  private plan: Fault[] = [];

  constructor(readonly pool: pg.Pool, readonly counters: Counters, readonly serverClock: () => number) {}

  /** Faults for the next requests, in order; once used up every request goes through. */
  setPlan(faults: readonly Fault[]): void {
    this.plan = [...faults];
  }

  private async serve(h: Held): Promise<{ status: number; body: unknown }> {
    const t = performance.now();
    try {
      return await this.serveNow(h);
    } finally {
      SimNetwork.serverMs += performance.now() - t; // for SIM_PROFILE
    }
  }
  static serverMs = 0;
  private async serveNow(h: Held): Promise<{ status: number; body: unknown }> {
    // Pushes cross in the form the app's HTTP transport sends (protocol version 2).
    return h.kind === 'push' ? handlePush(this.pool, h.auth, wire(encodePush(h.body) ?? h.body)) : handlePull(this.pool, h.auth, wire(h.body));
  }

  /** Delivers one held message (chosen by the trace): its answer goes nowhere. */
  async deliverHeld(pick: number): Promise<boolean> {
    if (this.held.length === 0) return false;
    const [h] = this.held.splice(pick % this.held.length, 1);
    await this.serve(h!);
    this.counters.delayedDelivered += 1;
    return true;
  }

  async deliverAll(order: readonly number[]): Promise<void> {
    let i = 0;
    while (this.held.length > 0) await this.deliverHeld(order[i++ % Math.max(1, order.length)] ?? 0);
  }

  private async exchange<T>(h: Held): Promise<TransportResult<T>> {
    this.counters.requests += 1;
    const fault = this.plan.shift() ?? 'ok';
    const noAnswer: TransportResult<T> = { ok: false, status: 0, error: 'network' };
    switch (fault) {
      case 'drop':
        this.counters.drops += 1;
        return noAnswer;
      case 'delay':
        this.held.push(wire(h));
        return noAnswer;
      case 'unavailable':
        this.counters.unavailable += 1;
        return { ok: false, status: 503, error: 'server.unavailable' };
      case 'unauthorized':
        this.counters.unauthorized += 1;
        return { ok: false, status: 401, error: 'auth.expired' };
      case 'cut': {
        const r = await this.serve(h);
        if (h.kind === 'push' && r.status === 200) this.counters.cutsAfterCommit += 1;
        return noAnswer;
      }
      case 'dup': {
        // The first copy answers; a second copy arrives at some later moment.
        this.held.push(wire(h));
        this.counters.duplicates += 1;
        return this.answer<T>(await this.serve(h));
      }
      case 'dupNow': {
        await this.serve(h);
        this.counters.duplicates += 1;
        return this.answer<T>(await this.serve(h));
      }
      default:
        return this.answer<T>(await this.serve(h));
    }
  }

  private answer<T>(r: { status: number; body: unknown }): TransportResult<T> {
    if (r.status === 200) {
      const body = wire(r.body) as T & { serverTime?: string };
      // The handlers read the real clock; the simulated server's clock is the trace's, so runs repeat exactly.
      if (typeof body.serverTime === 'string') body.serverTime = new Date(this.serverClock()).toISOString();
      return { ok: true, status: 200, body };
    }
    const err = (r.body ?? {}) as { error?: string };
    return { ok: false, status: r.status, error: err.error ?? `http.${r.status}` };
  }

  transportFor(auth: AuthContext): Transport {
    return {
      push: (body) => this.exchange<PushResponse>({ kind: 'push', auth, body }),
      pull: (body) => this.exchange<PullResponse>({ kind: 'pull', auth, body }),
    };
  }
}
