import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { updateSyncState } from '../../../src/db';
import {
  JUMP_THRESHOLD_MS, checkClockJump, clockOffsetMs, dismissClockJump, followPullOffset, measureServerOffset, resetClockJumpAnchor, setClockOffset, timeStore, trustedNow,
} from '../../../src/state/time';
import { freshDb } from '../db/helpers';

beforeEach(() => {
  localStorage.clear();
  resetClockJumpAnchor();
  timeStore.setState({ offsetMs: 0, source: 'none', jump: null });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('trusted time', () => {
  it('learns the offset from /api/health: serverTime minus the midpoint of the round trip, and keeps it across restarts', async () => {
    vi.useFakeTimers({ now: new Date('2025-07-01T02:00:00Z') });
    const fetchImpl = vi.fn(async () => {
      vi.advanceTimersByTime(400); // a 400 ms round trip; the server read its clock half-way
      return new Response(JSON.stringify({ ok: true, serverTime: '2025-07-01T02:10:00.200Z' }), { status: 200 });
    });
    const off = await measureServerOffset('', fetchImpl as unknown as typeof fetch);
    expect(fetchImpl).toHaveBeenCalledWith('/api/health', { cache: 'no-store' });
    expect(off).toBe(10 * 60_000);
    expect(trustedNow().toISOString()).toBe('2025-07-01T02:10:00.400Z');
    expect(localStorage.getItem('stationdesk.clockOffsetMs')).toBe(String(10 * 60_000));
    // A fresh module instance reads it back (an offline restart).
    vi.resetModules();
    const again = await import('../../../src/state/time');
    expect(again.clockOffsetMs()).toBe(10 * 60_000);
    expect(again.timeStore.getState().source).toBe('stored');
  });

  it('offline or a bad answer leaves the offset alone', async () => {
    setClockOffset(1234, 'pull');
    expect(await measureServerOffset('', (async () => { throw new TypeError('offline'); }) as unknown as typeof fetch)).toBeNull();
    expect(await measureServerOffset('', (async () => new Response('{}', { status: 200 })) as unknown as typeof fetch)).toBeNull();
    expect(await measureServerOffset('', (async () => new Response('', { status: 503 })) as unknown as typeof fetch)).toBeNull();
    expect(clockOffsetMs()).toBe(1234);
  });

  it('follows the offset each pull stores in the sync state', async () => {
    const { db } = await freshDb();
    const seen: number[] = [];
    const off = timeStore.subscribe((s) => seen.push(s.offsetMs));
    const stop = followPullOffset(db);
    await updateSyncState(db, { clockOffsetMs: -90_000 });
    await vi.waitFor(() => expect(clockOffsetMs()).toBe(-90_000));
    expect(timeStore.getState().source).toBe('pull');
    await updateSyncState(db, { clockOffsetMs: 5_000 });
    await vi.waitFor(() => expect(clockOffsetMs()).toBe(5_000));
    expect(seen).toContain(-90_000);
    stop();
    off();
    db.close();
  });
});

describe('clock jumps', () => {
  it('a wall-clock change of more than 5 minutes between checks is noticed; drift under it is not', () => {
    vi.useFakeTimers({ now: new Date('2025-07-01T02:00:00Z'), toFake: ['Date', 'performance', 'setTimeout', 'clearTimeout'] });
    expect(checkClockJump()).toBeNull(); // first check sets the anchor
    vi.advanceTimersByTime(60_000);
    expect(checkClockJump()).toBeNull();
    vi.setSystemTime(Date.now() + JUMP_THRESHOLD_MS - 1000); // wall moves, monotonic does not
    expect(checkClockJump()).toBeNull();
    vi.setSystemTime(Date.now() + 2 * 3_600_000);
    const j = checkClockJump();
    expect(j?.deltaMs).toBe(2 * 3_600_000);
    expect(timeStore.getState().jump).toEqual(j);
    // Forward may be a phone that slept: the offset waits for the server.
    expect(clockOffsetMs()).toBe(0);
    dismissClockJump();
    expect(timeStore.getState().jump).toBeNull();
  });

  it('a jump backwards is absorbed into the offset so trusted time runs straight', () => {
    vi.useFakeTimers({ now: new Date('2025-07-01T02:00:00Z'), toFake: ['Date', 'performance', 'setTimeout', 'clearTimeout'] });
    checkClockJump();
    const before = trustedNow().getTime();
    vi.advanceTimersByTime(10_000);
    vi.setSystemTime(Date.now() - 3_600_000); // someone set the phone an hour back
    const j = checkClockJump();
    expect(j?.deltaMs).toBe(-3_600_000);
    expect(trustedNow().getTime()).toBe(before + 10_000);
    expect(timeStore.getState().source).toBe('jump');
  });
});
