import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthContext } from '../../src/server/auth';
import { DEMO_STATION, seedDemo } from '../../src/server/demo';
import { handlePush } from '../../src/server/sync/push';
import { launchBrowser } from './browser';
import { freshDatabaseUrl, signIn, startAppServer, type RunningServer } from './server';

// Access in a real browser: first-run setup with the printed code, the demo station for
// every role, PIN unlock offline and lockout, two users on one tablet, a revoked device
// that pushes then wipes, and hostile text shown as text.

const PASS = 'demo-pass-1';
let browser: Browser;
let demo: RunningServer;
const ids = new Map<string, string>();

beforeAll(async () => {
  browser = await launchBrowser();
  demo = await startAppServer({ databaseUrl: await freshDatabaseUrl() });
  const passwords = Object.fromEntries(['chief', 'clerk1', 'clerk2', 'line1', 'line2', 'line3'].map((u) => [u, PASS]));
  await seedDemo(demo.pool, { passwords });
  for (const r of (await demo.pool.query<{ id: string; username: string }>('SELECT id, username FROM users')).rows) ids.set(r.username, r.id);
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

async function device(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US' });
  return { context, page: await context.newPage() };
}

async function synced(page: Page) {
  await page.getByTestId('sync-now').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-pending"]')?.textContent === 'Everything synced', undefined, { timeout: 30_000 });
  await page.waitForFunction(() => !(document.querySelector('[data-testid="sync-now"]') as HTMLButtonElement | null)?.disabled, undefined, { timeout: 30_000 });
}

async function waitForController(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

async function setPin(page: Page, pin: string) {
  await page.getByRole('link', { name: 'Settings' }).click();
  const form = page.getByTestId('pin-setup');
  await form.locator('input[name=new-pin]').fill(pin);
  await form.locator('input[name=repeat-pin]').fill(pin);
  await form.getByRole('button', { name: 'Save PIN' }).click();
  await page.getByTestId('pin-setup-message').getByText('PIN saved').waitFor();
}

async function enterPin(page: Page, pin: string) {
  const form = page.getByTestId('pin-unlock-form');
  await form.locator('input[name=pin]').fill(pin);
  await form.getByRole('button', { name: 'Unlock' }).click();
}

/** Record types in each user database on this browser profile, by user id. */
async function localTypes(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name?.startsWith('stationdesk-u-')) continue;
      const db: IDBDatabase = await new Promise((res, rej) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const rows: { type: string }[] = await new Promise((res) => {
        const r = db.transaction('records').objectStore('records').getAll();
        r.onsuccess = () => res(r.result as { type: string }[]);
      });
      out[info.name.slice('stationdesk-u-'.length)] = [...new Set(rows.map((x) => x.type))].sort();
      db.close();
    }
    return out;
  });
}

