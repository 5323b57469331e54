import { waitFor } from '@testing-library/preact';
import { expect } from 'vitest';
import { currentDevice } from '../../../src/state/device';
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
