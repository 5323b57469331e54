import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initI18n } from '../../../src/i18n';
import { appStore, markDirty } from '../../../src/state/store';
import { App } from '../../../src/ui/App';

beforeEach(async () => {
  localStorage.clear();
  history.replaceState(null, '', '/');
  appStore.setState({ role: null, route: { name: 'home' }, updateReady: false, dirtyForms: 0, online: true });
  await initI18n('zh-CN');
});
afterEach(cleanup);

describe('the shell', () => {
  it('a role choice leads to that role home and is remembered', async () => {
    render(<App secure />);
    fireEvent.click(screen.getByTestId('choose-lineman'));
    expect(await screen.findByTestId('home-lineman')).toBeTruthy();
    expect(location.pathname).toBe('/lineman');
    expect(localStorage.getItem('stationdesk.role')).toBe('lineman');
    fireEvent.click(screen.getByTestId('switch-chief'));
    expect(await screen.findByTestId('home-chief')).toBeTruthy();
    expect(location.pathname).toBe('/chief');
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
    expect(screen.queryByTestId('role-chooser')).toBeNull();
  });

  it('the update prompt never reloads under a form with unsaved input', async () => {
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
