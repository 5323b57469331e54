import { createStore } from 'zustand/vanilla';
import { live, syncSummary, type StationDb } from '../db';
import { useStore } from './store';

// Trusted time: the device clock corrected by the server's offset. Phones drift, and some
// have their clock set by hand; deadlines use this, never raw Date.now().
// The offset comes from GET /api/health at start and from every pull (the sync engine
// stores it in its syncState); it is kept in localStorage so an offline restart keeps it.

const OFFSET_KEY = 'stationdesk.clockOffsetMs';
/** A wall-clock change larger than this between two checks is a jump, not drift. */
export const JUMP_THRESHOLD_MS = 5 * 60_000;

export interface ClockJump {
  /** Wall-clock change not explained by elapsed time: positive = the clock went forward. */
  readonly deltaMs: number;
  /** Device wall time when it was noticed (ms). */
  readonly at: number;
}

export interface TimeView {
  offsetMs: number;
  /** Where the offset came from last. */
  source: 'none' | 'stored' | 'health' | 'pull' | 'jump';
  jump: ClockJump | null;
}

function readStoredOffset(): number | null {
  try {
    const v = globalThis.localStorage?.getItem(OFFSET_KEY);
    if (v === null || v === undefined) return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

const stored = readStoredOffset();
export const timeStore = createStore<TimeView>(() => ({ offsetMs: stored ?? 0, source: stored === null ? 'none' : 'stored', jump: null }));

/** Device time plus the server's offset. */
export function trustedNow(): Date {
  return new Date(Date.now() + timeStore.getState().offsetMs);
}

export function clockOffsetMs(): number {
  return timeStore.getState().offsetMs;
}

export function setClockOffset(offsetMs: number, source: TimeView['source']): void {
  if (!Number.isFinite(offsetMs)) return;
  const rounded = Math.round(offsetMs);
  timeStore.setState({ offsetMs: rounded, source });
  try {
    globalThis.localStorage?.setItem(OFFSET_KEY, String(rounded));
  } catch {
    // Private mode: the offset lasts for this visit only.
  }
}

/**
 * One round trip to /api/health: offset = serverTime − the midpoint of the request
 * (half the round trip is the best guess of when the server read its clock).
 * Null when offline or the answer has no usable time.
 */
export async function measureServerOffset(base = '', fetchImpl: typeof fetch = globalThis.fetch): Promise<number | null> {
  if (!fetchImpl) return null;
  const sentWall = Date.now();
  const sentMono = performance.now();
  let body: { serverTime?: unknown };
  try {
    const res = await fetchImpl(`${base}/api/health`, { cache: 'no-store' });
    if (!res.ok) return null;
    body = (await res.json()) as { serverTime?: unknown };
  } catch {
    return null;
  }
  const rtt = performance.now() - sentMono;
  const serverMs = typeof body.serverTime === 'string' ? Date.parse(body.serverTime) : NaN;
  if (!Number.isFinite(serverMs) || rtt < 0) return null;
  const offset = Math.round(serverMs - (sentWall + rtt / 2));
  setClockOffset(offset, 'health');
  anchor = { wall: Date.now(), mono: performance.now() };
  return offset;
}

// ---------------------------------------------------------------------------
// Jump detection: between two checks the wall clock should move as much as the monotonic
// clock. Every check (start, focus, visibility, each scheduler pass) compares them.

let anchor: { wall: number; mono: number } | null = null;

/**
 * Compares the wall-clock delta since the last check with the performance.now() delta.
 * A difference over 5 minutes is a jump: it is recorded (the banner shows it) and returned.
 * A jump backwards is certainly a clock change, so the offset absorbs it and trusted
 * time keeps running straight. A jump forwards may also be a phone that slept (the
 * monotonic clock stops in suspend on some systems), so the offset is left alone and
 * the server is asked again when it can be reached.
 */
export function checkClockJump(): ClockJump | null {
  const wall = Date.now();
  const mono = performance.now();
  const prev = anchor;
  anchor = { wall, mono };
  if (!prev) return null;
  const deltaMs = wall - prev.wall - (mono - prev.mono);
  if (Math.abs(deltaMs) <= JUMP_THRESHOLD_MS) return null;
  const jump: ClockJump = { deltaMs: Math.round(deltaMs), at: wall };
  if (deltaMs < 0) setClockOffset(timeStore.getState().offsetMs - deltaMs, 'jump');
  timeStore.setState({ jump });
  for (const l of jumpListeners) l(jump);
  return jump;
}

const jumpListeners = new Set<(j: ClockJump) => void>();

/** Called on every noticed jump (the scheduler re-evaluates; time re-measures). */
export function onClockJump(fn: (j: ClockJump) => void): () => void {
  jumpListeners.add(fn);
  return () => void jumpListeners.delete(fn);
}

export function dismissClockJump(): void {
  timeStore.setState({ jump: null });
}

/** For tests: forget the last check so the next one starts afresh. */
export function resetClockJumpAnchor(): void {
  anchor = null;
}

// ---------------------------------------------------------------------------

/**
 * Follows a user database's syncState: each pull stores the offset it measured there,
 * and the latest one wins here (and in localStorage).
 */
export function followPullOffset(db: StationDb): () => void {
  let last: number | null | undefined;
  return live(() => syncSummary(db)).subscribe((s) => {
    const off = s.clockOffsetMs;
    if (off === null || off === last) return;
    const first = last === undefined;
    last = off;
    // The first value is whatever the last pull stored, maybe days ago; a fresh health
    // measurement taken since is better.
    if (first && timeStore.getState().source === 'health') return;
    setClockOffset(off, 'pull');
  });
}

/**
 * Starts trusted time for the page: measures against /api/health now and whenever the
 * device comes back online or a forward jump is noticed.
 */
export function installTrustedTime(base = ''): () => void {
  checkClockJump();
  void measureServerOffset(base);
  const onOnline = () => void measureServerOffset(base);
  const offJump = onClockJump((j) => {
    if (j.deltaMs <= 0) return;
    const before = timeStore.getState().offsetMs;
    void measureServerOffset(base).then((after) => {
      // The server agrees with the time before the jump: the phone slept, its clock did not move.
      if (after !== null && Math.abs(after - before) <= JUMP_THRESHOLD_MS && timeStore.getState().jump === j) dismissClockJump();
    });
  });
  if (typeof addEventListener === 'function') addEventListener('online', onOnline);
  return () => {
    offJump();
    if (typeof removeEventListener === 'function') removeEventListener('online', onOnline);
  };
}

export const useTime = <T,>(select: (s: TimeView) => T): T => useStore(timeStore, select);
