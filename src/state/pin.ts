import { listSessions, setActive, updateSession, type DeviceSession } from '../db/registry';
import { sessionStore } from './session';

// Offline unlock. The PIN gates the app on this device; it does not encrypt the data (the
// phone's own storage encryption does that; see README "Security"). PBKDF2-SHA256 with a
// random salt via WebCrypto, stored in the user's registry session. Five wrong PINs in a
// row lock the session out until an online login.

export const PIN_ITERATIONS = 600_000;
export const MAX_PIN_TRIES = 5;
export const PIN_RE = /^\d{4,12}$/;

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

export async function derivePin(pin: string, salt: Uint8Array, iterations = PIN_ITERATIONS): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return b64(new Uint8Array(bits));
}

export type PinSetResult = { ok: true } | { ok: false; code: 'pin.format' | 'pin.mismatch' | 'pin.no_session' };

export async function setPin(userId: string, pin: string, repeat: string): Promise<PinSetResult> {
  if (!PIN_RE.test(pin)) return { ok: false, code: 'pin.format' };
  if (pin !== repeat) return { ok: false, code: 'pin.mismatch' };
  if (!(await listSessions()).some((s) => s.userId === userId)) return { ok: false, code: 'pin.no_session' };
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derivePin(pin, salt);
  const patch: Partial<DeviceSession> = { pin: { hash, salt: b64(salt), iterations: PIN_ITERATIONS }, failedPins: 0, lockedOut: false };
  await updateSession(userId, patch);
  const cur = sessionStore.getState().session;
  if (cur?.userId === userId) sessionStore.setState({ session: { ...cur, ...patch } });
  return { ok: true };
}

export async function clearPin(userId: string): Promise<void> {
  await updateSession(userId, { pin: null, failedPins: 0 });
  const cur = sessionStore.getState().session;
  if (cur?.userId === userId) sessionStore.setState({ session: { ...cur, pin: null, failedPins: 0 } });
}

export type UnlockResult = { ok: true } | { ok: false; code: 'pin.wrong'; triesLeft: number } | { ok: false; code: 'pin.locked_out' | 'pin.not_set' };

/** Checks the PIN of a user signed in on this device; on success that user's screen comes up. */
export async function unlockWithPin(userId: string, pin: string): Promise<UnlockResult> {
  const s = (await listSessions()).find((x) => x.userId === userId);
  if (!s?.pin) return { ok: false, code: 'pin.not_set' };
  if (s.lockedOut) return { ok: false, code: 'pin.locked_out' };
  const hash = await derivePin(pin, unb64(s.pin.salt), s.pin.iterations);
  if (hash !== s.pin.hash) {
    const failedPins = (s.failedPins ?? 0) + 1;
    const lockedOut = failedPins >= MAX_PIN_TRIES;
    await updateSession(userId, { failedPins, lockedOut });
    if (lockedOut) return { ok: false, code: 'pin.locked_out' };
    return { ok: false, code: 'pin.wrong', triesLeft: MAX_PIN_TRIES - failedPins };
  }
  await updateSession(userId, { failedPins: 0 });
  const prev = sessionStore.getState().session;
  if (prev && prev.userId !== userId) {
    // Another user's screen goes first, so nothing of theirs is drawn under the new one.
    sessionStore.setState({ status: 'locked', session: null });
  }
  await setActive(userId);
  const fresh = (await listSessions()).find((x) => x.userId === userId)!;
  sessionStore.setState({ status: 'signedIn', session: fresh, wiped: false });
  return { ok: true };
}

/** Locks the screen; sync carries on underneath. Only a user with a PIN can be locked. */
export function lock(): boolean {
  const { status, session } = sessionStore.getState();
  if (status !== 'signedIn' || !session?.pin) return false;
  sessionStore.setState({ status: 'locked' });
  return true;
}

const IDLE_KEY = 'stationdesk.lockAfterMinutes';
export const DEFAULT_LOCK_MINUTES = 10;
export const LOCK_CHOICES = [1, 5, 10, 30, 60] as const;

export function lockAfterMinutes(): number {
  const v = Number(typeof localStorage !== 'undefined' ? localStorage.getItem(IDLE_KEY) : null);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_LOCK_MINUTES;
}

export function setLockAfterMinutes(minutes: number): void {
  localStorage.setItem(IDLE_KEY, String(minutes));
}

/**
 * Locks after the chosen idle time. Activity only moves a timestamp; one coarse timer
 * checks it, so typing costs nothing. Also locks on return if the page was hidden too long.
 */
export function installAutoLock(now: () => number = Date.now): () => void {
  let last = now();
  const touch = () => {
    last = now();
  };
  const check = () => {
    if (now() - last >= lockAfterMinutes() * 60_000 && lock()) last = now();
  };
  const events = ['pointerdown', 'keydown', 'touchstart', 'wheel'];
  for (const e of events) addEventListener(e, touch, { passive: true });
  const onVisible = () => {
    if (document.visibilityState === 'visible') check();
  };
  document.addEventListener('visibilitychange', onVisible);
  const timer = setInterval(check, 15_000);
  return () => {
    for (const e of events) removeEventListener(e, touch);
    document.removeEventListener('visibilitychange', onVisible);
    clearInterval(timer);
  };
}

export interface DeviceUser {
  userId: string;
  name: string;
  username: string;
  role: DeviceSession['role'];
  hasPin: boolean;
  lockedOut: boolean;
}

/** The users signed in on this device, for the lock screen to pick from. No tokens leave here. */
export async function deviceUsers(): Promise<DeviceUser[]> {
  return (await listSessions())
    .map((s) => ({ userId: s.userId, name: s.name, username: s.username, role: s.role, hasPin: !!s.pin, lockedOut: !!s.lockedOut }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
