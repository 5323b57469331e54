import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { OFFICIAL_CALENDAR, addWorkingDays, beijingDate } from '../../src/domain/calendar';
import { readCalendarFile } from '../../src/domain/calendar-file';
import { calendarYearId } from '../../src/domain/station-settings';
import { type RunningServer, signIn, synced, useStation } from './server';

// The chief changes the complaint reply limit and imports a year's calendar making a
// working day a holiday; after syncing, a clerk's tablet counts a complaint received after
// the change by the new number and skips the new holiday, while one received before keeps
// its deadline. A bad calendar file gives a translated reason and saves nothing.

let browser: Browser;
let server: RunningServer;

useStation(
  [
      { username: 'chief1', role: 'chief', name: 'Chief Li' },
      { username: 'clerk1', role: 'clerk', name: 'Clerk Zhou' },
  ],
  (b, s) => {
    browser = b;
    server = s;
  },
);

async function device(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  return { context, page: await context.newPage() };
}

async function registerComplaint(page: Page, subject: string): Promise<string> {
  const shown = page.getByTestId('appeal-number');
  const before = (await shown.count()) > 0 ? ((await shown.textContent()) ?? '') : '';
  const form = page.getByTestId('appeal-form');
  await form.locator('#a-channel').selectOption('counter');
  await form.locator('#a-kind').selectOption('complaint');
  await form.locator('#a-customerName').fill('Zhang San');
  await form.locator('#a-customerPhone').fill('13812345678');
  await form.locator('#a-subject').fill(subject);
  await form.locator('#a-content').fill('The bill doubled this month.');
  await form.getByTestId('appeal-submit').click();
  await page.waitForFunction((old) => {
    const n = document.querySelector('[data-testid="appeal-number"]')?.textContent?.trim();
    return !!n && n !== old;
  }, before.trim());
  return (await page.getByTestId('appeal-number').textContent())!.trim();
}

/** The month/day of the reply deadline the clerk's list shows for an appeal ("Due 12/1, 23:59"). */
async function shownReplyDay(page: Page, number: string): Promise<string> {
  const row = page.getByTestId('appeal-list').getByTestId('appeal-row').filter({ hasText: number });
  const text = (await row.locator('[data-rule="appeal.complaint.reply"] .clock-deadline').textContent()) ?? '';
  const m = /(\d{1,2})\/(\d{1,2})/.exec(text);
  return m ? `${Number(m[1])}/${Number(m[2])}` : text;
}
const monthDay = (d: Date) => {
  const [, mm, dd] = beijingDate(d).split('-');
  return `${Number(mm)}/${Number(dd)}`;
};

async function receivedAt(number: string): Promise<Date> {
  const { rows } = await server.pool.query<{ at: string }>("SELECT data->>'receivedAt' AS at FROM records WHERE type = 'appeal' AND data->>'number' = $1", [number]);
  return new Date(rows[0]!.at);
}

