import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type RunningServer, signIn, useStation } from './server';

// Hygiene zones and the shift handover (issue 8) on three devices, each working offline and
// meeting the others only through sync: the chief sets up zones and the rota, the outgoing
// lineman cleans one zone of two, the incoming lineman inspects after the shift's end (his
// phone's clock moved on while offline), fails the other with a photo, the handover carries
// the open repair job and the re-clean, and the re-clean, passed, closes the zone's duty.
//
// Trusted time follows the server whenever a device is online, so the shift times are set
// from the real time: the outgoing shift ends ten minutes from the start of the test, and
// the next starts hours later (the incoming inspection happens in between).

let browser: Browser;
let server: RunningServer;

useStation(
  [
      { username: 'chief1', role: 'chief', name: 'Chief Li' },
      { username: 'lineman1', role: 'lineman', name: 'Lineman Wang' },
      { username: 'lineman2', role: 'lineman', name: 'Lineman Zhao' },
  ],
  (b, s) => {
    browser = b;
    server = s;
  },
);

interface Device {
  context: BrowserContext;
  page: Page;
}

async function device(viewport: { width: number; height: number }): Promise<Device> {
  const context = await browser.newContext({ locale: 'en-US', viewport });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`pageerror: ${e.message}`));
  // Starts at the server's time, so the learned offset is about zero.
  await page.clock.install({ time: new Date() });
  return { context, page };
}

async function synced(d: Device) {
  await d.page.bringToFront();
  await d.context.setOffline(false);
  await d.page.getByTestId('sync-now').click();
  await d.page.waitForFunction(() => document.querySelector('[data-testid="sync-pending"]')?.textContent === 'Everything synced', undefined, { timeout: 30_000 });
}

/**
 * Before the network goes: the staff directory is fetched and kept, and the service worker
 * controls the page (it serves every screen's chunk offline).
 */
async function staffCached(d: Device) {
  await d.page.waitForFunction(() => (JSON.parse(localStorage.getItem('stationdesk.staff.S1') ?? '[]') as unknown[]).length === 3, undefined, { timeout: 30_000 });
  await d.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

/** Syncs until what another device wrote shows here (a pull may still be on its way). */
async function syncUntil(d: Device, target: Locator) {
  for (let i = 0; i < 10; i++) {
    await synced(d);
    try {
      await target.waitFor({ timeout: 3_000 });
      return;
    } catch {
      // Not pulled yet: sync again.
    }
  }
  try {
    await target.waitFor({ timeout: 3_000 });
  } catch (e) {
    throw new Error(`${(e as Error).message}\nwhat the device holds: ${await deviceState(d)}`);
  }
}

/**
 * For a failure: the sync badge, the device's sync state and its handover rows, read from
 * IndexedDB directly. It says whether the pull never brought the row or the screen missed it.
 */
async function deviceState(d: Device): Promise<string> {
  const badge = await d.page.getByTestId('sync-badge').textContent().catch(() => null);
  const held = await d.page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((x) => x.name ?? '').filter((n) => n.startsWith('stationdesk-u-'));
    const out: unknown[] = [];
    for (const name of names) {
      const db: IDBDatabase = await new Promise((res, rej) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const all = (store: string) => new Promise<unknown[]>((res) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => res(r.result);
        r.onerror = () => res([String(r.error)]);
      });
      const state = (await all('syncState')).map((x) => ({ ...(x as object) }));
      const handovers = (await all('records')).filter((r) => (r as { type: string }).type === 'handover').map((r) => ({ id: (r as { id: string }).id, status: (r as { status: string }).status }));
      out.push({ name, state, handovers });
      db.close();
    }
    return out;
  }).catch((e: unknown) => String(e));
  return JSON.stringify({ badge, held });
}

async function offline(d: Device) {
  await d.page.bringToFront();
  await d.context.setOffline(true);
  await d.page.getByTestId('net-status').getByText('Offline').waitFor();
}

