import { createStore } from 'zustand/vanilla';
import { activeSession, listSessions, putSession, setActive, type DeviceSession } from '../db/registry';
import type { LoginResponse } from '../sync/protocol';
import { useStore } from './store';

// Who is signed in on this device. The first sign-in needs the network; the tokens and the
// user's own database then let the app start offline.

/** 'locked': someone is signed in but the screen waits for their PIN (see pin.ts). */
export type SessionStatus = 'loading' | 'signedOut' | 'signedIn' | 'locked';

export interface SessionView {
  status: SessionStatus;
  session: DeviceSession | null;
  /** This device was revoked: its data was pushed, then wiped. */
  wiped?: boolean;
}

export const sessionStore = createStore<SessionView>(() => ({ status: 'loading', session: null }));

export type LoginFailure = { code: 'auth.invalid' | 'auth.disabled' | 'auth.throttled' | 'network' | 'required' | 'unknown'; retryAfterSeconds?: number };

function deviceName(): string {
  const ua = typeof navigator !== 'undefined' ? navigator.userAgent : 'device';
  const m = /\(([^)]+)\)/.exec(ua);
  return (m?.[1] ?? ua).slice(0, 100);
}

export async function restoreSession(): Promise<void> {
  const s = await activeSession();
  // With a PIN set, the app starts locked: whoever picks the device up sees nothing yet.
  sessionStore.setState({ status: s ? (s.pin ? 'locked' : 'signedIn') : 'signedOut', session: s });
}

export async function login(username: string, password: string, base = ''): Promise<LoginFailure | null> {
  if (!username.trim() || !password) return { code: 'required' };
  const known = (await listSessions()).find((s) => s.username === username.trim());
  let res: Response;
  try {
    res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: username.trim(), password, deviceName: deviceName(), ...(known ? { clientId: known.clientId } : {}) }),
    });
  } catch {
    return { code: 'network' };
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string; retryAfterSeconds?: number };
    if (res.status === 429) return { code: 'auth.throttled', retryAfterSeconds: body.retryAfterSeconds ?? Number(res.headers.get('retry-after') ?? 60) };
    if (body.error === 'auth.invalid' || body.error === 'auth.disabled') return { code: body.error };
    return { code: 'unknown' };
  }
  const r = (await res.json()) as LoginResponse;
  const session: DeviceSession = {
    userId: r.user.id,
    username: username.trim(),
    name: r.user.name,
    role: r.user.role,
    station: r.user.station,
    deviceId: r.deviceId,
    deviceCode: r.deviceCode,
    clientId: r.clientId,
    accessToken: r.accessToken,
    refreshToken: r.refreshToken,
    expiresAt: r.expiresAt,
    signedInAt: new Date().toISOString(),
    active: true,
    pin: known?.pin ?? null,
    failedPins: 0,
    lockedOut: false,
  };
  await putSession(session);
  sessionStore.setState({ status: 'signedIn', session, wiped: false });
  return null;
}

/** Leaves the user's data and outbox on the device: signing in again picks them up. */
export async function signOut(): Promise<void> {
  await setActive(null);
  sessionStore.setState({ status: 'signedOut', session: null });
}

export const useSession = (): SessionView => useStore(sessionStore, (s) => s);
