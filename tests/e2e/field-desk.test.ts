import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contrastViolations, layoutProblemsAllTheWay } from './layout';
import { type RunningServer, signIn, synced, useStation } from './server';

// The counter's and the chief's screens in sunlight and with big text: the clerk works on a
// tablet by the window, the chief reads the desk on a tablet or a phone in the evening.

let browser: Browser;
let server: RunningServer;

useStation(
  [
      { username: 'clerk1', role: 'clerk', name: 'Clerk Zhou' },
      { username: 'chief1', role: 'chief', name: 'Chief Chen' },
      { username: 'lineman1', role: 'lineman', name: 'Lineman Wang' },
  ],
  (b, s) => {
    browser = b;
    server = s;
  },
);

async function device(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', viewport, isMobile: viewport.width < 600, hasTouch: true });
  return { context, page: await context.newPage() };
}

const big = (page: Page) => page.evaluate(() => {
  document.documentElement.style.fontSize = '200%';
});

/** A repair job and a complaint from the counter, so the lists and the desk have rows. */
async function registerWork(page: Page): Promise<void> {
  const form = page.getByTestId('intake-form');
  await form.getByLabel('Customer name', { exact: true }).fill('Wang Dawei of the third village group');
  await form.getByLabel('Phone', { exact: true }).fill('13912345678');
  await form.getByLabel('Address', { exact: true }).fill('Beside the old transformer on the mountain road, group 3');
  await form.getByLabel('Area type', { exact: true }).selectOption('rural');
  await form.getByLabel('What happened', { exact: true }).fill('No power since the storm, the wire is down across the road');
  await form.getByLabel('Dispatch to lineman', { exact: true }).selectOption({ label: 'Lineman Wang' });
  await form.getByTestId('intake-submit').click();
  await page.getByTestId('intake-saved').waitFor();
  await synced(page, { front: true });
}

describe('sunlight and big text on the counter and the chief screens', () => {
  it('the clerk on a tablet: in high contrast no contrast violation, and at 200 % text nothing is cut off, overlaps or scrolls sideways on the home, the appeal register and the customers', async () => {
    const { context, page } = await device({ width: 800, height: 1280 });
    try {
      await page.goto(server.url);
      await signIn(page, 'clerk1');
      await page.getByTestId('home-clerk').waitFor();
      await registerWork(page);
      await page.getByTestId('station-jobs').getByTestId('job-row').first().waitFor();
      await page.locator('.topbar').getByText('Settings', { exact: true }).click();
      await page.getByTestId('high-contrast').check();
      await page.getByText('StationDesk').first().click();
      await page.getByTestId('home-clerk').waitFor();
      expect(await contrastViolations(page)).toEqual([]);
      await big(page);
      expect(await layoutProblemsAllTheWay(page)).toEqual([]);
      for (const [nav, screen] of [['nav-appeals', 'appeals-page'], ['nav-visits', 'visits-page'], ['nav-customers', 'customers-page']] as const) {
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.getByTestId(nav).first().click();
        await page.getByTestId(screen).waitFor();
        expect(await contrastViolations(page)).toEqual([]);
        expect(await layoutProblemsAllTheWay(page)).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });

  it('the chief on a phone: in high contrast no contrast violation, and at 200 % text nothing is cut off, overlaps or scrolls sideways on the desk, the monthly report and the ledger', async () => {
    const { context, page } = await device({ width: 360, height: 740 });
    try {
      await page.goto(server.url);
      await signIn(page, 'chief1');
      await page.getByTestId('home-chief').waitFor();
      await synced(page, { front: true });
      await page.locator('.topbar').getByText('Settings', { exact: true }).click();
      await page.getByTestId('high-contrast').check();
      await page.getByText('StationDesk').first().click();
      await page.getByTestId('desk-overview').waitFor();
      expect(await contrastViolations(page)).toEqual([]);
      await big(page);
      expect(await layoutProblemsAllTheWay(page)).toEqual([]);
      for (const [nav, screen] of [['open-report', 'monthly-report'], ['open-ledger', 'ledger']] as const) {
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.getByText('StationDesk').first().click();
        await page.getByTestId(nav).click();
        await page.getByTestId(screen).waitFor();
        expect(await contrastViolations(page)).toEqual([]);
        expect(await layoutProblemsAllTheWay(page)).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });
});
