import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listSessions, openRegistry, putSession, type DeviceSession } from '../../../src/db/registry';
import { derivePin, installAutoLock, lock, MAX_PIN_TRIES, PIN_ITERATIONS, setLockAfterMinutes, setPin, unlockWithPin } from '../../../src/state/pin';
import { restoreSession, sessionStore } from '../../../src/state/session';

function session(userId: string, active: boolean): DeviceSession {
  return {
    userId, username: userId, name: `Name ${userId}`, role: 'lineman', station: 'S1', deviceId: `d-${userId}`, deviceCode: 'B3', clientId: `c-${userId}`,
    accessToken: 'a', refreshToken: 'r', expiresAt: new Date(Date.now() + 3600_000).toISOString(), signedInAt: new Date().toISOString(), active,
  };
}

// 600,000 PBKDF2 rounds take a moment each, more so on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

beforeEach(async () => {
  await openRegistry().sessions.clear();
  localStorage.clear();
  sessionStore.setState({ status: 'signedOut', session: null, wiped: false });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the PIN', () => {
  it('is stored as PBKDF2-SHA256 with 600,000 iterations and a random salt, never as itself', async () => {
    await putSession(session('u1', true));
    await putSession(session('u2', false));
    expect(await setPin('u1', '2468', '2468')).toEqual({ ok: true });
    expect(await setPin('u2', '2468', '2468')).toEqual({ ok: true });
    const [a, b] = (await listSessions()).sort((x, y) => x.userId.localeCompare(y.userId));
    expect(a!.pin!.iterations).toBe(PIN_ITERATIONS);
    expect(PIN_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(a!.pin!.salt).not.toBe(b!.pin!.salt);
    expect(a!.pin!.hash).not.toBe(b!.pin!.hash);
    expect(JSON.stringify(a)).not.toContain('2468');
    const salt = Uint8Array.from(atob(a!.pin!.salt), (c) => c.charCodeAt(0));
    expect(await derivePin('2468', salt)).toBe(a!.pin!.hash);
  });

  it('needs 4 to 12 digits, typed the same twice', async () => {
    await putSession(session('u1', true));
    expect(await setPin('u1', '123', '123')).toEqual({ ok: false, code: 'pin.format' });
    expect(await setPin('u1', '12a4', '12a4')).toEqual({ ok: false, code: 'pin.format' });
    expect(await setPin('u1', '1234', '1235')).toEqual({ ok: false, code: 'pin.mismatch' });
  });

  it('makes the app start locked, and unlocks with the right PIN only', async () => {
    await putSession(session('u1', true));
    await restoreSession();
    expect(sessionStore.getState().status).toBe('signedIn');
    await setPin('u1', '2468', '2468');
    await restoreSession();
    expect(sessionStore.getState().status).toBe('locked');
    expect(await unlockWithPin('u1', '1111')).toEqual({ ok: false, code: 'pin.wrong', triesLeft: MAX_PIN_TRIES - 1 });
    expect(sessionStore.getState().status).toBe('locked');
    expect(await unlockWithPin('u1', '2468')).toEqual({ ok: true });
    expect(sessionStore.getState()).toMatchObject({ status: 'signedIn', session: { userId: 'u1' } });
    expect((await listSessions())[0]!.failedPins).toBe(0);
  });

  it('locks the user out after five wrong PINs in a row, even for the right one', async () => {
    await putSession(session('u1', true));
    await setPin('u1', '2468', '2468');
    const answers = [];
    for (let i = 0; i < MAX_PIN_TRIES; i++) answers.push(await unlockWithPin('u1', `900${i}`));
    expect(answers.map((a) => (a.ok ? 'ok' : a.code))).toEqual(['pin.wrong', 'pin.wrong', 'pin.wrong', 'pin.wrong', 'pin.locked_out']);
    expect(await unlockWithPin('u1', '2468')).toEqual({ ok: false, code: 'pin.locked_out' });
    expect((await listSessions())[0]!.lockedOut).toBe(true);
  });

  it("switching to another user of the device clears the previous user's screen first", async () => {
    await putSession(session('u1', true));
    await putSession(session('u2', false));
    await setPin('u2', '1357', '1357');
    sessionStore.setState({ status: 'locked', session: (await listSessions()).find((s) => s.userId === 'u1')! });
    const seen: (string | null)[] = [];
    const off = sessionStore.subscribe((s) => seen.push(s.session?.userId ?? null));
    expect(await unlockWithPin('u2', '1357')).toEqual({ ok: true });
    off();
    expect(seen).toEqual([null, 'u2']);
    expect((await listSessions()).find((s) => s.active)?.userId).toBe('u2');
  });
});

describe('auto-lock', () => {
  it('locks after the chosen idle time, and activity puts it off', async () => {
    let now = 0;
    await putSession(session('u1', true));
    await setPin('u1', '2468', '2468');
    sessionStore.setState({ status: 'signedIn', session: (await listSessions())[0]! });
    setLockAfterMinutes(5);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const stop = installAutoLock(() => now);
    now = 4 * 60_000;
    vi.advanceTimersByTime(15_000);
    expect(sessionStore.getState().status).toBe('signedIn');
    dispatchEvent(new Event('keydown'));
    now = 8 * 60_000;
    vi.advanceTimersByTime(15_000);
    expect(sessionStore.getState().status).toBe('signedIn');
    now = 9 * 60_000 + 1;
    vi.advanceTimersByTime(15_000);
    expect(sessionStore.getState().status).toBe('locked');
    stop();
  });

  it('never locks a user without a PIN', async () => {
    await putSession(session('u1', true));
    sessionStore.setState({ status: 'signedIn', session: (await listSessions())[0]! });
    expect(lock()).toBe(false);
    expect(sessionStore.getState().status).toBe('signedIn');
  });
});
