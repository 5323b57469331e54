// Hybrid logical clock timestamps as fixed-width strings, so that comparing two
// stamps is a plain string comparison on the device, on the server and in SQL.
// Layout: 15-digit wall ms, 6-digit counter, then the node (device) id that breaks ties.

export interface Hlc {
  readonly ms: number;
  readonly counter: number;
  readonly node: string;
}

const MS_WIDTH = 15;
const COUNTER_WIDTH = 6;
const MAX_COUNTER = 999_999;

export function formatHlc(h: Hlc): string {
  return `${String(h.ms).padStart(MS_WIDTH, '0')}-${String(h.counter).padStart(COUNTER_WIDTH, '0')}-${h.node}`;
}

export function parseHlc(s: string): Hlc | null {
  const m = /^(\d{15})-(\d{6})-(.+)$/.exec(s);
  if (!m) return null;
  return { ms: Number(m[1]), counter: Number(m[2]), node: m[3]! };
}

export function isHlc(s: unknown): s is string {
  return typeof s === 'string' && parseHlc(s) !== null;
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Local event: the stamp moves past both the wall clock and the last stamp seen. */
export function tickHlc(last: Hlc | null, wallMs: number, node: string): Hlc {
  if (!last || wallMs > last.ms) return { ms: wallMs, counter: 0, node };
  if (last.counter >= MAX_COUNTER) return { ms: last.ms + 1, counter: 0, node };
  return { ms: last.ms, counter: last.counter + 1, node };
}

/** Receive: keep causality with a remote stamp so later local edits sort after it. */
export function receiveHlc(last: Hlc | null, remote: Hlc, wallMs: number, node: string): Hlc {
  const lastMs = last?.ms ?? 0;
  const ms = Math.max(lastMs, remote.ms, wallMs);
  let counter = 0;
  if (ms === lastMs && ms === remote.ms) counter = Math.max(last!.counter, remote.counter) + 1;
  else if (ms === lastMs) counter = last!.counter + 1;
  else if (ms === remote.ms) counter = remote.counter + 1;
  if (counter > MAX_COUNTER) return { ms: ms + 1, counter: 0, node };
  return { ms, counter, node };
}
