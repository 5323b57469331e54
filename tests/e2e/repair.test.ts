import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type RunningServer, signIn, synced, useStation } from './server';

let browser: Browser;
let server: RunningServer;

// 10:00 Beijing on a Wednesday: the controlled clock both devices start from.
const T0 = new Date('2026-06-10T02:00:00.000Z');

useStation(
  [
      { username: 'clerk1', role: 'clerk', name: 'Clerk Zhou' },
      { username: 'lineman1', role: 'lineman', name: 'Lineman Wang' },
  ],
  (b, s) => {
    browser = b;
    server = s;
  },
);

async function device(viewport: { width: number; height: number }, extra: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', viewport, ...extra });
  const page = await context.newPage();
  await page.clock.install({ time: T0 });
  return { context, page };
}

/** A camera-sized JPEG: noise keeps the encoder from squeezing it below 3 MB. */
async function bigJpeg(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 4000;
    c.height = 3000;
    const ctx = c.getContext('2d')!;
    const img = ctx.createImageData(c.width, c.height);
    let seed = 12345;
    for (let i = 0; i < img.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      img.data[i] = seed & 255;
      img.data[i + 1] = (seed >>> 8) & 255;
      img.data[i + 2] = (seed >>> 16) & 255;
      img.data[i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    const blob: Blob = await new Promise((r) => c.toBlob((b) => r(b!), 'image/jpeg', 0.95));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

describe('a repair job from the counter to the pole', () => {
  it('clerk dispatches online; the lineman works it offline; the clerk sees it archived, late by 5 minutes, with photo, timeline and return visit', async () => {
    const tablet = await device({ width: 1280, height: 800 });
    const phone = await device({ width: 390, height: 844 }, { permissions: ['geolocation'], geolocation: { latitude: 27.12345, longitude: 112.54321 }, hasTouch: true });
    try {
      // The clerk records and dispatches a rural fault.
      await tablet.page.goto(server.url);
      await signIn(tablet.page, 'clerk1');
      await tablet.page.getByTestId('home-clerk').waitFor();
      const form = tablet.page.getByTestId('intake-form');
      await form.getByLabel('Customer name', { exact: true }).fill('Zhang San');
      await form.getByLabel('Phone', { exact: true }).fill('13812345678');
      await form.getByLabel('Address', { exact: true }).fill('Lijia village, group 3');
      await form.getByLabel('Area type', { exact: true }).selectOption('rural');
      await form.getByLabel('What happened', { exact: true }).fill('No power in the whole house since the storm');
      await form.getByLabel('Dispatch to lineman', { exact: true }).selectOption({ label: 'Lineman Wang' });
      await form.getByTestId('intake-submit').click();
      await tablet.page.getByTestId('intake-saved').waitFor();
      await synced(tablet.page);

      // The lineman signs in, receives the job, then loses signal.
      // Each device is in front while used: a page in the background gets no animation frames.
      await phone.page.bringToFront();
      await phone.page.goto(server.url);
      await signIn(phone.page, 'lineman1');
      await synced(phone.page);
      const row = phone.page.getByTestId('my-jobs').getByTestId('job-row');
      await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
      await phone.context.setOffline(true);

      await row.first().click();
      const detail = phone.page.getByTestId('job-detail');
      await detail.waitFor();
      await phone.page.getByTestId('step-accepted').click();
      await phone.page.getByTestId('step-enRoute').click();
      await phone.page.getByText('Record my position').click();
      await phone.page.getByTestId('step-arrived').click();
      await phone.page.getByTestId('step-restored').waitFor();

      const jpeg = await bigJpeg(phone.page);
      expect(jpeg.length).toBeGreaterThanOrEqual(3 * 1024 * 1024);
      await phone.page.getByTestId('photo-input').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: jpeg });
      await phone.page.getByTestId('photo-saved').waitFor({ timeout: 30_000 });
      const storedBytes = await phone.page.evaluate(async () => {
        const dbs = await indexedDB.databases();
        const name = dbs.map((d) => d.name!).find((n) => n.startsWith('stationdesk-u-'))!;
        return new Promise<number[]>((resolve) => {
          const open = indexedDB.open(name);
          open.onsuccess = () => {
            const tx = open.result.transaction('blobs', 'readonly');
            const all = tx.objectStore('blobs').getAll();
            all.onsuccess = () => resolve((all.result as { blob: Blob }[]).map((b) => b.blob.size));
          };
        });
      });
      expect(storedBytes).toHaveLength(1);
      expect(storedBytes[0]).toBeLessThan(500 * 1024);
      console.log(`photo: ${jpeg.length} bytes taken, ${storedBytes[0]} bytes stored`);

      await phone.page.getByTestId('work-form').getByLabel('Cause', { exact: true }).selectOption('lineFault');
      await phone.page.getByLabel('About the cause', { exact: true }).fill('Drop wire torn by a fallen branch');
      await phone.page.getByLabel('Work done', { exact: true }).fill('Replaced 20 m of drop wire');
      await phone.page.getByTestId('save-work').click();
      const mat = phone.page.getByTestId('material-form');
      await mat.getByLabel('Material', { exact: true }).fill('Drop wire');
      await mat.getByLabel('Quantity', { exact: true }).fill('20');
      await mat.getByLabel('Unit', { exact: true }).fill('m');
      await mat.getByRole('button', { name: 'Add material' }).click();
      await phone.page.getByTestId('materials').getByText('Drop wire').waitFor();

      const pad = phone.page.getByTestId('signature-pad');
      await pad.scrollIntoViewIfNeeded();
      const box = (await pad.boundingBox())!;
      await phone.page.mouse.move(box.x + 20, box.y + 40);
      await phone.page.mouse.down();
      for (let i = 1; i <= 10; i++) await phone.page.mouse.move(box.x + 20 + i * 25, box.y + 40 + (i % 2) * 30);
      await phone.page.mouse.up();
      await phone.page.getByLabel('Name of the person signing', { exact: true }).fill('Zhang San');
      await phone.page.getByTestId('save-signature').click();
      await phone.page.getByTestId('signature-done').waitFor();

      // Power back at minute 95 of a 90-minute rural clock.
      // fastForward fires the timers it passes, so screens keep rendering after the jump.
      const phoneNow = await phone.page.evaluate(() => Date.now());
      await phone.page.clock.fastForward(T0.getTime() + 95 * 60_000 - phoneNow);
      await phone.page.getByTestId('step-restored').click();
      await phone.page.getByText('Met late by 5 min').first().waitFor();
      await phone.page.getByTestId('step-archived').click();
      await phone.page.getByTestId('return-visit').waitFor();
      await expect.poll(() => phone.page.getByTestId('detail-status').textContent()).toBe('Archived');

      // Back in signal: everything goes up exactly once.
      await phone.context.setOffline(false);
      await synced(phone.page);

      await tablet.page.bringToFront();
      await synced(tablet.page);
      await tablet.page.getByTestId('station-jobs').getByTestId('job-row').first().click();
      const t = tablet.page.getByTestId('job-detail');
      await t.waitFor();
      await expect.poll(() => tablet.page.getByTestId('detail-status').textContent()).toBe('Archived');
      await t.getByText('Met late by 5 min').waitFor();
      await t.getByTestId('photo-thumb').waitFor({ timeout: 30_000 });
      const steps = await t.getByTestId('timeline').locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-status')));
      expect(steps).toEqual(['registered', 'dispatched', 'accepted', 'enRoute', 'arrived', 'restored', 'archived']);
      await t.getByTestId('timeline').getByText('at 27.12345, 112.54321').waitFor();
      await t.getByTestId('materials').getByText('Drop wire').waitFor();
      await t.getByTestId('signature-done').getByText('Signed by Zhang San').waitFor();
      // The visit is due 24 hours after the archive, as the archiving device stamped it (trusted time).
      const { rows: [saved] } = await server.pool.query<{ archived: string; due: string }>(
        `SELECT j.data->>'archivedAt' AS archived, v.data->>'dueAt' AS due FROM records j JOIN records v ON v.id = 'rv-' || j.id WHERE j.type = 'repairJob'`,
      );
      expect(Date.parse(saved!.due) - Date.parse(saved!.archived)).toBe(24 * 3600_000);
      const due = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(saved!.due));
      await expect.poll(() => t.getByTestId('return-visit').textContent()).toBe(`Return visit due by ${due}`);

      // Exactly once on the server: one job, one visit, one photo.
      const counts = await server.pool.query<{ type: string; n: string }>(`SELECT type, count(*)::text AS n FROM records GROUP BY type ORDER BY type`);
      expect(Object.fromEntries(counts.rows.map((r) => [r.type, Number(r.n)]))).toEqual({ repairJob: 1, visit: 1 });
    } finally {
      await tablet.context.close();
      await phone.context.close();
    }
  });
});
