import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRejections, openUserDb, recordPushAnswer } from '../../../src/db';
import { initI18n } from '../../../src/i18n';
import { currentDevice, saveChanges } from '../../../src/state/device';
import { syncStore } from '../../../src/state/sync-view';
import { RejectionNotice } from '../../../src/ui/shell/RejectionNotice';
import { offlineDevice } from '../appeals/session';

// The server refused a change (here: a lineman touching what is not his). The author must
// learn it on the device, in words, once; the change must not wait in the outbox for ever.

const me = offlineDevice('lineman');

beforeEach(async () => {
  await initI18n('zh-CN');
});
afterEach(cleanup);

describe('a refused change', () => {
  it('is shown to its author with the register and the reason in his language, leaves the outbox, and goes once acknowledged', async () => {
    const saved = await saveChanges([{ name: 'record.upsert', args: { type: 'repairJob', id: 'rj-refused', fields: { customerName: '王五', areaType: 'rural' }, base: {} } }]);
    expect(saved.ok).toBe(true);
    await waitFor(() => expect(syncStore.getState().pending).toBe(1));
    const mid = (await currentDevice()!.db.outbox.toArray())[0]!.mid;

    render(<RejectionNotice />);
    expect(screen.queryByTestId('rejection-notice')).toBeNull();

    // The push answer arrives (as the service worker would record it, on its own handle).
    const worker = await openUserDb(me());
    try {
      await recordPushAnswer(worker, { lastMid: mid, rejections: [{ mid, reason: { code: 'mutation.forbidden', detail: 'not his' } }] }, new Date());
    } finally {
      worker.close();
    }
    const notice = await screen.findByTestId('rejection-notice');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.querySelector('strong')!.textContent).toBe('服务器未接受您的更改');
    expect([...notice.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['抢修工单：您没有权限做这项更改。']);
    await waitFor(() => expect(syncStore.getState().pending).toBe(0));

    fireEvent.click(screen.getByRole('button', { name: '知道了' }));
    await waitFor(() => expect(screen.queryByTestId('rejection-notice')).toBeNull());
    // Acknowledged, not forgotten: the chief's ledger and the device keep the record of it.
    const kept = await listRejections(currentDevice()!.db, {});
    expect(kept.map((r) => [r.mid, r.reason.code])).toEqual([[mid, 'mutation.forbidden']]);
    // What the notice reads: nothing unseen is left, so it does not come back on the next start.
    expect(await listRejections(currentDevice()!.db, { unseenOnly: true })).toEqual([]);
  });
});
