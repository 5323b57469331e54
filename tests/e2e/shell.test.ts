import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { launchBrowser } from './browser';
import { startCountingProxy, type CountingProxy } from './proxy';
import { freshDatabaseUrl, type RunningServer, seedStation, signIn, startAppServer, waitForServiceWorker } from './server';

let browser: Browser;
let server: RunningServer;
let databaseUrl: string;

beforeAll(async () => {
  browser = await launchBrowser();
  databaseUrl = await freshDatabaseUrl();
  server = await startAppServer({ databaseUrl });
  await seedStation(server, 'S1', [{ username: 'chief1', role: 'chief', name: '李所长' }]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Requests for the app itself (pages, code, styles, locales): the service worker serves them all offline. */
const shellRequests = (proxy: CountingProxy) => proxy.requests.filter((r) => !/^\w+ \/api\//.test(r));

describe('foundation in a real browser', () => {
  it('starts offline from a cold start with nothing of the app fetched from the server, and moves between the role homes', async () => {
    const proxy: CountingProxy = await startCountingProxy(server.port);
    const context = await browser.newContext({ locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      await page.goto(proxy.url);
      await signIn(page, 'chief1');
      await page.getByTestId('home-chief').waitFor();
      await waitForServiceWorker(page);

      // No signal: the browser says offline, and the line to the server is cut as well. The
      // emulated offline state can miss a fetch that falls through a service worker that has
      // just restarted (CI once saw its GET /api/health arrive); a phone without signal has
      // no such gap.
      await context.setOffline(true);
      proxy.block(/./);
      proxy.requests.length = 0;
      await page.reload();
      await page.getByTestId('home-chief').waitFor();
      expect(await page.getByTestId('net-status').textContent()).toContain('离线');
      expect(shellRequests(proxy)).toEqual([]);

      await page.getByTestId('switch-lineman').click();
      await page.getByTestId('home-lineman').waitFor();
      await page.getByTestId('switch-clerk').click();
      await page.getByTestId('home-clerk').waitFor();
      await page.getByTestId('switch-chief').click();
      await page.getByTestId('home-chief').waitFor();

      // A deep link opened offline still gets the shell, and the chosen role is remembered.
      await page.goto(`${proxy.url}/clerk`);
      await page.getByTestId('home-clerk').waitFor();
      await page.reload();
      await page.getByTestId('home-clerk').waitFor();

      // The other languages are precached too.
      await page.getByTestId('lang-select').selectOption('en');
      await page.getByText('Counter register').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(shellRequests(proxy)).toEqual([]);
    } finally {
      await context.close();
      await proxy.close();
    }
  });

  it('follows the browser language: English for en-US, Chinese for zh-CN', async () => {
    for (const [locale, lang, text] of [
      ['en-US', 'en', 'Sign in'],
      ['zh-CN', 'zh-CN', '首次在本机使用须联网登录'],
      ['zh-TW', 'zh-TW', '首次在本機使用須連網登入'],
    ] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.getByText(text).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await context.close();
    }
  });

  it('offers to reload when a new version is waiting', async () => {
    const own = await startAppServer({ databaseUrl });
    const port = own.port;
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(`http://localhost:${port}/`);
      await signIn(page, 'chief1');
      await page.goto(`http://localhost:${port}/settings`);
      await waitForServiceWorker(page);
      await page.getByTestId('settings').waitFor();
      const before = await page.getByText(/^Version /).textContent();
      expect(before).not.toContain('next');

      await own.close();
      const next = await startAppServer({ databaseUrl, port, distDir: inject('distDirNext') });
      try {
        await page.evaluate(async () => {
          const reg = await navigator.serviceWorker.getRegistration();
          await reg?.update();
        });
        const prompt = page.getByTestId('update-prompt');
        await prompt.waitFor({ timeout: 30_000 });
        await prompt.getByRole('button', { name: 'Update and reload' }).click();
        await page.getByText(/^Version .*next/).waitFor({ timeout: 30_000 });
      } finally {
        await next.close();
      }
    } finally {
      await context.close();
    }
  });
});
