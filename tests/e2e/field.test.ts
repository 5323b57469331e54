import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser';
import { contrastViolations, layoutProblemsAllTheWay } from './layout';
import { apiLogin, apiPush, upsert, type ApiMutation } from './api';
import { freshDatabaseUrl, type RunningServer, seedStation, signIn, startAppServer, synced } from './server';

// Field-ready on the phones stations really have: in-app browsers, iOS Safari, old
// browsers without Web Locks / BroadcastChannel / structuredClone, sunlight, big text, and
// a year of repair jobs on a phone with little memory.

const UA = {
  wechat: 'Mozilla/5.0 (Linux; Android 12; V2148A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230303 MMWEBID/2585 MicroMessenger/8.0.34.2340(0x2800225D) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64',
  iphoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 15_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.2 Mobile/15E148 Safari/604.1',
  android: 'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
};

let browser: Browser;
let server: RunningServer;
let linemanId = '';

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startAppServer({ databaseUrl: await freshDatabaseUrl() });
  await seedStation(server, 'S1', [
    { username: 'clerk1', role: 'clerk', name: 'Clerk Zhou' },
    { username: 'lineman1', role: 'lineman', name: 'Lineman Wang' },
    { username: 'lineman2', role: 'lineman', name: 'Lineman Li' },
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Repair jobs for a lineman, pushed by a clerk's device the way the app pushes them.
 * `minutesAgo(i)` says when job i was reported, so clocks can be running, due soon or overdue.
 */
async function seedJobs(count: number, assignee: string, opts: { prefix: string; minutesAgo: (i: number) => number }): Promise<void> {
  const clerk = await apiLogin(server, 'clerk1');
  const now = Date.now();
  for (let from = 0; from < count; from += 100) {
    const mutations: ApiMutation[] = [];
    for (let i = from; i < Math.min(count, from + 100); i++) {
      const n = String(i).padStart(5, '0');
      mutations.push(upsert('repairJob', `${opts.prefix}-${n}`, {
        customerName: `Customer ${opts.prefix} ${n}`,
        customerPhone: '13800000000',
        address: `Village ${i % 97}, group ${i % 7}, beside the transformer on the old road`,
        reportedVia: 'phone',
        reportedAt: new Date(now - opts.minutesAgo(i) * 60_000).toISOString(),
        responsibleUnit: 'S1',
        insideInstallation: false,
        areaType: i % 2 === 0 ? 'rural' : 'urban',
        description: 'No power',
        assignee,
      }));
    }
    const r = await apiPush(server, clerk, mutations, now);
    if (r.status !== 200 || r.body.lastMid !== clerk.mid) throw new Error(`push: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

async function phone(opts: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 }, ...opts });
  const page = await context.newPage();
  return { context, page };
}

async function lineman(): Promise<string> {
  if (!linemanId) linemanId = (await apiLogin(server, 'lineman1')).userId;
  return linemanId;
}

describe('in-app browsers', () => {
  it('inside WeChat the guidance to open the system browser comes before any form, in the user language, with a copy-link button', async () => {
    for (const [locale, title] of [['en-US', "Open this page in your phone's browser"], ['zh-CN', '请换到手机浏览器中打开']] as const) {
      const { context, page } = await phone({ userAgent: UA.wechat, locale, isMobile: true, hasTouch: true });
      try {
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
        await page.goto(server.url);
        const notice = page.getByTestId('in-app-notice');
        await notice.waitFor();
        expect(await notice.getByRole('heading', { level: 1 }).textContent()).toBe(title);
        expect(await notice.getAttribute('data-app')).toBe('wechat');
        // Nothing to type into that could be lost: no sign-in form, no text fields at all.
        expect(await page.getByTestId('login').count()).toBe(0);
        expect(await page.locator('input, textarea, form').count()).toBe(0);
        expect(await page.getByTestId('in-app-url').textContent()).toBe(`${server.url}/`);
        await page.getByTestId('copy-link').click();
        await page.getByTestId('copy-result').waitFor();
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${server.url}/`);
      } finally {
        await context.close();
      }
    }
  });
});

