import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { launchBrowser } from './browser';
import { startCountingProxy, type CountingProxy } from './proxy';
import { freshDatabaseUrl, type RunningServer, seedStation, signIn, startAppServer, synced, waitForServiceWorker } from './server';

let browser: Browser;
let server: RunningServer;
let databaseUrl: string;

beforeAll(async () => {
  browser = await launchBrowser();
  databaseUrl = await freshDatabaseUrl();
  server = await startAppServer({ databaseUrl });
  await seedStation(server, 'S1', [
    { username: 'clerk1', role: 'clerk', name: 'Clerk Zhou' },
    { username: 'lineman1', role: 'lineman', name: 'Lineman Wang' },
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', viewport });
  const page = await context.newPage();
  return { context, page };
}

const pendingText = (page: Page) => page.getByTestId('sync-pending').textContent();

async function saveWork(page: Page, fields: { cause?: string; causeNote?: string; workDone?: string }) {
  await page.bringToFront();
  const form = page.getByTestId('work-form');
  if (fields.cause) await form.getByLabel('Cause', { exact: true }).selectOption(fields.cause);
  if (fields.causeNote !== undefined) await form.getByLabel('About the cause', { exact: true }).fill(fields.causeNote);
  if (fields.workDone !== undefined) await form.getByLabel('Work done', { exact: true }).fill(fields.workDone);
  await page.getByTestId('save-work').click();
}

async function shown(page: Page) {
  const form = page.getByTestId('work-form');
  return {
    cause: await form.getByLabel('Cause', { exact: true }).inputValue(),
    causeNote: await form.getByLabel('About the cause', { exact: true }).inputValue(),
    workDone: await form.getByLabel('Work done', { exact: true }).inputValue(),
  };
}

describe('exactly-once sync in a real browser', () => {
  it('two devices edit one job offline, survive a reload and an app update, and converge with the loser in the ledger', async () => {
    const tablet = await open({ width: 1280, height: 800 });
    const phone = await open({ width: 390, height: 844 });
    let next: RunningServer | null = null;
    // The devices reach the server through a proxy, so the sync path can be cut for the
    // service worker's Background Sync as well as for the page.
    const proxy: CountingProxy = await startCountingProxy(server.port);
    try {
      await tablet.page.goto(proxy.url);
      await signIn(tablet.page, 'clerk1');
      const form = tablet.page.getByTestId('intake-form');
      await form.getByLabel('Customer name', { exact: true }).fill('Li Si');
      await form.getByLabel('Phone', { exact: true }).fill('0731-84561234');
      await form.getByLabel('Address', { exact: true }).fill('Wangjia village');
      await form.getByLabel('Area type', { exact: true }).selectOption('urban');
      await form.getByLabel('What happened', { exact: true }).fill('Sparks at the meter box');
      await form.getByLabel('Dispatch to lineman', { exact: true }).selectOption({ label: 'Lineman Wang' });
      await form.getByTestId('intake-submit').click();
      await tablet.page.getByTestId('intake-saved').waitFor();
      await synced(tablet.page, { front: true });
      await tablet.page.getByTestId('station-jobs').getByTestId('job-row').first().click();
      await tablet.page.getByTestId('job-detail').waitFor();
      await waitForServiceWorker(tablet.page);

      await phone.page.bringToFront();
      await phone.page.goto(proxy.url);
      await signIn(phone.page, 'lineman1');
      await synced(phone.page, { front: true });
      await phone.page.getByTestId('my-jobs').getByTestId('job-row').first().click();
      await phone.page.getByTestId('job-detail').waitFor();
      await waitForServiceWorker(phone.page);

      // Both lose the network. Different fields first, then the same field: the tablet writes it later.
      await tablet.context.setOffline(true);
      await phone.context.setOffline(true);
      await saveWork(phone.page, { workDone: 'Replaced the meter box fuse' });
      await saveWork(tablet.page, { causeNote: 'Customer says it smelled of smoke' });
      await saveWork(phone.page, { cause: 'meter' });
      await new Promise((r) => setTimeout(r, 20));
      await saveWork(tablet.page, { cause: 'customerSide' });

      // A reload while the changes wait: they are still there.
      await phone.page.bringToFront();
      await phone.page.reload();
      await phone.page.getByTestId('job-detail').waitFor();
      // The count shows once the user's database has opened after the reload.
      await expect.poll(() => pendingText(phone.page), { timeout: 15_000 }).toBe('2 changes waiting to sync');

      // The station server gets a new version while the devices' sync requests still cannot get through.
      proxy.block(/^\/api\/sync\//);
      const port = server.port;
      await server.close();
      next = await startAppServer({ databaseUrl, port, distDir: inject('distDirNext') });
      for (const d of [phone, tablet]) await d.context.setOffline(false);
      for (const d of [phone, tablet]) {
        await d.page.bringToFront();
        await d.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
        const prompt = d.page.getByTestId('update-prompt');
        await prompt.waitFor({ timeout: 30_000 });
        // Wait for the reload itself: until it happens, the old page still shows the job.
        const reloaded = d.page.waitForEvent('load', { timeout: 90_000 });
        await prompt.getByRole('button', { name: 'Update and reload' }).click();
        await reloaded;
        await d.page.getByTestId('job-detail').waitFor({ timeout: 90_000 });
        await expect.poll(() => pendingText(d.page), { timeout: 15_000 }).toBe('2 changes waiting to sync');
      }
      // Still waiting on both, with the sync path cut for page and worker alike.
      expect(await pendingText(phone.page)).toBe('2 changes waiting to sync');
      expect(await pendingText(tablet.page)).toBe('2 changes waiting to sync');

      // The network heals: push, then pull, on both.
      proxy.block(null);
      await synced(phone.page, { front: true });
      await synced(tablet.page, { front: true });
      await synced(phone.page, { front: true });

      const expected = { cause: 'customerSide', causeNote: 'Customer says it smelled of smoke', workDone: 'Replaced the meter box fuse' };
      await expect.poll(() => shown(tablet.page), { timeout: 15_000 }).toEqual(expected);
      await phone.page.bringToFront();
      await expect.poll(() => shown(phone.page), { timeout: 15_000 }).toEqual(expected);

      const ledger = await next.pool.query<{ field: string; lost_value: unknown; kept_value: unknown }>(
        `SELECT field, lost_value, kept_value FROM conflicts WHERE record_type = 'repairJob'`,
      );
      expect(ledger.rows.map((r) => [r.field, r.lost_value, r.kept_value])).toEqual([['cause', 'meter', 'customerSide']]);
      const applied = await next.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM mutation_log WHERE name = 'record.upsert'`);
      // intake (1) + phone (2) + tablet (2): each applied once, whatever was retried.
      expect(Number(applied.rows[0]!.n)).toBe(5);
    } finally {
      await tablet.context.close();
      await phone.context.close();
      await proxy.close();
      if (next) server = next;
    }
  });

  it('a device offline for 14 days keeps every change and syncs it once when it returns', async () => {
    const phone = await open({ width: 390, height: 844 });
    try {
      await phone.page.clock.install({ time: new Date() });
      await phone.page.goto(server.url);
      await signIn(phone.page, 'lineman1');
      await synced(phone.page, { front: true });
      // A phone that has opened the app once has its service worker: the reloads below need it.
      await waitForServiceWorker(phone.page);
      await phone.context.setOffline(true);
      await phone.page.getByTestId('open-field-job').click();
      const form = phone.page.getByTestId('intake-form');
      await form.getByLabel('Customer name', { exact: true }).fill('Zhao Liu');
      await form.getByLabel('Phone', { exact: true }).fill('13912345678');
      await form.getByLabel('Address', { exact: true }).fill('Up the mountain road');
      await form.getByLabel('Area type', { exact: true }).selectOption('remote');
      await form.getByLabel('What happened', { exact: true }).fill('Pole leaning after landslide');
      await form.getByTestId('intake-submit').click();
      await phone.page.getByTestId('my-jobs').getByText('Zhao Liu').waitFor();

      // Two weeks without signal, the app used now and then.
      for (let day = 0; day < 14; day++) {
        await phone.page.clock.fastForward(24 * 60 * 60_000);
        await phone.page.reload();
        await phone.page.getByTestId('my-jobs').getByText('Zhao Liu').waitFor();
      }
      expect(await pendingText(phone.page)).toMatch(/^\d+ changes waiting to sync$/);

      await phone.context.setOffline(false);
      await synced(phone.page, { front: true });
      const rows = await server.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM records WHERE type = 'repairJob' AND data->>'customerName' = 'Zhao Liu'`);
      expect(Number(rows.rows[0]!.n)).toBe(1);
    } finally {
      await phone.context.close();
    }
  });
});