const BEIJING = 8 * 60;
const hhmm = (min: number) => {
  const m = ((min % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** A small photo made by the page's own canvas. */
async function jpeg(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 640;
    c.height = 480;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#8a6d3b';
    ctx.fillRect(0, 0, 640, 480);
    ctx.fillStyle = '#222';
    ctx.fillRect(100, 300, 200, 80);
    const blob: Blob = await new Promise((r) => c.toBlob((b) => r(b!), 'image/jpeg', 0.9));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (const x of bytes) s += String.fromCharCode(x);
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

function dutyCard(page: Page, kind: 'shift' | 'reclean', status: string): Locator {
  return page.getByTestId('zone-open-duties').locator(`[data-testid="zone-duty"][data-kind="${kind}"][data-status="${status}"]`);
}

async function openZone(page: Page, name: string) {
  await page.getByTestId('rota').locator(`[data-testid="rota-row"][data-zone-name="${name}"]`).getByTestId('rota-open').click();
  await page.getByTestId('zone-detail').waitFor();
}

describe('hygiene zones and the shift handover', () => {
  it('inspection passes one zone and fails the other with a photo; the handover carries the job and the re-clean; the re-clean passed closes the duty; all offline, converging by sync', async () => {
    const tablet = await device({ width: 1280, height: 800 });
    const outgoing = await device({ width: 390, height: 844 });
    const incoming = await device({ width: 390, height: 844 });
    try {
      const startMs = Date.now();
      const bjMin = Math.floor(((startMs / 60_000) + BEIJING) % 1440);
      const shiftA = `${hhmm(bjMin - 240)}-${hhmm(bjMin + 10)}`;
      const shiftB = `${hhmm(bjMin + 300)}-${hhmm(bjMin + 600)}`;
      // The weekly clean-up three days from now: nothing of it is due during the test.
      const inThreeDays = new Date(startMs + 3 * 86_400_000 + BEIJING * 60_000);
      const weeklyDay = String(((inThreeDays.getUTCDay() + 6) % 7) + 1);

      // ---- The chief: settings, two zones, the rota, and a job for the outgoing lineman; offline.
      await tablet.page.goto(server.url);
      await signIn(tablet.page, 'chief1');
      await tablet.page.getByTestId('home-chief').waitFor();
      await tablet.page.getByTestId('nav-zones').click();
      await tablet.page.getByTestId('zones-page').waitFor();
      await tablet.page.getByTestId('zone-settings').waitFor();
      await staffCached(tablet);
      await offline(tablet);

      const settings = tablet.page.getByTestId('zone-settings');
      await settings.getByLabel('Shift times', { exact: true }).fill(`${shiftA}, ${shiftB}`);
      await settings.getByLabel('Weekly clean-up day', { exact: true }).selectOption(weeklyDay);
      await settings.getByLabel('Weekly clean-up time', { exact: true }).fill(hhmm(bjMin));
      await settings.getByTestId('settings-submit').click();
      await settings.getByText('Settings saved.').waitFor();

      const zoneForm = tablet.page.getByTestId('zone-form');
      for (const [name, kind] of [['Business hall', 'hall'], ['Yard', 'yard']] as const) {
        await zoneForm.getByLabel('Zone name', { exact: true }).fill(name);
        await zoneForm.getByLabel('Kind', { exact: true }).selectOption(kind);
        await zoneForm.getByTestId('zone-submit').click();
        await zoneForm.getByText(`Saved: ${name}`).waitFor();
      }
      for (const name of ['Business hall', 'Yard']) {
        const row = tablet.page.getByTestId('rota').locator(`[data-testid="rota-row"][data-zone-name="${name}"]`);
        await row.getByLabel('Holder', { exact: true }).selectOption({ label: 'Lineman Wang' });
        await row.getByTestId('assign-submit').click();
        await row.getByText('Assigned.').waitFor();
        await expect.poll(() => row.getByTestId('rota-holder').textContent()).toBe('Lineman Wang');
      }
      // The current shift's duties are made on this device too (same ids as anywhere else).
      await expect.poll(() => tablet.page.getByTestId('open-duties').locator('[data-testid="duty-row"][data-kind="shift"]').count(), { timeout: 15_000 }).toBe(2);

      await tablet.page.getByTestId('nav-home').click();
      await tablet.page.getByTestId('switch-clerk').click();
      const form = tablet.page.getByTestId('intake-form');
      await form.getByLabel('Customer name', { exact: true }).fill('Zhang San');
      await form.getByLabel('Phone', { exact: true }).fill('13812345678');
      await form.getByLabel('Address', { exact: true }).fill('Lijia village, group 3');
      await form.getByLabel('Area type', { exact: true }).selectOption('remote');
      await form.getByLabel('What happened', { exact: true }).fill('Meter box burnt');
      // The crew on the current shift (here: who holds its zone duties) is offered first.
      await expect.poll(() => form.getByTestId('crew-on-duty').locator('option').allTextContents(), { timeout: 15_000 }).toEqual(['Lineman Wang']);
      await form.getByLabel('Dispatch to lineman', { exact: true }).selectOption({ label: 'Lineman Wang' });
      await form.getByTestId('intake-submit').click();
      await tablet.page.getByTestId('intake-saved').waitFor();
      await synced(tablet);

      // ---- The outgoing lineman: cleans the hall before his shift ends, not the yard; offline.
      await outgoing.page.bringToFront();
      await outgoing.page.goto(server.url);
      await signIn(outgoing.page, 'lineman1');
      const mine = outgoing.page.getByTestId('my-duty-list');
      await syncUntil(outgoing, mine.locator('[data-testid="duty-row"][data-kind="shift"]').nth(1));
      await staffCached(outgoing);
      expect(await mine.locator('[data-testid="duty-row"][data-kind="shift"]').count()).toBe(2);
      await offline(outgoing);
      const hall = mine.locator('[data-testid="duty-row"][data-kind="shift"]', { hasText: 'Business hall' });
      await hall.getByTestId('mark-cleaned').click();
      await mine.locator('[data-testid="duty-row"][data-kind="shift"][data-status="cleaned"]', { hasText: 'Business hall' }).waitFor();
      await synced(outgoing);

      // ---- The incoming lineman: after the shift's end, offline, walks both zones.
      await incoming.page.bringToFront();
      await incoming.page.goto(server.url);
      await signIn(incoming.page, 'lineman2');
      await synced(incoming);
      await staffCached(incoming);
      await offline(incoming);
      await incoming.page.clock.fastForward('30:00');
      await incoming.page.getByTestId('nav-zones').click();
      await incoming.page.getByTestId('zones-page').waitFor();

      await openZone(incoming.page, 'Business hall');
      const cleaned = dutyCard(incoming.page, 'shift', 'cleaned');
      await cleaned.getByTestId('start-inspection').click();
      await cleaned.getByTestId('inspection-submit').click();
      await incoming.page.getByTestId('inspection-done').getByText('Passed and signed off.').waitFor();
      await incoming.page.getByTestId('zone-state').and(incoming.page.locator('[data-state="clear"]')).waitFor();

      await incoming.page.getByText('Back to the zones').click();
      await openZone(incoming.page, 'Yard');
      const uncleaned = dutyCard(incoming.page, 'shift', 'due');
      await uncleaned.locator('[data-testid="clock-state"][data-state="overdue"]').waitFor();
      await uncleaned.getByTestId('start-inspection').click();
      await uncleaned.getByTestId('item-0-fail').check();
      await uncleaned.getByTestId('inspection-photo-input').setInputFiles({ name: 'yard.jpg', mimeType: 'image/jpeg', buffer: await jpeg(incoming.page) });
      await uncleaned.getByTestId('inspection-photo-ready').waitFor({ timeout: 30_000 });
      await uncleaned.getByLabel('Note', { exact: true }).fill('Litter by the gate');
      await uncleaned.getByTestId('inspection-submit').click();
      await incoming.page.getByTestId('inspection-done').getByText('Failed: a re-clean is open for the holder.').waitFor();
      const reclean = dutyCard(incoming.page, 'reclean', 'due');
      await reclean.getByTestId('reclean-deadline').waitFor();
      await reclean.locator('[data-testid="clock-state"]').waitFor();
      await expect.poll(() => incoming.page.getByTestId('zone-state').getAttribute('data-state')).toBe('reclean');
      await incoming.page.getByTestId('zone-history').locator('[data-testid="zone-duty"][data-status="failed"] [data-testid="zone-photo-thumb"]').waitFor();
      await synced(incoming);

      // ---- The outgoing lineman hands over: the open job and the re-clean, a note each; offline.
      await syncUntil(outgoing, outgoing.page.getByTestId('my-duty-list').locator('[data-testid="duty-row"][data-kind="reclean"]'));
      await offline(outgoing);
      await outgoing.page.getByTestId('nav-handover').first().click();
      const hform = outgoing.page.getByTestId('handover-form');
      const items = hform.getByTestId('handover-item');
      await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(2);
      expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-item-type')))).toEqual(['repairJob', 'zoneDuty']);
      expect(await items.nth(1).getAttribute('data-item-id')).toMatch(/^rc-/);
      await items.nth(0).getByTestId('handover-item-note').fill('Meter ordered, fit it tomorrow');
      await items.nth(1).getByTestId('handover-item-note').fill('Yard gate litter, I will redo it');
      await hform.getByLabel('Hand over to', { exact: true }).selectOption({ label: 'Lineman Zhao' });
      await hform.getByTestId('handover-submit').click();
      await hform.getByTestId('handover-saved').waitFor();
      await synced(outgoing);

      // ---- The incoming lineman confirms both on his own phone; his home chases them first.
      await incoming.page.bringToFront();
      await incoming.page.getByText('Back to the zones').click();
      await incoming.page.getByTestId('nav-home').click();
      const first = incoming.page.getByTestId('handed-to-me-home');
      await syncUntil(incoming, first.getByTestId('handover-waiting'));
      await offline(incoming);
      await first.getByTestId('go-confirm').click();
      const pending = incoming.page.getByTestId('handover-pending');
      await pending.waitFor();
      expect(await pending.getByTestId('pending-item-title').allTextContents()).toEqual(['Zhang San, Lijia village, group 3', 'Yard · re-clean']);
      expect(await pending.getByTestId('pending-item-note').allTextContents()).toEqual(['Meter ordered, fit it tomorrow', 'Yard gate litter, I will redo it']);
      expect(await pending.getByTestId('handover-confirm').isDisabled()).toBe(true);
      for (const box of await pending.getByTestId('confirm-item').all()) await box.check();
      await pending.getByTestId('handover-confirm').click();
      await incoming.page.getByTestId('handover-history').locator('[data-testid="handover-record"][data-status="confirmed"]').waitFor();
      await incoming.page.getByTestId('nav-home').click();
      const handed = incoming.page.getByTestId('handed-to-me-home').getByTestId('handed-item');
      await expect.poll(() => handed.count(), { timeout: 15_000 }).toBe(2);
      // Handed items come first on the home, before the incoming lineman's own lists.
      const order = await incoming.page.getByTestId('home-lineman').evaluate((main) => {
        const a = main.querySelector('[data-testid="handed-to-me-home"]')!;
        const b = main.querySelector('[data-testid="my-duties"]')!;
        return Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      expect(order).toBe(true);
      await synced(incoming);

      // ---- The re-clean: done by its holder, passed by the incoming shift, both offline.
      await synced(outgoing);
      await offline(outgoing);
      await outgoing.page.getByTestId('nav-home').click();
      const rcRow = outgoing.page.getByTestId('my-duty-list').locator('[data-testid="duty-row"][data-kind="reclean"]');
      await rcRow.getByTestId('mark-cleaned').click();
      await outgoing.page.getByTestId('my-duty-list').locator('[data-testid="duty-row"][data-kind="reclean"][data-status="cleaned"]').waitFor();
      await synced(outgoing);

      await incoming.page.bringToFront();
      await incoming.page.getByTestId('nav-zones').click();
      await openZone(incoming.page, 'Yard');
      const recleaned = dutyCard(incoming.page, 'reclean', 'cleaned');
      await syncUntil(incoming, recleaned);
      await offline(incoming);
      await recleaned.getByTestId('start-inspection').click();
      await recleaned.getByTestId('inspection-submit').click();
      await incoming.page.getByTestId('inspection-done').getByText('Passed and signed off.').waitFor();
      await incoming.page.getByTestId('zone-state').and(incoming.page.locator('[data-state="clear"]')).waitFor();
      await incoming.page.getByTestId('zone-history').locator('[data-testid="zone-duty"][data-status="failed"] [data-testid="duty-resolved"]').waitFor();
      await synced(incoming);

      // ---- The chief, after sync: the handover record with both names and the time; the yard clear.
      // First on the server (the incoming phone's push), then on the chief's tablet (its pull):
      // if this ever fails again, the two steps say which side lost it.
      await expect.poll(async () => (await server.pool.query<{ status: string }>(`SELECT status FROM records WHERE type = 'handover'`)).rows.map((r) => r.status), { timeout: 15_000 }).toEqual(['confirmed']);
      await synced(tablet);
      await tablet.page.goto(`${server.url}/handover`);
      const record = tablet.page.getByTestId('handover-history').locator('[data-testid="handover-record"][data-status="confirmed"]');
      await syncUntil(tablet, record);
      const h = await server.pool.query<{ data: { at: string; confirmedAt: string }; status: string }>(`SELECT data, status FROM records WHERE type = 'handover'`);
      expect(h.rows).toHaveLength(1);
      expect(h.rows[0]!.status).toBe('confirmed');
      const fmt = (iso: string) => new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
      expect(await record.getByTestId('handover-record-line').textContent()).toBe(`Lineman Wang handed over to Lineman Zhao at ${fmt(h.rows[0]!.data.at)}`);
      expect(await record.getByTestId('handover-record-status').textContent()).toBe(`Confirmed by Lineman Zhao at ${fmt(h.rows[0]!.data.confirmedAt)}`);
      expect(await record.getByTestId('handover-record-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-type')))).toEqual(['repairJob', 'zoneDuty']);

      await tablet.page.goto(`${server.url}/zones`);
      const yard = tablet.page.getByTestId('rota').locator('[data-testid="rota-row"][data-zone-name="Yard"]');
      await syncUntil(tablet, yard.locator('[data-testid="zone-state"][data-state="clear"]'));

      // The server holds one of everything: no duty made twice by two devices.
      const duties = await server.pool.query<{ id: string; status: string; data: Record<string, string> }>(`SELECT id, status, data FROM records WHERE type = 'zoneDuty' AND data->>'kind' <> 'weekly' ORDER BY id`);
      const shiftDuties = duties.rows.filter((d) => d.data.kind === 'shift');
      expect(shiftDuties.map((d) => d.status).sort()).toEqual(['failed', 'passed']);
      const failed = shiftDuties.find((d) => d.status === 'failed')!;
      const rc = duties.rows.filter((d) => d.data.kind === 'reclean');
      expect(rc).toHaveLength(1);
      expect(rc[0]!.status).toBe('passed');
      expect(rc[0]!.data.origin).toBe(failed.id);
      expect(Date.parse(rc[0]!.data.dueAt!) - Date.parse(failed.data.inspectedAt!)).toBe(2 * 3_600_000);
      expect(failed.data.resolvedBy).toBe(rc[0]!.id);
      expect(Date.parse(failed.data.inspectedAt!)).toBeGreaterThan(Date.parse(failed.data.dueAt!));
      const photo = await server.pool.query<{ sha: string }>(`SELECT data->>'sha256' AS sha FROM children WHERE type = 'photo' AND parent_type = 'zoneDuty'`);
      expect(photo.rows).toHaveLength(1);
      const blob = await server.pool.query(`SELECT 1 FROM blobs WHERE sha256 = $1`, [photo.rows[0]!.sha]);
      expect(blob.rowCount).toBe(1);
      const kinds = await server.pool.query<{ type: string; n: string }>(`SELECT type, count(*)::text AS n FROM records WHERE type IN ('zone', 'zoneAssignment', 'repairJob') GROUP BY type ORDER BY type`);
      expect(Object.fromEntries(kinds.rows.map((r) => [r.type, Number(r.n)]))).toEqual({ repairJob: 1, zone: 2, zoneAssignment: 2 });
    } catch (e) {
      // What each screen showed when it failed, for the report.
      for (const [name, d] of [['tablet', tablet], ['outgoing', outgoing], ['incoming', incoming]] as const) {
        await d.page.screenshot({ path: `/tmp/zones-e2e-${name}.png`, fullPage: true }).catch(() => undefined);
      }
      throw e;
    } finally {
      await tablet.context.close();
      await outgoing.context.close();
      await incoming.context.close();
    }
  });
});