describe("the chief's station settings on every device", () => {
  it('a new reply limit and an imported holiday reach the clerk after sync: a complaint started after follows them, one started before keeps its deadline; a bad file is refused', async () => {
    // The 6th working day from today becomes a holiday; the reply limit goes from 5 to 6
    // working days, so the new complaint is due one working day later than 6 would give.
    const holiday = beijingDate(addWorkingDays(new Date(), 6));
    const year = Number(holiday.slice(0, 4));
    const shipped = OFFICIAL_CALENDAR.years[String(year)];
    const file = ['日期,类型,说明', ...[...(shipped?.off ?? []), holiday].map((d) => `${d},休,`), ...(shipped?.workdays ?? []).map((d) => `${d},班,`)].join('\r\n');
    const read = readCalendarFile(OFFICIAL_CALENDAR, file);
    if (!read.ok) throw new Error(read.reason);
    const imported = read.calendar;

    const tablet = await device();
    const desk = await device();
    try {
      // The clerk registers a complaint before any change.
      await tablet.page.bringToFront();
      await tablet.page.goto(server.url);
      await signIn(tablet.page, 'clerk1');
      await tablet.page.getByTestId('home-clerk').waitFor();
      await tablet.page.getByTestId('nav-appeals').click();
      const before = await registerComplaint(tablet.page, 'Before the change');
      await synced(tablet.page);

      // The chief: station settings from the home screen.
      await desk.page.bringToFront();
      await desk.page.goto(server.url);
      await signIn(desk.page, 'chief1');
      await desk.page.getByTestId('open-station-settings').click();
      await desk.page.getByTestId('station-settings').waitFor();
      const reply = desk.page.getByTestId('rule-appeal.complaint.reply');
      await expect.poll(() => reply.getByTestId('rule-current').textContent()).toBe('Now: 5 working day(s)');
      await reply.getByTestId('rule-change').click();
      await reply.getByLabel('Amount').fill('6');
      await reply.getByTestId('rule-save').click();
      await reply.getByTestId('rule-result').waitFor();
      await expect.poll(() => reply.getByTestId('rule-current').textContent()).toBe('Now: 6 working day(s)');

      // A bad file: the reason in English, with its line; nothing to save.
      const input = desk.page.getByTestId('calendar-file');
      await input.setInputFiles({ name: 'holidays.csv', mimeType: 'text/csv', buffer: Buffer.from(`${year}-01-01,休\n${year}-13-01,休\n`) });
      await expect.poll(() => desk.page.getByTestId('calendar-error').textContent()).toBe(
        `Line 2 of the file cannot be imported: The date is not written as a date or does not exist (write it like 2027-01-01). (found: ${year}-13-01)`,
      );
      expect(await desk.page.getByTestId('calendar-save').count()).toBe(0);

      // The real file: preview first, then save.
      await input.setInputFiles({ name: 'holidays.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${file}`) });
      await expect.poll(() => desk.page.getByTestId('calendar-preview-counts').textContent()).toBe(
        `${year}: ${imported.years[String(year)]!.off.length} weekday holidays, ${shipped?.workdays.length ?? 0} make-up working days.`,
      );
      await desk.page.getByTestId('calendar-save').click();
      await desk.page.getByTestId('calendar-saved').waitFor();
      await expect.poll(() => desk.page.getByTestId(`calendar-year-${year}`).getAttribute('data-source')).toBe('imported');
      await synced(desk.page);
      const stored = await server.pool.query<{ id: string; off: string[] }>("SELECT id, data->'off' AS off FROM records WHERE type = 'calendarYear'");
      expect(stored.rows).toHaveLength(1);
      expect(stored.rows[0]!.id).toBe(calendarYearId('S1', year));
      expect(stored.rows[0]!.off).toContain(holiday);
      expect((await server.pool.query("SELECT 1 FROM records WHERE type = 'policyRule'")).rowCount).toBe(1);

      // The clerk syncs, then registers a complaint after the change.
      await tablet.page.bringToFront();
      await synced(tablet.page);
      const after = await registerComplaint(tablet.page, 'After the change');
      await synced(tablet.page);
      const [startBefore, startAfter] = [await receivedAt(before), await receivedAt(after)];
      const newDue = addWorkingDays(startAfter, 6, imported);
      // The new holiday lies inside the new complaint's window and moves its deadline.
      expect(newDue.getTime()).toBeGreaterThan(addWorkingDays(startAfter, 6, OFFICIAL_CALENDAR).getTime());
      await expect.poll(() => shownReplyDay(tablet.page, after), { timeout: 15_000 }).toBe(monthDay(newDue));
      // The complaint received before keeps 5 working days, unmoved by the holiday after it.
      const oldDue = addWorkingDays(startBefore, 5, OFFICIAL_CALENDAR);
      expect(addWorkingDays(startBefore, 5, imported).getTime()).toBe(oldDue.getTime());
      expect(await shownReplyDay(tablet.page, before)).toBe(monthDay(oldDue));
    } finally {
      await tablet.context.close();
      await desk.context.close();
    }
  });
});
