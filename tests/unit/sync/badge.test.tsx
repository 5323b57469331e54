import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initI18n } from '../../../src/i18n';
import { syncStore } from '../../../src/state/sync-view';
import { SyncBadge } from '../../../src/ui/shell/SyncBadge';

// Right after a reload the user's database is still opening. Saying "Everything synced"
// then would be a guess, and wrong exactly when changes wait from a dead zone.

beforeEach(async () => {
  await initI18n('en');
  syncStore.setState({ pending: null, running: false, pushed: 0, toPush: 0, pulled: 0, lastSyncAt: null, lastError: null });
});
afterEach(cleanup);

describe('the sync badge', () => {
  it('says it is still counting until the outbox has been counted, never "Everything synced"', () => {
    render(<SyncBadge />);
    expect(screen.getByTestId('sync-pending').textContent).toBe('Checking for changes waiting…');
  });

  it('then shows the count, and "Everything synced" only when the count is zero', async () => {
    render(<SyncBadge />);
    syncStore.setState({ pending: 2 });
    expect((await screen.findByText('2 changes waiting to sync')).dataset.testid).toBe('sync-pending');
    syncStore.setState({ pending: 0 });
    expect((await screen.findByText('Everything synced')).dataset.testid).toBe('sync-pending');
  });

  it('in Chinese too', async () => {
    await initI18n('zh-CN');
    render(<SyncBadge />);
    expect(screen.getByTestId('sync-pending').textContent).toBe('正在清点待同步的更改…');
  });
});
