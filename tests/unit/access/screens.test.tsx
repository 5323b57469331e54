import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openRegistry } from '../../../src/db/registry';
import { initI18n } from '../../../src/i18n';
import { sessionStore } from '../../../src/state/session';
import { appStore } from '../../../src/state/store';
import { App } from '../../../src/ui/App';

// The access screens in the app shell: first-run setup, the wipe notice, the lock screen.

beforeEach(async () => {
  localStorage.clear();
  await openRegistry().sessions.clear();
  history.replaceState(null, '', '/');
  appStore.setState({ route: { name: 'home' }, updateReady: false, dirtyForms: 0, online: true });
  sessionStore.setState({ status: 'signedOut', session: null, wiped: false });
  await initI18n('en');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const answer = (body: unknown, status = 200) => vi.fn(async () => new Response(JSON.stringify(body), { status }));

describe('access screens', () => {
  it('shows the setup screen instead of sign-in while the server has no station', async () => {
    vi.stubGlobal('fetch', answer({ needed: true }));
    render(<App secure />);
    expect(await screen.findByTestId('setup')).toBeTruthy();
    expect(screen.queryByTestId('login')).toBeNull();
  });

  it('says why a wiped device was signed out, in the user language', async () => {
    vi.stubGlobal('fetch', answer({ needed: false }));
    sessionStore.setState({ status: 'signedOut', session: null, wiped: true });
    render(<App secure />);
    const notice = await screen.findByTestId('wiped-notice');
    expect(notice.textContent).toContain('The chief revoked this device');
    expect(screen.getByTestId('login')).toBeTruthy();
  });

  it('draws nothing but the lock screen while locked', async () => {
    vi.stubGlobal('fetch', answer({}, 503));
    sessionStore.setState({
      status: 'locked',
      session: {
        userId: 'u1', username: 'line1', name: 'Wang', role: 'lineman', station: 'S1', deviceId: 'd1', deviceCode: 'B3', clientId: 'c1',
        accessToken: 'a', refreshToken: 'r', expiresAt: new Date(Date.now() + 3600_000).toISOString(), signedInAt: new Date().toISOString(), active: true,
        pin: { hash: 'x', salt: 'eA==', iterations: 600_000 },
      },
    });
    render(<App secure />);
    expect(await screen.findByTestId('pin-unlock')).toBeTruthy();
    expect(screen.getByTestId('pin-user').textContent).toBe('Wang');
    expect(screen.queryByTestId('home-lineman')).toBeNull();
  });
});