describe('first run', () => {
  it('sets up the station with the code the server printed, then the chief signs in', async () => {
    const fresh = await startAppServer({ databaseUrl: await freshDatabaseUrl() });
    const { context, page } = await device();
    try {
      expect(fresh.setupCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      await page.goto(fresh.url);
      const form = page.getByTestId('setup');
      await form.waitFor();
      await form.locator('input[name=code]').fill('WRONG-CODE1');
      await form.locator('input[name=stationCode]').fill('QX01');
      await form.locator('input[name=stationName]').fill('青溪供电所');
      await form.locator('input[name=username]').fill('qx-chief');
      await form.locator('input[name=name]').fill('周所长');
      await form.locator('input[name=password]').fill('first-run-pass-1');
      await form.getByRole('button', { name: 'Create the station' }).click();
      await page.getByTestId('setup-error').getByText('The setup code is wrong').waitFor();
      await form.locator('input[name=code]').fill(fresh.setupCode!);
      await form.getByRole('button', { name: 'Create the station' }).click();
      await signIn(page, 'qx-chief', 'first-run-pass-1');
      await page.getByTestId('home-chief').waitFor();
      expect(await page.getByTestId('signed-in-as').textContent()).toContain('周所长');
    } finally {
      await context.close();
      await fresh.close();
    }
  });
});

describe('the demo station', () => {
  it('lets every role sign in to its own home', async () => {
    const homes: Record<string, string> = { chief: 'home-chief', clerk1: 'home-clerk', clerk2: 'home-clerk', line1: 'home-lineman', line2: 'home-lineman', line3: 'home-lineman' };
    for (const [username, home] of Object.entries(homes)) {
      const { context, page } = await device();
      await page.goto(demo.url);
      await signIn(page, username, PASS);
      await page.getByTestId(home).waitFor();
      if (home === 'home-lineman') await page.getByTestId('my-jobs').getByTestId('job-row').first().waitFor({ timeout: 30_000 });
      await context.close();
    }
  });
});

describe('the offline PIN', () => {
  it('unlocks offline, and five wrong PINs lock the user out until an online sign-in', async () => {
    const { context, page } = await device();
    try {
      await page.goto(demo.url);
      await signIn(page, 'line3', PASS);
      await page.getByTestId('home-lineman').waitFor();
      await waitForController(page);
      await setPin(page, '2468');

      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('pin-unlock').waitFor();
      expect(await page.getByTestId('home-lineman').count()).toBe(0);
      await enterPin(page, '1111');
      await page.getByTestId('pin-error').getByText('Wrong PIN, 4 tries left').waitFor();
      await enterPin(page, '2468');
      await page.getByTestId('settings').waitFor();

      await page.getByTestId('lock-now').click();
      await page.getByTestId('pin-unlock').waitFor();
      for (let i = 0; i < 5; i++) await enterPin(page, `000${i}`);
      await page.getByTestId('pin-error').getByText('Too many wrong PINs').waitFor();
      expect(await page.locator('input[name=pin]').isDisabled()).toBe(true);
      await page.reload();
      await page.getByTestId('pin-error').getByText('Too many wrong PINs').waitFor();
      expect(await page.getByTestId('settings').count()).toBe(0);

      await page.getByTestId('pin-use-login').click();
      await context.setOffline(false);
      await signIn(page, 'line3', PASS);
      await page.getByTestId('settings').waitFor();
      // The PIN stays; the online sign-in cleared the lockout.
      await page.reload();
      await page.getByTestId('pin-unlock').waitFor();
      await enterPin(page, '2468');
      await page.getByTestId('settings').waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('a shared tablet', () => {
  it('keeps each user to their own scope, on screen and on disk', async () => {
    const { context, page } = await device();
    try {
      await page.goto(demo.url);
      await signIn(page, 'clerk2', PASS);
      await page.getByTestId('home-clerk').waitFor();
      await synced(page);
      await setPin(page, '1357');
      await page.getByTestId('sign-out').click();
      await signIn(page, 'line1', PASS);
      await page.locator('a.brand').click();
      await page.getByTestId('home-lineman').waitFor();
      await synced(page);
      await setPin(page, '8642');

      const types = await localTypes(page);
      expect(types[ids.get('clerk2')!]).toEqual(expect.arrayContaining(['repairJob', 'visit']));
      expect(types[ids.get('line1')!]).toContain('repairJob');
      expect(types[ids.get('line1')!]).not.toContain('visit');
      expect(types[ids.get('line1')!]).not.toContain('customer');

      // Switch from the lock screen: the lineman's screen is gone before the clerk's comes up.
      await page.getByTestId('lock-now').click();
      await page.getByTestId('pin-unlock').waitFor();
      expect(await page.getByTestId('my-jobs').count()).toBe(0);
      await page.getByTestId('device-user-clerk2').click();
      await enterPin(page, '1357');
      await page.getByTestId('settings').waitFor();
      expect(await page.getByTestId('signed-in-as').textContent()).toContain('吴芳');
      await page.goto(`${demo.url}/clerk`);
      await page.getByTestId('pin-unlock').waitFor();
      await enterPin(page, '1357');
      await page.getByTestId('home-clerk').waitFor();
      expect(await page.getByTestId('signed-in-as').textContent()).toContain('吴芳');
      expect(await page.getByTestId('home-lineman').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('a revoked device', () => {
  it('pushes its pending change, then wipes itself and signs out with the reason shown', async () => {
    const phone = await device();
    const desk = await device();
    try {
      await phone.page.goto(demo.url);
      await signIn(phone.page, 'line2', PASS);
      await phone.page.getByTestId('home-lineman').waitFor();
      await synced(phone.page);
      await waitForController(phone.page);

      // Offline, the lineman accepts a job: the change waits in the outbox.
      await phone.context.setOffline(true);
      const row = phone.page.getByTestId('my-jobs').locator('[data-testid=job-row]').filter({ hasText: 'Dispatched' }).first();
      const jobId = await row.getAttribute('data-job');
      await row.locator('button').first().click();
      await phone.page.getByTestId('step-accepted').click();
      await phone.page.waitForFunction(() => /^\d+ changes? waiting to sync$/.test(document.querySelector('[data-testid="sync-pending"]')?.textContent ?? ''));

      // The chief revokes the phone from the device list.
      await desk.page.goto(demo.url);
      await signIn(desk.page, 'chief', PASS);
      await desk.page.getByRole('link', { name: 'Settings' }).click();
      await desk.page.getByTestId('open-devices').click();
      const code = (await demo.pool.query("SELECT code FROM devices WHERE user_id = $1 AND name <> 'demo-seed' ORDER BY created_at DESC LIMIT 1", [ids.get('line2')])).rows[0].code;
      const card = desk.page.getByTestId(`device-${code}`);
      await card.getByTestId('device-revoke').click();
      await card.getByTestId('device-revoke-confirm').click();
      await card.getByTestId('device-revoked').waitFor();

      await phone.context.setOffline(false);
      await phone.page.getByTestId('sync-now').click().catch(() => undefined);
      await phone.page.getByTestId('wiped-notice').getByText('The chief revoked this device').waitFor({ timeout: 30_000 });
      const job = await demo.pool.query('SELECT status FROM records WHERE type = $1 AND id = $2', ['repairJob', jobId]);
      expect(job.rows[0].status).toBe('accepted');
      expect((await demo.pool.query('SELECT wipe_sent_at FROM devices WHERE code = $1', [code])).rows[0].wipe_sent_at).not.toBeNull();
      // Nothing of the user's is left: no records (a service worker run racing the wipe may
      // leave an empty shell of the database behind) and no session in the device registry.
      expect((await localTypes(phone.page))[ids.get('line2')!] ?? []).toEqual([]);
      const sessions = await phone.page.evaluate(async () => {
        const db: IDBDatabase = await new Promise((res) => {
          const r = indexedDB.open('stationdesk-device');
          r.onsuccess = () => res(r.result);
        });
        const all: { userId: string }[] = await new Promise((res) => {
          const r = db.transaction('sessions').objectStore('sessions').getAll();
          r.onsuccess = () => res(r.result as { userId: string }[]);
        });
        db.close();
        return all.map((x) => x.userId);
      });
      expect(sessions).not.toContain(ids.get('line2'));
    } finally {
      await phone.context.close();
      await desk.context.close();
    }
  });
});

describe('hostile text', () => {
  it('shows <script> and <img onerror> in a repair job as text and runs neither', async () => {
    const clerk = (await demo.pool.query<{ id: string; client_id: string }>("SELECT d.id, d.client_id FROM devices d JOIN users u ON u.id = d.user_id WHERE u.username = 'clerk1' AND d.name = 'demo-seed'")).rows[0]!;
    const auth: AuthContext = { userId: ids.get('clerk1')!, role: 'clerk', station: DEMO_STATION.code, deviceId: clerk.id, clientId: clerk.client_id };
    const last = (await demo.pool.query<{ last_mid: number }>('SELECT last_mid FROM clients WHERE client_id = $1', [clerk.client_id])).rows[0]!.last_mid;
    const name = '<img src=x onerror="window.__xss=1">';
    const desc = '<script>window.__xss=2</script>';
    const hlc = `${String(Date.now()).padStart(15, '0')}-000000-xss`;
    const r = await handlePush(demo.pool, auth, {
      clientId: clerk.client_id, schemaVersion: 1,
      device: { pending: 1, oldestPendingAt: null, appVersion: 't', storageUsed: null, storageQuota: null, clockOffsetMs: 0 },
      mutations: [
        { mid: last + 1, name: 'record.upsert', args: { type: 'repairJob', id: 'xss-job', fields: { customerName: name, description: desc, address: '<b>bold</b>', areaType: 'rural', reportedAt: new Date().toISOString(), assignee: ids.get('line3') }, base: {} }, hlc },
        { mid: last + 2, name: 'record.advance', args: { type: 'repairJob', id: 'xss-job', status: 'dispatched', gen: 0 }, hlc: hlc.replace('-000000-', '-000001-') },
      ],
    });
    expect((r.body as { rejections: unknown[] }).rejections).toEqual([]);
    const { context, page } = await device();
    try {
      await page.goto(demo.url);
      await signIn(page, 'line3', PASS);
      const row = page.locator('[data-job="xss-job"]');
      await row.waitFor({ timeout: 30_000 });
      expect(await row.textContent()).toContain(name);
      await row.locator('button').first().click();
      const detail = page.getByTestId('job-detail');
      await detail.getByText(name).waitFor();
      expect(await detail.textContent()).toContain(desc);
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await page.locator('b', { hasText: 'bold' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