describe('installation', () => {
  it('iOS Safari, not from the Home Screen: the Add to Home Screen steps and a standing 7-day warning, before and after sign-in', async () => {
    const { context, page } = await phone({ userAgent: UA.iphoneSafari, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      await page.goto(server.url);
      await page.getByTestId('ios-install').waitFor();
      expect(await page.evaluate(() => (navigator as { standalone?: boolean }).standalone !== true && !matchMedia('(display-mode: standalone)').matches)).toBe(true);
      expect(await page.getByTestId('ios-install-steps').locator('li').count()).toBe(4);
      expect(await page.getByTestId('ios-install-steps').textContent()).toContain('Add to Home Screen');
      expect(await page.getByTestId('ios-7day-warning').textContent()).toContain('7 days');
      // The steps fold away; the warning stays.
      await page.getByTestId('ios-install-toggle').click();
      expect(await page.getByTestId('ios-install-steps').count()).toBe(0);
      expect(await page.getByTestId('ios-7day-warning').isVisible()).toBe(true);
      await signIn(page, 'lineman1');
      await page.getByTestId('home-lineman').waitFor();
      expect(await page.getByTestId('ios-7day-warning').isVisible()).toBe(true);
      expect(await page.getByTestId('install-prompt').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('Android: the browser offers an install prompt, and the Install button shows it', async () => {
    const { context, page } = await phone({ userAgent: UA.android, isMobile: true, hasTouch: true });
    try {
      await page.goto(server.url);
      await page.getByTestId('login').waitFor();
      expect(await page.getByTestId('install-prompt').count()).toBe(0);
      expect(await page.getByTestId('ios-install').count()).toBe(0);
      // What Chromium fires when the app is installable.
      await page.evaluate(() => {
        const e = new Event('beforeinstallprompt', { cancelable: true }) as Event & { prompt(): Promise<void>; userChoice: Promise<{ outcome: string }> };
        e.prompt = async () => {
          (window as unknown as { prompted: number }).prompted = ((window as unknown as { prompted?: number }).prompted ?? 0) + 1;
        };
        e.userChoice = Promise.resolve({ outcome: 'accepted' });
        window.dispatchEvent(e);
      });
      await page.getByTestId('install-button').click();
      await page.getByTestId('install-done').waitFor();
      expect(await page.evaluate(() => (window as unknown as { prompted: number }).prompted)).toBe(1);
    } finally {
      await context.close();
    }
  });
});

describe('old browsers', () => {
  it('without Web Locks, BroadcastChannel and structuredClone, a repair job is saved offline and reaches the server exactly once', async () => {
    const { context, page } = await phone({ viewport: { width: 390, height: 844 } });
    try {
      await context.addInitScript(() => {
        delete (Navigator.prototype as { locks?: unknown }).locks;
        delete (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel;
        delete (globalThis as { structuredClone?: unknown }).structuredClone;
      });
      await page.goto(server.url);
      expect(await page.evaluate(() => [typeof (navigator as { locks?: unknown }).locks, typeof BroadcastChannel, typeof structuredClone])).toEqual(['undefined', 'undefined', 'undefined']);
      await signIn(page, 'lineman1');
      await page.getByTestId('home-lineman').waitFor();
      await synced(page, { front: true });

      await context.setOffline(true);
      await page.getByTestId('open-field-job').click();
      const form = page.getByTestId('intake-form');
      await form.getByLabel('Customer name', { exact: true }).fill('Old Phone Zhao');
      await form.getByLabel('Phone', { exact: true }).fill('13912345678');
      await form.getByLabel('Address', { exact: true }).fill('Hejia village, group 2');
      await form.getByLabel('Area type', { exact: true }).selectOption('rural');
      await form.getByLabel('What happened', { exact: true }).fill('Pole leaning after the flood');
      await form.getByTestId('intake-submit').click();
      await page.getByTestId('my-jobs').getByText('Old Phone Zhao').waitFor();
      await expect.poll(() => page.getByTestId('sync-pending').textContent()).toMatch(/^\d+ changes? waiting to sync$/);

      await context.setOffline(false);
      await synced(page, { front: true });
      // A second run (as from another trigger) sends nothing again.
      await synced(page, { front: true });
      const { rows } = await server.pool.query(`SELECT count(*)::int AS n FROM records WHERE type = 'repairJob' AND data->>'customerName' = 'Old Phone Zhao'`);
      expect(rows[0].n).toBe(1);
    } finally {
      await context.close();
    }
  });
});

describe('sunlight, gloves and big text on the lineman screens', () => {
  beforeAll(async () => {
    // Running, due soon and overdue clocks, so every badge colour is on screen.
    await seedJobs(12, await lineman(), { prefix: 'sun', minutesAgo: (i) => [5, 80, 200][i % 3]! });
  });

  it('in high contrast axe finds no contrast violation (AA or the 7:1 enhanced rule) on the home with jobs, the job detail and settings; the choice is remembered', async () => {
    const { context, page } = await phone({ viewport: { width: 390, height: 844 } });
    try {
      await page.goto(server.url);
      await signIn(page, 'lineman1');
      await synced(page, { front: true });
      await page.getByTestId('my-jobs').getByTestId('job-row').first().waitFor();
      await page.getByText('Settings').click();
      await page.getByTestId('high-contrast').check();
      expect(await page.evaluate(() => document.documentElement.getAttribute('data-contrast'))).toBe('high');
      expect(await contrastViolations(page)).toEqual([]);
      await page.reload();
      await page.getByTestId('settings').waitFor();
      expect(await page.evaluate(() => document.documentElement.getAttribute('data-contrast'))).toBe('high');
      expect(await page.getByTestId('high-contrast').isChecked()).toBe(true);

      await page.getByText('StationDesk').first().click();
      await page.getByTestId('home-lineman').waitFor();
      await page.getByTestId('my-jobs').getByTestId('job-row').nth(2).waitFor();
      const states = await page.getByTestId('my-jobs').locator('[data-state]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-state')))]);
      expect(states).toEqual(expect.arrayContaining(['overdue', 'dueSoon', 'running']));
      expect(await contrastViolations(page)).toEqual([]);

      await page.getByTestId('my-jobs').getByTestId('job-row').first().click();
      await page.getByTestId('job-detail').waitFor();
      await page.getByTestId('step-accepted').click();
      await page.getByTestId('step-enRoute').waitFor();
      expect(await contrastViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('48 px targets at normal size, and at 200 % text on a 360 × 740 phone nothing is cut off, overlaps or scrolls sideways', async () => {
    const { context, page } = await phone({ isMobile: true, hasTouch: true });
    try {
      await page.goto(server.url);
      await page.getByTestId('login').waitFor();
      expect(await layoutProblemsAllTheWay(page, { minTarget: 48 })).toEqual([]);
      await signIn(page, 'lineman1');
      await synced(page, { front: true });
      await page.getByTestId('my-jobs').getByTestId('job-row').first().waitFor();
      expect(await layoutProblemsAllTheWay(page, { minTarget: 48 })).toEqual([]);

      const big = () => page.evaluate(() => {
        document.documentElement.style.fontSize = '200%';
      });
      await big();
      expect(await layoutProblemsAllTheWay(page)).toEqual([]);

      // The job detail, at each step of the lineman's flow that changes the form.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.getByTestId('my-jobs').getByTestId('job-row').nth(1).click();
      await page.getByTestId('job-detail').waitFor();
      await big();
      expect(await layoutProblemsAllTheWay(page)).toEqual([]);
      await page.getByTestId('step-accepted').click();
      await page.getByTestId('step-enRoute').click();
      await page.getByTestId('step-arrived').waitFor();
      expect(await layoutProblemsAllTheWay(page)).toEqual([]);

      // Opening a job in the field, and settings.
      await page.evaluate(() => history.back());
      await page.getByTestId('home-lineman').waitFor();
      await page.getByTestId('open-field-job').click();
      await page.getByTestId('intake-form').waitFor();
      expect(await layoutProblemsAllTheWay(page)).toEqual([]);
      await page.getByText('Settings').click();
      await page.getByTestId('settings').waitFor();
      expect(await layoutProblemsAllTheWay(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('a year of repair jobs', () => {
  it('10,000 jobs: fewer than 100 rows in the page at any point, and the list scrolls to the last one', async () => {
    const l2 = (await apiLogin(server, 'lineman2')).userId;
    await seedJobs(10_000, l2, { prefix: 'year', minutesAgo: (i) => 60 * 24 * 365 - i * 50 });
    const { context, page } = await phone();
    try {
      await page.goto(server.url);
      await signIn(page, 'lineman2');
      await synced(page, { front: true, timeout: 170_000 });
      const list = page.getByTestId('my-jobs');
      await list.getByTestId('job-row').first().waitFor();
      // "Everything synced" speaks of the outbox; the pull pages may still be arriving.
      await expect.poll(() => list.getAttribute('data-count'), { timeout: 170_000, interval: 1_000 }).toBe('10000');
      const rows = () => list.getByTestId('job-row').count();
      expect(await rows()).toBeLessThan(100);

      // Down the list a screen at a time for a while, then straight to the end.
      for (let i = 0; i < 20; i++) {
        await page.evaluate(() => window.scrollBy(0, window.innerHeight));
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        expect(await rows()).toBeLessThan(100);
        expect(await rows()).toBeGreaterThan(0);
      }
      await page.waitForFunction(() => {
        window.scrollTo(0, document.documentElement.scrollHeight);
        return document.querySelector('[data-testid="my-jobs"] [data-index="9999"]') !== null;
      }, undefined, { polling: 100, timeout: 60_000 });
      expect(await rows()).toBeLessThan(100);
      const last = list.locator('[data-index="9999"]');
      await last.scrollIntoViewIfNeeded();
      expect(await last.isVisible()).toBe(true);
      const box = (await last.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(740 + 0.5);
      // And back to the top: the first row comes back.
      await page.waitForFunction(() => {
        window.scrollTo(0, 0);
        return document.querySelector('[data-testid="my-jobs"] [data-index="0"]') !== null;
      }, undefined, { polling: 100, timeout: 30_000 });
      expect(await rows()).toBeLessThan(100);
    } finally {
      await context.close();
    }
  }, 400_000);
});
