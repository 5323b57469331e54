import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRecords } from '../../../src/db';
import { DEFAULT_RULES } from '../../../src/domain/policy';
import { initI18n } from '../../../src/i18n';
import { currentDevice } from '../../../src/state/device';
import { StationSettings } from '../../../src/ui/station/StationSettings';
import { offlineDevice } from '../appeals/session';


// No server in unit tests: what the clocks follow is exactly what is stored on this device.
offlineDevice('chief', { withClocks: true });
beforeEach(async () => {
  await initI18n('zh-CN');
});
afterEach(() => cleanup());

const rule = (id: string) => screen.getByTestId(`rule-${id}`);

function chooseFile(text: string, name = 'holidays.csv') {
  const input = screen.getByTestId('calendar-file') as HTMLInputElement;
  const file = new File([text], name, { type: 'text/csv' });
  Object.defineProperty(input, 'files', { configurable: true, value: [file] });
  fireEvent.change(input);
}

describe('<StationSettings>', () => {
  it('[DL8] names every rule in Chinese with its citation and the setting in force', async () => {
    render(<StationSettings />);
    await screen.findByTestId('rule-settings');
    for (const r of DEFAULT_RULES) {
      const item = rule(r.id);
      const name = item.querySelector('h4')!.textContent!;
      expect(name, r.id).not.toContain('station.rule');
      expect(item.textContent).toContain(r.citation);
    }
    expect(within(rule('appeal.complaint.reply')).getByTestId('rule-current').textContent).toBe('现行：5 个工作日');
    expect(within(rule('report.monthly')).getByTestId('rule-current').textContent).toBe('现行：次月 7 日 16:00');
  });

  it('[DL11][DL8] a seed alternative in one tap, then save: the rule shows the new setting and its history; bad input says why in words', async () => {
    render(<StationSettings />);
    const item = await screen.findByTestId('rule-appeal.complaint.reply');
    fireEvent.click(within(item).getByTestId('rule-change'));
    // 0 = the default, 1 = 5 calendar days (000 read literally), 2 = 7 working days (002 三.5).
    expect(within(item).getByTestId('rule-choice-2').textContent).toBe('7 个工作日（002 三.5）');
    fireEvent.input(within(item).getByLabelText('数值'), { target: { value: '0' } });
    fireEvent.click(within(item).getByTestId('rule-save'));
    expect((await within(item).findByTestId('rule-error')).textContent).toBe('时限设置不完整或不合规定：数值须为正整数。');
    fireEvent.input(within(item).getByLabelText('生效时间（北京时间；不填即现在）'), { target: { value: '2020-01-01T08:00' } });
    fireEvent.click(within(item).getByTestId('rule-choice-2'));
    fireEvent.click(within(item).getByTestId('rule-save'));
    expect((await within(item).findByTestId('rule-error')).textContent).toContain('生效时间不能早于现在');
    expect(await listRecords(currentDevice()!.db, 'policyRule')).toHaveLength(0);

    fireEvent.input(within(item).getByLabelText('生效时间（北京时间；不填即现在）'), { target: { value: '' } });
    fireEvent.click(within(item).getByTestId('rule-save'));
    await within(item).findByTestId('rule-result');
    await waitFor(() => expect(within(item).getByTestId('rule-current').textContent).toBe('现行：7 个工作日'));
    expect(within(item).getByTestId('rule-history').textContent).toMatch(/起 7 个工作日 · 现行/);
    expect(await listRecords(currentDevice()!.db, 'policyRule')).toHaveLength(1);
  });

  it('[CA9] a bad calendar file gives the reason and the line, in zh-CN and en, and saves nothing', async () => {
    render(<StationSettings />);
    await screen.findByTestId('calendar-settings');
    chooseFile('日期,类型\n2027-01-01,休\n2027-01-04,maybe\n');
    expect((await screen.findByTestId('calendar-error')).textContent).toBe('文件第 3 行无法导入：没有写明是“休”还是“班”。 （内容：maybe）');
    expect(screen.queryByTestId('calendar-save')).toBeNull();
    cleanup();
    await initI18n('en');
    render(<StationSettings />);
    await screen.findByTestId('calendar-settings');
    chooseFile('2027-01-01,off\n2027-01-08,work\n');
    expect((await screen.findByTestId('calendar-error')).textContent).toBe(
      'Line 2 of the file cannot be imported: A make-up working day is always a Saturday or Sunday; this day already is a working day — probably a typo. (found: 2027-01-08)',
    );
    expect(await listRecords(currentDevice()!.db, 'calendarYear')).toHaveLength(0);
  });

  it('[CA9][CA8] a good file shows a preview first; saving it adds the year and moves the date the calendar is known through', async () => {
    render(<StationSettings />);
    await screen.findByTestId('calendar-settings');
    expect(screen.getByTestId('calendar-known-until').textContent).toContain('2026-12-31');
    chooseFile('notice,国办发明电〔2026〕9号\n2027-01-01,休\n2027-01-02,休\n2027-01-09,班\n');
    expect((await screen.findByTestId('calendar-preview-counts')).textContent).toBe('2027 年：工作日放假 1 天，调休上班 1 天。');
    expect(screen.queryByTestId('calendar-replaces')).toBeNull();
    expect(await listRecords(currentDevice()!.db, 'calendarYear')).toHaveLength(0);
    fireEvent.click(screen.getByTestId('calendar-save'));
    await screen.findByTestId('calendar-saved');
    await waitFor(() => expect(screen.getByTestId('calendar-known-until').textContent).toContain('2027-12-31'));
    expect(screen.getByTestId('calendar-year-2027').dataset.source).toBe('imported');
    expect(screen.getByTestId('calendar-year-2026').dataset.source).toBe('shipped');
    // The same year again: the preview warns that it replaces the whole year.
    chooseFile('2027-01-01,休\n');
    expect((await screen.findByTestId('calendar-replaces')).textContent).toContain('2027');
  });
});
