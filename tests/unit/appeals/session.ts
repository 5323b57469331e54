import { waitFor } from '@testing-library/preact';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { installClockScheduler } from '../../../src/state/clocks';
import { currentDevice, installDeviceBinding } from '../../../src/state/device';
import { sessionStore } from '../../../src/state/session';

/** A signed-in session on a fresh user database (see tests/unit/ui/shell.test.tsx). */
export async function signedIn(role: 'lineman' | 'clerk' | 'chief', opts: { userId?: string; deviceCode?: string } = {}): Promise<string> {
  const userId = opts.userId ?? `u-${role}-${Math.random().toString(36).slice(2, 10)}`;
  sessionStore.setState({
    status: 'signedIn',
    session: {
      userId, username: role, name: `Name ${role}`, role, station: 'S1', deviceId: 'd1', deviceCode: opts.deviceCode ?? 'B3', clientId: `c-${userId}`,
      accessToken: 'a', refreshToken: 'r', expiresAt: new Date(Date.now() + 3600_000).toISOString(), signedInAt: new Date().toISOString(), active: true,
    },
  });
  await waitFor(() => expect(currentDevice()?.session.userId).toBe(userId));
  return userId;
}

/**
 * For a test file: a signed-in user's device with no server (every fetch fails as when
 * offline), bound before the file's tests and unbound after. `withClocks` also runs the
 * clock scheduler. Returns the user's id once signed in.
 */
export function offlineDevice(role: 'lineman' | 'clerk' | 'chief', opts: { withClocks?: boolean } = {}): () => string {
  let userId = '';
  let unbind: () => void = () => undefined;
  let uninstallClocks: () => void = () => undefined;
  beforeAll(async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('offline'); }));
    unbind = installDeviceBinding();
    userId = await signedIn(role);
    if (opts.withClocks) uninstallClocks = installClockScheduler();
  });
  afterAll(() => {
    uninstallClocks();
    unbind();
    vi.unstubAllGlobals();
  });
  return () => userId;
}
