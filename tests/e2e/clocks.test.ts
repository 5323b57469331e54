import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser';
import { freshDatabaseUrl, seedStation, signIn, startAppServer, type RunningServer } from './server';

// The regulation clocks in a real browser with a controlled clock: an urban repair job
// (45 min, 001 问卷 Q2) goes running → due soon → overdue on screen without a reload,
// the app badge follows, and the exported .ics holds the deadline with its alarm.
// Needs <ClockSummary/> and <ExportIcs/> mounted on the clerk's home.

let browser: Browser;
let server: RunningServer;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startAppServer({ databaseUrl: await freshDatabaseUrl() });
  await seedStation(server, 'S1', [{ username: 'clerk1', role: 'clerk', name: 'Clerk Zhou' }]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function count(page: Page, state: 'running' | 'dueSoon' | 'overdue', n: number) {
  await page.waitForFunction(
    ([s, v]) => document.querySelector(`[data-testid="clock-summary"] [data-testid="clock-count-${s}"]`)?.textContent === v,
    [state, String(n)] as const,
    { timeout: 30_000 },
  );
}

describe('regulation clocks in the browser', () => {
  it('an open repair job turns due soon, then overdue, on screen and on the app badge; the .ics export carries its deadline and alarm', async () => {
    const context = await browser.newContext({ locale: 'en-US', acceptDownloads: true });
    try {
      const page = await context.newPage();
      // Record what the app puts on its icon badge.
      await page.addInitScript(() => {
        const w = window as unknown as { __badges: number[] };
        w.__badges = [];
        Object.defineProperty(navigator, 'setAppBadge', { configurable: true, value: (n?: number) => (w.__badges.push(n ?? 0), Promise.resolve()) });
        Object.defineProperty(navigator, 'clearAppBadge', { configurable: true, value: () => (w.__badges.push(0), Promise.resolve()) });
      });
      // The controlled clock starts at the server's time, so the learned offset is ~0;
      // the device then goes offline and only the device clock moves (as in the field).
      await page.clock.install({ time: new Date() });
      await page.goto(server.url);
      await signIn(page, 'clerk1');
      await page.getByTestId('home-clerk').waitFor();
      await page.getByTestId('clock-summary').waitFor();
      await count(page, 'running', 0);

      const form = page.getByTestId('intake-form');
      await form.getByLabel('Customer name', { exact: true }).fill('Zhang San');
      await form.getByLabel('Phone', { exact: true }).fill('13812345678');
      await form.getByLabel('Address', { exact: true }).fill('Lijia village, group 3');
      await form.getByLabel('Area type', { exact: true }).selectOption('urban');
      await form.getByLabel('What happened', { exact: true }).fill('No power since the storm');
      const before = await page.evaluate(() => Date.now());
      await form.getByTestId('intake-submit').click();
      await page.getByTestId('intake-saved').waitFor();
      const after = await page.evaluate(() => Date.now());
      await count(page, 'running', 1);

      // Let the save reach the server (its pull also measures the offset), then go offline.
      await page.getByTestId('sync-now').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="sync-pending"]')?.textContent === 'Everything synced', undefined, { timeout: 30_000 });
      await context.setOffline(true);
      const badges = () => page.evaluate(() => (window as unknown as { __badges: number[] }).__badges.slice());
      expect((await badges()).filter((n) => n > 0)).toEqual([]);

      // Less than a quarter of 45 min left after 33 min 45 s.
      await page.clock.fastForward('34:00');
      await count(page, 'dueSoon', 1);
      await count(page, 'running', 0);
      expect((await badges()).filter((n) => n > 0)).toEqual([]);

      await page.clock.fastForward('12:00');
      await count(page, 'overdue', 1);
      await count(page, 'dueSoon', 0);
      await page.waitForFunction(() => (window as unknown as { __badges: number[] }).__badges.includes(1), undefined, { timeout: 30_000 });
      expect(await page.getByTestId('clock-count-overdue').evaluate((el) => el.closest('li')?.className)).toContain('clock-overdue');

      // The calendar file: the deadline (report time + 45 min, seconds kept) with a 30-minute alarm.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ics').click()]);
      expect(download.suggestedFilename()).toBe('stationdesk-deadlines.ics');
      const text = readFileSync(await download.path(), 'utf8');
      const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
      expect(events).toHaveLength(1);
      const ev = new ICAL.Event(events[0]!);
      expect(ev.summary).toBe('Restoration · Zhang San');
      const start = ev.startDate.toJSDate().getTime();
      expect(start).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 45 * 60_000);
      expect(start).toBeLessThanOrEqual(after + 45 * 60_000);
      const alarm = events[0]!.getFirstSubcomponent('valarm')!;
      expect(String(alarm.getFirstPropertyValue('action'))).toBe('DISPLAY');
      expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('-PT30M');
    } finally {
      await context.close();
    }
  });
});
