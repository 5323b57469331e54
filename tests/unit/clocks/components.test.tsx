import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import ICAL from 'ical.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../../src/i18n';
import { clockStore, currentClockScheduler, disasterPeriods, installClockScheduler, newId } from '../../../src/state/clocks';
import { currentDevice, installDeviceBinding, saveChanges } from '../../../src/state/device';
import { sessionStore } from '../../../src/state/session';
import { timeStore } from '../../../src/state/time';
import { ClockBadge } from '../../../src/ui/clocks/ClockBadge';
import { ClockJumpBanner } from '../../../src/ui/clocks/ClockJumpBanner';
import { ClockSummary } from '../../../src/ui/clocks/ClockSummary';
import { DisasterPeriodControl } from '../../../src/ui/clocks/DisasterPeriodControl';
import { ExportIcs } from '../../../src/ui/clocks/ExportIcs';
import { NotificationToggle } from '../../../src/ui/clocks/NotificationToggle';
import { row } from './rows';

const MIN = 60_000;
const ago = (min: number) => new Date(Date.now() - min * MIN).toISOString();

function signedIn(role: 'lineman' | 'clerk' | 'chief', userId = `u-clock-${role}-${Math.random().toString(36).slice(2, 8)}`) {
  sessionStore.setState({
    status: 'signedIn',
    session: {
      userId, username: role, name: `Name ${role}`, role, station: 'S1', deviceId: 'd1', deviceCode: 'B3', clientId: `c-${userId}`,
      accessToken: 'a', refreshToken: 'r', expiresAt: new Date(Date.now() + 3600_000).toISOString(), signedInAt: new Date().toISOString(), active: true,
    },
  });
  return userId;
}

