import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../../../src/i18n';
import { saveChanges } from '../../../src/state/device';
import { DeskOverview } from '../../../src/ui/chief/DeskOverview';
import { offlineDevice } from '../appeals/session';


// Every figure of the chief's overview drills down to the records behind it (issue 9, item 6).

const job = (id: string, customerName: string, minutesAgo: number) => ({
  name: 'record.upsert' as const,
  args: {
    type: 'repairJob' as const, id, base: {},
    fields: { customerName, customerPhone: '13800000000', address: 'Village 3', areaType: 'rural', reportedVia: 'phone', description: 'No power', reportedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() },
  },
});

// The chief's tablet is offline here: the overview needs nothing from the server.
offlineDevice('chief');
beforeAll(async () => {
  await initI18n('en');
});
afterEach(cleanup);

describe('the overview drills down', () => {
  it('a count opens the list of exactly the records it counts, each one opening its record', async () => {
    // Rural restoration is 90 minutes: two jobs are overdue, one is running.
    const saved = await saveChanges([job('ov-1', 'Zhang Fei', 200), job('ov-2', 'Ma Chao', 120), job('ov-3', 'Huang Zhong', 10)]);
    expect(saved.ok).toBe(true);
    render(<DeskOverview />);
    const overdue = await screen.findByTestId('drill-repairJob-overdue', {}, { timeout: 5_000 });
    expect(overdue.textContent).toBe('2');
    fireEvent.click(overdue);
    const list = await screen.findByTestId('drill-down');
    await waitFor(() => expect(within(list).getAllByRole('listitem').map((li) => li.querySelector('button')?.textContent).sort()).toEqual(['Ma Chao', 'Zhang Fei']));
    fireEvent.click(within(list).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByTestId('drill-down')).toBeNull());
    fireEvent.click(screen.getByTestId('drill-repairJob-running'));
    const running = await screen.findByTestId('drill-down');
    await waitFor(() => expect(within(running).getAllByRole('listitem').map((li) => li.querySelector('button')?.textContent)).toEqual(['Huang Zhong']));
    // Nothing is counted that has no records behind it: a zero is plain text.
    expect(screen.queryByTestId('drill-appeal-overdue')).toBeNull();
  });
});
