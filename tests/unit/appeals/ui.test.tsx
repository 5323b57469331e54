import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateAppeal, EMPTY_APPEAL } from '../../../src/domain/appeals';
import type { RecordRow } from '../../../src/domain/records';
import { initI18n } from '../../../src/i18n';
import { saveChanges } from '../../../src/state/device';
import { AppealDetail } from '../../../src/ui/appeals/AppealDetail';
import { AppealForm } from '../../../src/ui/appeals/AppealForm';
import { AppealList } from '../../../src/ui/appeals/AppealList';
import { offlineDevice } from './session';

// One user for the whole file: switching users closes the database under pending work.
const me = offlineDevice('clerk');
beforeEach(async () => {
  localStorage.clear();
  await initI18n('zh-CN');
});
afterEach(() => cleanup());

describe('validateAppeal', () => {
  it('needs channel, type, subject, content and a customer unless it came anonymously', () => {
    expect(validateAppeal({ ...EMPTY_APPEAL, channel: '' })).toEqual({ channel: 'required', kind: 'required', subject: 'required', content: 'required', customerName: 'required' });
    const ok = { ...EMPTY_APPEAL, kind: 'complaint' as const, customerName: '张三', subject: '电费', content: '偏高' };
    expect(validateAppeal(ok)).toEqual({});
    expect(validateAppeal({ ...ok, customerName: '', channel: 'box' })).toEqual({});
    expect(validateAppeal({ ...ok, customerName: '', customerId: 'cu-1' })).toEqual({});
    expect(validateAppeal({ ...ok, customerPhone: '12345' })).toEqual({ customerPhone: 'phone.invalid' });
    expect(validateAppeal({ ...ok, customerPhone: '138 1234 5678' })).toEqual({});
    expect(validateAppeal({ ...ok, subject: 'x'.repeat(201) })).toEqual({ subject: 'tooLong' });
  });
});

describe('<AppealForm>', () => {
  it('says what is missing in zh-CN and en, and gives the number at once', async () => {
    render(<AppealForm />);
    fireEvent.click(screen.getByTestId('appeal-submit'));
    expect(screen.getByTestId('error-a-kind').textContent).toBe('必填。');
    expect(screen.getByTestId('error-a-subject').textContent).toBe('必填。');
    fireEvent.input(screen.getByLabelText('客户电话'), { target: { value: '12345' } });
    fireEvent.click(screen.getByTestId('appeal-submit'));
    expect(screen.getByTestId('error-a-customerPhone').textContent).toBe('请输入有效的手机号（11 位）或固话（区号-号码）。');
    cleanup();

    await initI18n('en');
    render(<AppealForm />);
    fireEvent.click(screen.getByTestId('appeal-submit'));
    expect(screen.getByTestId('error-a-content').textContent).toBe('Required.');
    expect(screen.getByTestId('error-a-customerName').textContent).toBe('Required.');
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'complaint' } });
    fireEvent.input(screen.getByLabelText('Customer name'), { target: { value: 'Zhang San' } });
    fireEvent.input(screen.getByLabelText('Customer phone'), { target: { value: '13812345678' } });
    fireEvent.input(screen.getByLabelText('Subject'), { target: { value: 'Bill too high' } });
    fireEvent.input(screen.getByLabelText('Content'), { target: { value: 'Doubled this month' } });
    fireEvent.click(screen.getByTestId('appeal-submit'));
    const number = await screen.findByTestId('appeal-number');
    expect(number.textContent).toMatch(/^\d{4}T-B3-\d{4}$/);
    expect(screen.getByTestId('appeal-saved').textContent).toContain(`Number ${number.textContent}: read it to the customer.`);
    expect((screen.getByLabelText('Customer name') as HTMLInputElement).value).toBe('');
  });

  it('a fault opens the repair intake prefilled instead', async () => {
    await initI18n('en');
    render(<AppealForm />);
    fireEvent.input(screen.getByLabelText('Customer name'), { target: { value: 'Wang Wu' } });
    fireEvent.input(screen.getByLabelText('Content'), { target: { value: 'No power since noon' } });
    fireEvent.click(screen.getByTestId('appeal-is-fault'));
    const intake = await screen.findByTestId('intake-form');
    expect((intake.querySelector('[name=customerName]') as HTMLInputElement).value).toBe('Wang Wu');
    expect((intake.querySelector('[name=description]') as HTMLTextAreaElement).value).toBe('No power since noon');
  });
});