let unbindDevice: () => void;
beforeAll(() => {
  // No server in unit tests: health and sync fail as when offline.
  vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('offline'); }));
  unbindDevice = installDeviceBinding();
});
afterAll(() => {
  unbindDevice();
  vi.unstubAllGlobals();
});
beforeEach(async () => {
  localStorage.clear();
  timeStore.setState({ offsetMs: 0, jump: null });
  await initI18n('zh-CN');
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('<ClockBadge>', () => {
  it('says how late a repair was met, in zh-CN and en, with the state as data', async () => {
    const job = row('repairJob', { areaType: 'urban', reportedAt: '2025-07-01T10:00:00+08:00', restoredAt: '2025-07-01T10:50:00+08:00' }, 'restored');
    render(<ClockBadge row={job} />);
    const el = screen.getByTestId('clock-state');
    expect(el.dataset.state).toBe('metLate');
    expect(el.dataset.rule).toBe('repair.restore.urban');
    expect(el.textContent).toContain('超时 5 分钟完成');
    expect(el.textContent).toContain('复电');
    expect(el.className).toContain('clock-metLate');
    cleanup();
    await initI18n('en');
    render(<ClockBadge row={job} />);
    expect(screen.getByTestId('clock-state').textContent).toContain('Met late by 5 min');
  });

  it('running shows the deadline and time left; overdue stands out with the time over', async () => {
    await initI18n('en');
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-07-01T10:30:00+08:00') });
    render(<ClockBadge row={row('repairJob', { areaType: 'remote', reportedAt: ago(30) })} />);
    const running = screen.getByTestId('clock-state');
    expect(running.dataset.state).toBe('running');
    expect(running.textContent).toMatch(/1 h 30 min left/);
    expect(running.textContent).toContain('Restoration 1 h 30 min left Due 7/1, 12:00');
    cleanup();
    render(<ClockBadge row={row('appeal', { kind: 'complaint', receivedAt: '2020-01-06T09:00:00+08:00' })} />);
    const states = screen.getAllByTestId('clock-state');
    expect(states.map((s) => s.dataset.state)).toEqual(['overdue', 'overdue']);
    expect(states[0]!.className).toContain('clock-overdue');
    expect(states[0]!.textContent).toMatch(/Contact customer.*Overdue by \d+ d \d+ h/);
    expect(states[0]!.getAttribute('role')).toBe('status');
    vi.useRealTimers();
  });

  it('due soon in zh-CN, and a deadline beyond the known calendar is marked provisional', async () => {
    render(<ClockBadge row={row('repairJob', { areaType: 'urban', reportedAt: ago(40) })} />);
    expect(screen.getByTestId('clock-state').dataset.state).toBe('dueSoon');
    expect(screen.getByTestId('clock-state').textContent).toMatch(/即将到期：剩余 [45] 分钟/);
    cleanup();
    render(<ClockBadge row={row('appeal', { kind: 'report', receivedAt: '2199-12-20T09:00:00+08:00' })} />);
    const el = screen.getByTestId('clock-state');
    expect(el.dataset.provisional).toBe('true');
    expect(el.textContent).toContain('暂定');
  });
});

describe('the scheduler on a signed-in device', () => {
  it('counts the open items of the user database, follows saves, exports them as .ics, and the chief declares a disaster period', async () => {
    signedIn('chief');
    await waitFor(() => expect(currentDevice()).not.toBeNull());
    const stop = installClockScheduler();
    await initI18n('en');
    render(
      <>
        <ClockSummary />
        <ExportIcs />
        <DisasterPeriodControl />
      </>,
    );
    const summary = await screen.findByTestId('clock-summary');
    expect(screen.getByTestId('clock-count-overdue').textContent).toBe('0');
    expect(screen.getByTestId('clock-monthly')).toBeTruthy();

    const jobId = newId();
    const saved = await saveChanges([
      { name: 'record.upsert', args: { type: 'repairJob', id: jobId, fields: { areaType: 'rural', reportedAt: ago(10), customerName: '王五' }, base: {} } },
      { name: 'record.upsert', args: { type: 'repairJob', id: newId(), fields: { areaType: 'urban', reportedAt: ago(60), customerName: '赵六' }, base: {} } },
    ]);
    expect(saved.ok).toBe(true);
    await waitFor(() => expect(screen.getByTestId('clock-count-overdue').textContent).toBe('1'));
    expect(screen.getByTestId('clock-count-running').textContent).toBe('1');
    expect(summary.textContent).toContain('Overdue');
    expect(currentClockScheduler()?.pendingTimers()).toBe(1);

    // Export: one VEVENT per open deadline, each with its alarm.
    const blobs: Blob[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:test';
    });
    let downloaded = '';
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloaded = this.download;
    });
    fireEvent.change(screen.getByTestId('ics-alarm'), { target: { value: '15' } });
    fireEvent.click(screen.getByTestId('export-ics'));
    expect(downloaded).toBe('stationdesk-deadlines.ics');
    const text = await blobs[0]!.text();
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
    const summaries = events.map((e) => String(e.getFirstPropertyValue('summary')));
    expect(summaries).toEqual(expect.arrayContaining(['Restoration · 王五', 'Restoration · 赵六']));
    const mine = events.find((e) => String(e.getFirstPropertyValue('uid')).startsWith(`repairJob-${jobId}`))!;
    const alarm = mine.getFirstSubcomponent('valarm')!;
    expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('-PT15M');
    expect(localStorage.getItem('stationdesk.icsAlarmMinutes')).toBe('15');
    create.mockRestore();
    click.mockRestore();

    // Restoring the overdue job takes it off the count.
    const later = clockStore.getState().items.find((i) => i.row.data.customerName === '赵六')!;
    await saveChanges([{ name: 'record.upsert', args: { type: 'repairJob', id: later.row.id, fields: { restoredAt: new Date().toISOString() }, base: {} } }]);
    await saveChanges([{ name: 'record.advance', args: { type: 'repairJob', id: later.row.id, status: 'archived', gen: 0 } }]);
    await waitFor(() => expect(screen.getByTestId('clock-count-overdue').textContent).toBe('0'));

    // Disaster period: declared, listed for stamping, ended.
    expect(screen.getByTestId('disaster-state').textContent).toBe('No disaster period declared');
    fireEvent.input(screen.getByRole('textbox'), { target: { value: '台风' } });
    fireEvent.click(screen.getByTestId('disaster-declare'));
    await waitFor(() => expect(screen.getByTestId('disaster-period').dataset.active).toBe('true'));
    const periods = await disasterPeriods();
    expect(periods).toHaveLength(1);
    expect(periods[0]).toMatchObject({ to: null, note: '台风' });
    fireEvent.click(screen.getByTestId('disaster-end'));
    await waitFor(() => expect(screen.getByTestId('disaster-period').dataset.active).toBe('false'));
    expect(typeof (await disasterPeriods())[0]?.to).toBe('string');
    stop();
  });
});

describe('banner and permission', () => {
  it('the clock-jump banner says which way and how far, and can be dismissed', async () => {
    await initI18n('en');
    render(<ClockJumpBanner />);
    expect(screen.queryByTestId('clock-jump')).toBeNull();
    timeStore.setState({ jump: { deltaMs: 2 * 3_600_000, at: Date.now() } });
    const banner = await screen.findByTestId('clock-jump');
    expect(banner.textContent).toContain('moved forward by about 120 min');
    fireEvent.click(screen.getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByTestId('clock-jump')).toBeNull());
  });

  it('asks for notification permission with a button and then says reminders are on', async () => {
    let permission: NotificationPermission = 'default';
    const requestPermission = vi.fn(async () => {
      permission = 'granted';
      return permission;
    });
    vi.stubGlobal('Notification', { get permission() { return permission; }, requestPermission });
    vi.resetModules();
    const { NotificationToggle: Toggle } = await import('../../../src/ui/clocks/NotificationToggle');
    const i18n = await import('../../../src/i18n');
    await i18n.initI18n('zh-CN');
    render(<Toggle />);
    fireEvent.click(screen.getByTestId('notify-enable'));
    await waitFor(() => expect(screen.getByTestId('notify-state').dataset.state).toBe('granted'));
    expect(screen.getByTestId('notify-state').textContent).toContain('到期提醒已开启');
    expect(requestPermission).toHaveBeenCalledTimes(1);
    vi.stubGlobal('Notification', undefined);
    expect(NotificationToggle).toBeTypeOf('function');
  });
});
