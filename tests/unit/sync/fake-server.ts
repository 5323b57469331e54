import { applyChildAdd, applyRecordMutation, type ConflictEntry } from '../../../src/domain/merge';
import { checkMutation } from '../../../src/domain/mutations';
import type { ChildRow, RecordRow } from '../../../src/domain/records';
import type { Change, PullRequest, PullResponse, PushRequest, PushResponse } from '../../../src/sync/protocol';
import type { Transport, TransportResult } from '../../../src/sync/transport';

// An in-memory server that follows protocol v1 with the domain merge rules, so the
// engine's unit tests run without PostgreSQL. The simulator uses the real server instead.

export class FakeServer {
  records = new Map<string, RecordRow>();
  children = new Map<string, ChildRow>();
  log: { seq: number; key: string }[] = [];
  lastMid = new Map<string, number>();
  conflicts: ConflictEntry[] = [];
  pushes: PushRequest[] = [];
  blobs = new Map<string, Blob>();
  seq = 0;
  /** Mutations (by name+id) the server refuses, as a permission check would. */
  forbid = new Set<string>();
  time = new Date('2026-03-02T08:00:00.000Z');

  constructor(readonly station = 'S1', readonly userId = 'u1') {}

  push(body: PushRequest): PushResponse {
    this.pushes.push(body);
    let last = this.lastMid.get(body.clientId) ?? 0;
    const rejections: PushResponse['rejections'] = [];
    for (const m of body.mutations) {
      if (m.mid <= last) continue;
      if (m.mid !== last + 1) break;
      last = m.mid;
      const c = checkMutation({ name: m.name, args: m.args });
      if (!c.ok) { rejections.push({ mid: m.mid, reason: c.reason }); continue; }
      if (this.forbid.has(`${c.value.name}:${c.value.args.id}`)) { rejections.push({ mid: m.mid, reason: { code: 'forbidden' } }); continue; }
      const ctx = { hlc: m.hlc, author: this.userId, station: this.station };
      if (c.value.name === 'child.add') {
        const r = applyChildAdd(this.children.get(c.value.args.id) ?? null, c.value, ctx);
        if (r.kind === 'child' && r.changed) { this.children.set(r.row.id, r.row); this.log.push({ seq: ++this.seq, key: `c:${r.row.id}` }); }
        continue;
      }
      const key = `r:${c.value.args.type}:${c.value.args.id}`;
      const r = applyRecordMutation(this.records.get(key) ?? null, c.value, ctx);
      if (r.kind === 'rejected') { rejections.push({ mid: m.mid, reason: r.reason }); continue; }
      this.conflicts.push(...r.conflicts);
      if (r.kind === 'record' && r.changed) { this.records.set(key, r.row); this.log.push({ seq: ++this.seq, key }); }
    }
    this.lastMid.set(body.clientId, last);
    return { lastMid: last, rejections };
  }

  pull(body: PullRequest, clientId: string): PullResponse {
    const newer = this.log.filter((e) => e.seq > body.cursor);
    const page = newer.slice(0, body.limit);
    const changes: Change[] = page.map((e) =>
      e.key.startsWith('c:')
        ? { seq: e.seq, kind: 'child' as const, row: structuredClone(this.children.get(e.key.slice(2))!) }
        : { seq: e.seq, kind: 'record' as const, row: structuredClone(this.records.get(e.key)!) },
    );
    return {
      changes,
      cursor: page.length ? page[page.length - 1]!.seq : body.cursor,
      lastMid: this.lastMid.get(clientId) ?? 0,
      serverTime: this.time.toISOString(),
      hasMore: newer.length > page.length,
    };
  }

  /** A transport whose answers the test can replace with failures. */
  transport(clientId: () => string): Transport & { fail: number | null; calls: string[] } {
    const t = {
      fail: null as number | null,
      calls: [] as string[],
      push: async (body: PushRequest): Promise<TransportResult<PushResponse>> => {
        t.calls.push('push');
        if (t.fail !== null) return { ok: false, status: t.fail, error: `http.${t.fail}` };
        return { ok: true, status: 200, body: structuredClone(this.push(structuredClone(body))) };
      },
      pull: async (body: PullRequest): Promise<TransportResult<PullResponse>> => {
        t.calls.push('pull');
        if (t.fail !== null) return { ok: false, status: t.fail, error: `http.${t.fail}` };
        return { ok: true, status: 200, body: this.pull(body, clientId()) };
      },
      putBlob: async (sha: string, blob: Blob): Promise<TransportResult<unknown>> => {
        t.calls.push(`blob:${sha.slice(0, 8)}`);
        if (t.fail !== null) return { ok: false, status: t.fail, error: `http.${t.fail}` };
        this.blobs.set(sha, blob);
        return { ok: true, status: 200, body: {} };
      },
    };
    return t;
  }
}
