import type { BrowserContext, Page } from 'playwright-core';
import type { Env } from './lib';

/** A fresh context and page on the harness, ready when window.__bench is. */
export async function harnessPage(env: Env): Promise<{ context: BrowserContext; page: Page }> {
  const server = await env.harnessServer();
  const browser = await env.browser();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => document.title === 'bench harness ready', undefined, { timeout: 60_000 });
  return { context, page };
}