const redacted = (id: string): RecordRow => ({
  id, type: 'appeal', station: 'S1', status: 'assigned', statusGen: 0, statusHlc: null, deleted: false, createdBy: null, hlc: '1',
  clocks: {}, data: { number: '2026T-B3-0012', kind: 'complaint', channel: 'counter', receivedAt: '2026-06-10T10:00:00+08:00' },
});

describe('a redacted appeal', () => {
  it('in the list: number, type, stage and clocks; no customer, no empty boxes', async () => {
    await initI18n('en');
    render(<AppealList appeals={[redacted('a1')]} />);
    const row = screen.getByTestId('appeal-row');
    expect(row.dataset.redacted).toBe('true');
    expect(row.textContent).toContain('2026T-B3-0012');
    expect(row.textContent).toContain('Complaint');
    expect(row.textContent).toContain('Assigned');
    expect(row.querySelectorAll('[data-testid="clock-state"]')).toHaveLength(2);
    expect(row.querySelector('[data-testid="appeal-row-customer"]')).toBeNull();
    expect(row.querySelector('.appeal-subject')).toBeNull();
  });

  it('in the detail: says it is withheld, shows no identity field at all and no blank value', async () => {
    await initI18n('en');
    const id = `ap-${Math.random().toString(36).slice(2)}`;
    const r = await saveChanges([{ name: 'record.upsert', args: { type: 'appeal', id, fields: redacted(id).data, base: {} } }]);
    expect(r.ok).toBe(true);
    render(<AppealDetail id={id} />);
    const detail = await screen.findByTestId('appeal-detail');
    expect(detail.dataset.redacted).toBe('true');
    expect(screen.getByTestId('appeal-detail-number').textContent).toBe('2026T-B3-0012');
    expect(screen.getByTestId('appeal-kind').textContent).toBe('Complaint');
    expect(screen.getByTestId('appeal-withheld')).toBeTruthy();
    expect(detail.querySelectorAll('[data-testid="clock-state"]').length).toBe(2);
    for (const f of ['customerName', 'customerPhone', 'subject', 'content', 'namedStaff', 'handler', 'reply']) {
      expect(detail.querySelector(`[data-testid="appeal-${f}"]`)).toBeNull();
    }
    expect(detail.textContent).not.toContain('Customer name');
    expect(detail.textContent).not.toContain('Content');
    const values = [...detail.querySelectorAll('dd')].map((d) => d.textContent?.trim());
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => !!v)).toBe(true);
    expect(detail.querySelectorAll('input, textarea')).toHaveLength(0);
  });

  it('in full for the handler: identity and content shown', async () => {
    await initI18n('en');
    const id = `ap-${Math.random().toString(36).slice(2)}`;
    await saveChanges([{ name: 'record.upsert', args: { type: 'appeal', id, fields: { ...redacted(id).data, customerName: 'Zhang San', customerPhone: '13812345678', subject: 'Bill', content: 'Too high', handler: me() }, base: {} } },
      { name: 'record.advance', args: { type: 'appeal', id, status: 'assigned', gen: 0 } }]);
    render(<AppealDetail id={id} />);
    await screen.findByTestId('appeal-detail');
    await waitFor(() => expect(screen.getByTestId('appeal-customerName').textContent).toBe('Zhang San'));
    expect(screen.getByTestId('appeal-content').textContent).toBe('Too high');
    expect(screen.queryByTestId('appeal-withheld')).toBeNull();
    expect(screen.getByTestId('appeal-step-contacted')).toBeTruthy();
  });
});
