import { waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { openUserDb, recordPushAnswer } from '../../../src/db';
import { saveChanges } from '../../../src/state/device';
import { syncStore } from '../../../src/state/sync-view';
import { offlineDevice } from '../appeals/session';


// The service worker's Background Sync drains the outbox through its own database handle
// while the page's engine is idle. The page's count must follow: a lineman who sees
// "1 change waiting" after it has gone would sync again and again, or worry.

const me = offlineDevice('lineman');

describe('the pending count follows the database', () => {
  it('drops to nothing when another handle (the service worker) records the push answer, with no run of the page engine', async () => {
    const userId = me();
    // Count the page engine's runs that finish: the one a save starts comes about a second later.
    let finished = 0;
    const unsub = syncStore.subscribe((now, before) => {
      if (before.running && !now.running) finished += 1;
    });
    await waitFor(() => expect(syncStore.getState().running).toBe(false));
    const runsBefore = finished;
    const saved = await saveChanges([{ name: 'record.upsert', args: { type: 'repairJob', id: 'bg-1', fields: { customerName: 'Wei Yan', areaType: 'remote' }, base: {} } }]);
    expect(saved.ok).toBe(true);
    await waitFor(() => expect(syncStore.getState().pending).toBe(1));
    // The page's own run after the save has come and gone (offline); the next is 30 s away.
    await waitFor(() => expect(finished).toBeGreaterThan(runsBefore), { timeout: 5_000 });
    expect(syncStore.getState().pending).toBe(1);
    const worker = await openUserDb(userId);
    try {
      await recordPushAnswer(worker, { lastMid: 1, rejections: [] }, new Date());
    } finally {
      worker.close();
    }
    await waitFor(() => expect(syncStore.getState().pending).toBe(0), { timeout: 3_000 });
    unsub();
  });
});
