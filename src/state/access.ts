import { useEffect, useState } from 'preact/hooks';
import { tokenSource } from '../sync/device';
import { sessionStore } from './session';

// First-run setup and the audit calls a device makes. Failures come back as reason codes
// the screens translate.

export type SetupState = 'unknown' | 'needed' | 'done';

export async function setupNeeded(base = ''): Promise<SetupState> {
  try {
    const res = await fetch(`${base}/api/setup`, { cache: 'no-store' });
    if (!res.ok) return 'unknown';
    const body = (await res.json()) as { needed?: unknown };
    return body.needed === true ? 'needed' : 'done';
  } catch {
    return 'unknown';
  }
}

/** Asks the server once per mount whether the first-run setup is still to be done. */
export function useSetupState(): [SetupState, (s: SetupState) => void] {
  const [state, setState] = useState<SetupState>('unknown');
  useEffect(() => {
    let live = true;
    void setupNeeded().then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, []);
  return [state, setState];
}

export interface SetupInput {
  code: string;
  stationCode: string;
  stationName: string;
  shiftTimes: string[];
  username: string;
  name: string;
  password: string;
}

export type SetupFailure = { code: string; retryAfterSeconds?: number };

export async function submitSetup(input: SetupInput, base = ''): Promise<SetupFailure | null> {
  const required = [input.code, input.stationCode, input.stationName, input.username, input.name, input.password];
  if (required.some((v) => !v.trim())) return { code: 'required' };
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(input.stationCode)) return { code: 'station.bad_code' };
  if ([...input.password].length < 8) return { code: 'user.password_too_short' };
  let res: Response;
  try {
    res = await fetch(`${base}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code: input.code.trim(),
        station: { code: input.stationCode.trim(), name: input.stationName.trim(), shiftTimes: input.shiftTimes },
        chief: { username: input.username.trim(), name: input.name.trim(), password: input.password },
      }),
    });
  } catch {
    return { code: 'network' };
  }
  if (res.ok) return null;
  const body = (await res.json().catch(() => ({}))) as { error?: string; retryAfterSeconds?: number };
  return { code: body.error ?? 'unknown', retryAfterSeconds: body.retryAfterSeconds };
}

/** An authorised call for the signed-in user; null when offline or no one is signed in. */
export async function authed(path: string, init: RequestInit = {}): Promise<Response | null> {
  const s = sessionStore.getState().session;
  if (!s) return null;
  const token = await tokenSource(s.userId, '')();
  if (!token) return null;
  try {
    return await fetch(path, {
      ...init,
      cache: 'no-store',
      headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
    });
  } catch {
    return null;
  }
}

/**
 * Best-effort audit of a clerk or chief opening a complainant's identity: sent when online,
 * never blocking the screen and never retried (the server log of writes is the record).
 */
export function noteIdentityView(type: string, id: string): void {
  void authed('/api/audit/view', { method: 'POST', body: JSON.stringify({ type, id }) });
}

/** Best-effort audit of an export made on the device. */
export function noteExport(what: string, count: number): void {
  void authed('/api/audit/export', { method: 'POST', body: JSON.stringify({ what, count }) });
}
