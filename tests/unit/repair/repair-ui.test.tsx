import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byTimeLeft } from '../../../src/domain/repair';
import type { RecordRow } from '../../../src/domain/records';
import { initI18n } from '../../../src/i18n';
import { IntakeForm } from '../../../src/ui/repair/IntakeForm';

function job(id: string, area: 'urban' | 'rural' | 'remote', reportedMinAgo: number, now: Date, extra: Record<string, unknown> = {}, status = 'dispatched'): RecordRow {
  return {
    id, type: 'repairJob', station: 'S1', status, statusGen: 0, statusHlc: null, deleted: false, createdBy: null, hlc: '', clocks: {},
    data: { customerName: id, areaType: area, reportedAt: new Date(now.getTime() - reportedMinAgo * 60_000).toISOString(), ...extra },
  };
}

describe("the lineman's list", () => {
  it('orders open jobs by time left on their restoration clock, finished ones after', () => {
    const now = new Date('2026-06-10T02:00:00Z');
    const jobs = [
      job('rural-10min-ago', 'rural', 10, now), // 80 min left
      job('urban-40min-ago', 'urban', 40, now), // 5 min left
      job('remote-just-now', 'remote', 0, now), // 120 min left
      job('rural-overdue', 'rural', 100, now), // 10 min over
      job('restored', 'urban', 30, now, { restoredAt: now.toISOString() }, 'restored'),
    ];
    expect(byTimeLeft(jobs, now).map((j) => j.id)).toEqual(['rural-overdue', 'urban-40min-ago', 'rural-10min-ago', 'remote-just-now', 'restored']);
  });
});

describe('the intake form', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('says what is missing and what is wrong, in Chinese', async () => {
    await initI18n('zh-CN');
    render(<IntakeForm />);
    fireEvent.input(screen.getByLabelText('联系电话'), { target: { value: '12345' } });
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(screen.getByTestId('error-f-customerName').textContent).toBe('必填。'));
    expect(screen.getByTestId('error-f-customerPhone').textContent).toBe('请输入有效的手机号（11 位）或固定电话（区号-号码）。');
    expect(screen.getByTestId('error-f-address').textContent).toBe('必填。');
    expect(screen.getByTestId('error-f-areaType').textContent).toBe('必填。');
    expect(screen.getByTestId('error-f-description').textContent).toBe('必填。');
    // Nothing typed is lost.
    expect((screen.getByLabelText('联系电话') as HTMLInputElement).value).toBe('12345');
  });

  it('says the same in English, and accepts a landline', async () => {
    await initI18n('en');
    render(<IntakeForm />);
    fireEvent.input(screen.getByLabelText('Phone'), { target: { value: '1381234567' } });
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(screen.getByTestId('error-f-customerPhone').textContent).toBe('Enter a valid mobile number (11 digits) or landline (area code-number).'));
    expect(screen.getByTestId('error-f-customerName').textContent).toBe('Required.');
    fireEvent.input(screen.getByLabelText('Phone'), { target: { value: '0731-84561234' } });
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(screen.queryByTestId('error-f-customerPhone')).toBeNull());
  });

  it('a fault inside the customer installation needs the guidance given, not an area', async () => {
    await initI18n('en');
    render(<IntakeForm />);
    fireEvent.click(screen.getByLabelText("Fault inside the customer's installation (guided by phone)"));
    fireEvent.click(screen.getByTestId('intake-submit'));
    await waitFor(() => expect(screen.getByTestId('error-f-guidance').textContent).toBe('Required.'));
    expect(screen.queryByTestId('error-f-areaType')).toBeNull();
  });
});
