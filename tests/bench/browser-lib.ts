import type { BrowserContext, Page } from 'playwright-core';
import { PASSWORD } from './lib';

// Browser steps shared by the Chromium benchmarks.

export const PHONE = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', hasTouch: true, isMobile: true, deviceScaleFactor: 2 } as const;

export async function signIn(page: Page, username: string): Promise<void> {
  const form = page.getByTestId('login');
  await form.waitFor({ timeout: 60_000 });
  await form.locator('input[name=username]').fill(username);
  await form.locator('input[name=password]').fill(PASSWORD);
  await form.locator('button[type=submit]').click();
  await page.getByTestId('signed-in-as').waitFor({ timeout: 60_000 });
}

/** The service worker has installed (shell precached) and controls the page. */
export async function swControls(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (reg.active?.state !== 'activated') await new Promise<void>((r) => reg.active!.addEventListener('statechange', () => r()));
  });
}

/**
 * Records, relative to the navigation's start, the first moment `selector` is in the
 * document with a layout box. Installed on the context, so it runs before any page script.
 */
export async function installReadyProbe(context: BrowserContext, selector: string): Promise<void> {
  // A string, not a function: tsx's name helpers do not exist inside the page.
  await context.addInitScript(`(() => {
    const sel = ${JSON.stringify(selector)};
    const check = () => {
      if (window.__ready !== undefined) return;
      const el = document.querySelector(sel);
      if (el && el.getBoundingClientRect().height > 0) {
        window.__ready = performance.now();
        obs.disconnect();
      }
    };
    const obs = new MutationObserver(check);
    obs.observe(document, { childList: true, subtree: true });
  })();`);
}

/** One cold start: a new tab, CPU slowed `rate` times, navigation to `url`; ms until the probe fired. */
export async function coldStart(context: BrowserContext, url: string, rate: number): Promise<number> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    await page.waitForFunction(() => (window as unknown as { __ready?: number }).__ready !== undefined, undefined, { timeout: 60_000, polling: 50 });
    return await page.evaluate(() => (window as unknown as { __ready: number }).__ready);
  } finally {
    await page.close();
  }
}
