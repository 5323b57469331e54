import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../../src/i18n';
import { clockStore, createClockScheduler, setBadge, showNotice, type ClockNotice } from '../../../src/state/clocks';
import { resetClockJumpAnchor } from '../../../src/state/time';
import { row } from './rows';

// 2025-07-01 10:00 Beijing; an urban repair (45 min) turns due soon after 33:45 and overdue after 45:00.
const T0 = new Date('2025-07-01T10:00:00+08:00');
const MIN = 60_000;

function grantNotifications() {
  const shown: { title: string; options?: NotificationOptions }[] = [];
  class FakeNotification {
    static permission: NotificationPermission = 'granted';
    static requestPermission = vi.fn(async () => 'granted' as NotificationPermission);
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, options });
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
  return shown;
}

beforeEach(async () => {
  localStorage.clear();
  resetClockJumpAnchor();
  await initI18n('en');
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('one scheduler, one timer ([DL7])', () => {
  it('keeps exactly one pending timer whatever the number of items, set to the next state change', () => {
    const s = createClockScheduler({ now: () => new Date(), badge: () => undefined, notify: () => undefined, refreshWhileVisible: false, chief: () => false });
    expect(vi.getTimerCount()).toBe(0);
    const rows = Array.from({ length: 500 }, (_, i) =>
      row('repairJob', { areaType: (['urban', 'rural', 'remote'] as const)[i % 3], reportedAt: new Date(T0.getTime() - (i % 50) * MIN).toISOString() }),
    );
    s.setRows(rows);
    expect(vi.getTimerCount()).toBe(1);
    // The earliest change: the urban job reported 48 min ago is already overdue; the next
    // change is the urban job reported 45 min ago turning overdue 1 ms after its deadline.
    const next = clockStore.getState().nextWakeAt;
    expect(next).toBe(T0.getTime() + 1);
    for (let i = 0; i < 20; i++) {
      s.recompute();
      s.setRows(rows);
      expect(vi.getTimerCount()).toBe(1);
    }
    vi.advanceTimersByTime(30 * MIN);
    expect(vi.getTimerCount()).toBe(1);
    s.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('moves running → due soon → overdue by itself at the exact instants, then sleeps', () => {
    const s = createClockScheduler({ now: () => new Date(), badge: () => undefined, notify: () => undefined, refreshWhileVisible: false, chief: () => false });
    s.setRows([row('repairJob', { areaType: 'urban', reportedAt: T0.toISOString() })]);
    const state = () => clockStore.getState().items[0]?.clocks[0]?.ev.state;
    expect(state()).toBe('running');
    expect(clockStore.getState().nextWakeAt).toBe(T0.getTime() + 33.75 * MIN + 1);
    vi.advanceTimersByTime(33.75 * MIN);
    expect(state()).toBe('running');
    vi.advanceTimersByTime(1);
    expect(state()).toBe('dueSoon');
    expect(clockStore.getState().summary).toMatchObject({ dueSoon: 1, dueSoonItems: 1, overdue: 0 });
    vi.advanceTimersByTime(11.25 * MIN - 1);
    expect(state()).toBe('dueSoon');
    vi.advanceTimersByTime(1);
    expect(state()).toBe('overdue');
    expect(clockStore.getState().summary).toMatchObject({ overdue: 1, overdueItems: 1 });
    expect(vi.getTimerCount()).toBe(0);
    s.dispose();
  });

  it('while visible it also wakes each minute so "time left" stays fresh, still with one timer', () => {
    const s = createClockScheduler({ now: () => new Date(), badge: () => undefined, notify: () => undefined, chief: () => false });
    s.setRows([row('repairJob', { areaType: 'remote', reportedAt: T0.toISOString() })]);
    expect(clockStore.getState().nextWakeAt).toBe(T0.getTime() + MIN);
    vi.advanceTimersByTime(5 * MIN);
    expect(vi.getTimerCount()).toBe(1);
    expect(clockStore.getState().evaluatedAt).toBe(T0.getTime() + 5 * MIN);
    s.dispose();
  });

  it('closed items never wake the app', () => {
    const s = createClockScheduler({ now: () => new Date(), badge: () => undefined, notify: () => undefined, refreshWhileVisible: false, chief: () => false });
    s.setRows([
      row('repairJob', { areaType: 'urban', reportedAt: T0.toISOString(), restoredAt: T0.toISOString() }, 'archived'),
      row('appeal', { kind: 'complaint', receivedAt: T0.toISOString(), repliedAt: T0.toISOString() }, 'replied'),
    ]);
    expect(vi.getTimerCount()).toBe(0);
    expect(clockStore.getState().items).toEqual([]);
    s.dispose();
  });

  it('[DL6] the chief also watches the monthly report on the previous month', () => {
    vi.setSystemTime(new Date('2025-08-07T15:00:00+08:00'));
    resetClockJumpAnchor();
    const s = createClockScheduler({ now: () => new Date(), badge: () => undefined, notify: () => undefined, refreshWhileVisible: false, chief: () => true });
    s.setRows([]);
    const m = clockStore.getState().monthly;
    expect(m?.month).toBe('2025-07');
    expect(m?.ev.state).toBe('dueSoon');
    expect(m?.ev.deadline?.toISOString()).toBe(new Date('2025-08-07T16:00:00+08:00').toISOString());
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(60 * MIN + 1);
    expect(clockStore.getState().monthly?.ev.state).toBe('overdue');
    s.dispose();
  });
});

describe('the app badge', () => {
  it('shows the number of overdue items and clears at zero', () => {
    const setAppBadge = vi.fn(async (_n?: number) => undefined);
    const clearAppBadge = vi.fn(async () => undefined);
    Object.assign(navigator, { setAppBadge, clearAppBadge });
    const s = createClockScheduler({ now: () => new Date(), notify: () => undefined, refreshWhileVisible: false, chief: () => false });
    const a = row('repairJob', { areaType: 'urban', reportedAt: new Date(T0.getTime() - 50 * MIN).toISOString() });
    const b = row('repairJob', { areaType: 'urban', reportedAt: new Date(T0.getTime() - 10 * MIN).toISOString() });
    s.setRows([a, b]);
    expect(setAppBadge).toHaveBeenLastCalledWith(1);
    vi.advanceTimersByTime(36 * MIN);
    expect(setAppBadge).toHaveBeenLastCalledWith(2);
    const calls = setAppBadge.mock.calls.length;
    s.recompute();
    expect(setAppBadge.mock.calls.length).toBe(calls); // unchanged count: no call
    s.setRows([]);
    expect(clearAppBadge).toHaveBeenCalledTimes(1);
    s.dispose();
    setBadge(0);
  });
});

describe('notifications', () => {
  it('notifies once per item per transition (due soon, then overdue), and not again after a restart', () => {
    const shown = grantNotifications();
    const notify = vi.fn((_n: ClockNotice) => undefined);
    const rows = [row('repairJob', { areaType: 'urban', reportedAt: T0.toISOString(), customerName: '张三' })];
    const s = createClockScheduler({ now: () => new Date(), notify, badge: () => undefined, chief: () => false });
    s.setRows(rows);
    expect(notify).not.toHaveBeenCalled();
    vi.advanceTimersByTime(34 * MIN);
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify.mock.calls[0]?.[0]).toMatchObject({ title: 'Due soon: Restoration · 张三', key: `repairJob:${rows[0]!.id}:repair.restore.urban:dueSoon` });
    s.recompute();
    s.setRows([...rows]);
    vi.advanceTimersByTime(5 * MIN);
    expect(notify).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * MIN);
    expect(notify).toHaveBeenCalledTimes(2);
    expect(notify.mock.calls[1]?.[0].title).toBe('Overdue: Restoration · 张三');
    vi.advanceTimersByTime(60 * MIN);
    s.recompute();
    expect(notify).toHaveBeenCalledTimes(2);
    s.dispose();

    // A restart (new scheduler, same device storage) does not repeat them, even though it
    // first runs before the database has answered.
    const again = createClockScheduler({ now: () => new Date(), notify, badge: () => undefined, chief: () => false });
    again.recompute();
    again.clearRows();
    expect(JSON.parse(localStorage.getItem('stationdesk.clockNotified') ?? '[]')).toHaveLength(2);
    again.setRows(rows);
    expect(notify).toHaveBeenCalledTimes(2);
    again.dispose();
    expect(shown).toEqual([]); // the injected notifier was used, not the page API
  });

  it('without permission nothing is shown, but the transition is still remembered', () => {
    grantNotifications();
    (Notification as unknown as { permission: string }).permission = 'default';
    const notify = vi.fn();
    const s = createClockScheduler({ now: () => new Date(), notify, badge: () => undefined, chief: () => false });
    s.setRows([row('repairJob', { areaType: 'urban', reportedAt: new Date(T0.getTime() - 50 * MIN).toISOString() })]);
    expect(notify).not.toHaveBeenCalled();
    expect(JSON.parse(localStorage.getItem('stationdesk.clockNotified') ?? '[]')).toHaveLength(2);
    s.dispose();
  });

  it('many at once become one summary notification', () => {
    grantNotifications();
    const notify = vi.fn();
    const s = createClockScheduler({ now: () => new Date(), notify, badge: () => undefined, chief: () => false });
    s.setRows(Array.from({ length: 6 }, () => row('repairJob', { areaType: 'urban', reportedAt: new Date(T0.getTime() - 60 * MIN).toISOString() })));
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify.mock.calls[0]?.[0]).toMatchObject({ key: 'clocks:summary', title: '6 deadlines need attention', body: '6 overdue, 0 due soon' });
    s.dispose();
  });

  it('uses the service worker registration when there is one, else new Notification', async () => {
    const shown = grantNotifications();
    const showNotification = vi.fn(async () => undefined);
    const sw = { getRegistration: vi.fn(async () => ({ showNotification })) };
    Object.defineProperty(navigator, 'serviceWorker', { value: sw, configurable: true });
    await showNotice({ key: 'k1', title: 'T', body: 'B' });
    expect(showNotification).toHaveBeenCalledWith('T', expect.objectContaining({ body: 'B', tag: 'k1' }));
    expect(shown).toEqual([]);
    sw.getRegistration.mockResolvedValue(undefined as never);
    await showNotice({ key: 'k2', title: 'T2', body: 'B2' });
    expect(shown).toEqual([{ title: 'T2', options: expect.objectContaining({ tag: 'k2' }) }]);
    Object.defineProperty(navigator, 'serviceWorker', { value: undefined, configurable: true });
  });
});
