import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activeSession } from '../../../src/db/registry';
import { initI18n } from '../../../src/i18n';
import { sessionStore, signOut } from '../../../src/state/session';
import { appStore, markDirty } from '../../../src/state/store';
import { App } from '../../../src/ui/App';

function signedIn(role: 'lineman' | 'clerk' | 'chief') {
  sessionStore.setState({
    status: 'signedIn',
    session: {
      userId: `u-${role}`, username: role, name: `Name ${role}`, role, station: 'S1', deviceId: 'd1', deviceCode: 'B3', clientId: 'c1',
      accessToken: 'a', refreshToken: 'r', expiresAt: new Date(Date.now() + 3600_000).toISOString(), signedInAt: new Date().toISOString(), active: true,
    },
  });
}

beforeEach(async () => {
  localStorage.clear();
  history.replaceState(null, '', '/');
  appStore.setState({ route: { name: 'home' }, updateReady: false, dirtyForms: 0, online: true });
  sessionStore.setState({ status: 'signedOut', session: null });
  await initI18n('zh-CN');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the shell', () => {
  it('a signed-in chief lands on the chief home and can look through every role home', async () => {
    signedIn('chief');
    render(<App secure />);
    // The chief's home is a lazily loaded screen.
    expect(await screen.findByTestId('home-chief', {}, { timeout: 10_000 })).toBeTruthy();
    expect(location.pathname).toBe('/chief');
    fireEvent.click(screen.getByTestId('switch-lineman'));
    expect(await screen.findByTestId('home-lineman')).toBeTruthy();
    expect(location.pathname).toBe('/lineman');
    fireEvent.click(screen.getByTestId('switch-clerk'));
    expect(await screen.findByTestId('home-clerk')).toBeTruthy();
  });

  it('a lineman only ever sees his own home, even at another role address', async () => {
    signedIn('lineman');
    history.replaceState(null, '', '/chief');
    appStore.setState({ route: { name: 'role', role: 'chief' } });
    render(<App secure />);
    expect(await screen.findByTestId('home-lineman')).toBeTruthy();
    expect(screen.queryByTestId('home-chief')).toBeNull();
    expect(screen.queryByTestId('switch-chief')).toBeNull();
  });

  it('shows whether the device is online, always', async () => {
    render(<App secure />);
    expect(screen.getByTestId('net-status').textContent).toContain('在线');
    appStore.setState({ online: false });
    expect((await screen.findByText('离线')).closest('[data-testid="net-status"]')).toBeTruthy();
  });

  it('an insecure address explains itself instead of half-working', async () => {
    await initI18n('en');
    render(<App secure={false} />);
    expect(screen.getByTestId('insecure-notice').textContent).toMatch(/HTTPS/);
    expect(screen.queryByTestId('login')).toBeNull();
  });

  it('the update prompt never reloads under a form with unsaved input', async () => {
    signedIn('clerk');
    render(<App secure />);
    appStore.setState({ updateReady: true });
    markDirty(1);
    const prompt = await screen.findByTestId('update-prompt');
    const reload = prompt.querySelector('button') as HTMLButtonElement;
    expect(reload.disabled).toBe(true);
    expect(prompt.textContent).toContain('请先保存');
    markDirty(-1);
    await screen.findByText('更新并重新加载');
    expect((screen.getByTestId('update-prompt').querySelector('button') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('signing in', () => {
  it('a wrong password says so in the user language and keeps the form', async () => {
    await initI18n('en');
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'auth.invalid' }), { status: 401 })));
    render(<App secure />);
    fireEvent.input(screen.getByLabelText('Username'), { target: { value: 'wang' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByTestId('login-error')).textContent).toBe('Wrong username or password.');
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe('wang');
  });

  it('throttling tells how long to wait; no network says the first sign-in needs it', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'auth.throttled', retryAfterSeconds: 42 }), { status: 429 })));
    render(<App secure />);
    fireEvent.input(screen.getByLabelText('用户名'), { target: { value: 'wang' } });
    fireEvent.input(screen.getByLabelText('密码'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect((await screen.findByTestId('login-error')).textContent).toContain('42');
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() => expect(screen.getByTestId('login-error').textContent).toContain('首次登录需要联网'));
  });

  it('a good sign-in opens the role home and is remembered on the device; signing out keeps it listed', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({
      accessToken: 'A'.repeat(43), refreshToken: 'R'.repeat(43), expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      deviceId: 'dev1', clientId: 'client1', deviceCode: 'B3', user: { id: 'u1', name: '王师傅', role: 'lineman', station: 'S1' },
    }), { status: 200 })));
    render(<App secure />);
    fireEvent.input(screen.getByLabelText('用户名'), { target: { value: 'wang' } });
    fireEvent.input(screen.getByLabelText('密码'), { target: { value: 'secret' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByTestId('home-lineman')).toBeTruthy();
    expect(screen.getByTestId('signed-in-as').textContent).toContain('王师傅');
    const stored = await activeSession();
    expect(stored?.clientId).toBe('client1');
    expect(stored?.deviceCode).toBe('B3');
    await signOut();
    expect(await screen.findByTestId('login')).toBeTruthy();
    expect(await activeSession()).toBeNull();
  });
});
