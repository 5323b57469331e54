import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiLogin, apiPush, upsert } from './api';
import { type RunningServer, signIn, synced, useStation } from './server';

// The chief settles the conflict ledger: each entry names the record, the field, both values,
// who wrote the one that lost and when; "take the other" is a new change that reaches the
// server; the choice is kept on the server, so the chief's other device agrees.

let browser: Browser;
let server: RunningServer;

useStation(
  [
      { username: 'clerk1', role: 'clerk', name: 'Clerk Zhou' },
      { username: 'lineman1', role: 'lineman', name: 'Lineman Wang' },
      { username: 'chief1', role: 'chief', name: 'Chief Chen' },
  ],
  (b, s) => {
    browser = b;
    server = s;
  },
);

const job = (customerName: string, assignee: string) => ({
  customerName, customerPhone: '13800000000', address: 'Village 3', reportedVia: 'phone', reportedAt: new Date().toISOString(),
  responsibleUnit: 'S1', insideInstallation: false, areaType: 'rural', description: 'No power', assignee, cause: 'customerSide',
});

async function causeOnServer(id: string): Promise<unknown> {
  const r = await server.pool.query<{ cause: unknown }>(`SELECT data->'cause' AS cause FROM records WHERE type = 'repairJob' AND id = $1`, [id]);
  return r.rows[0]?.cause;
}

async function openLedger(page: Page): Promise<void> {
  await page.getByText('StationDesk').first().click();
  await page.getByTestId('open-ledger').click();
  await page.getByTestId('ledger').waitFor();
}

describe('the conflict ledger and rejections on the chief desk', () => {
  it('shows record, field, both values, who and when; take the other reaches the server; keep changes nothing; both stay settled on another device of the chief', async () => {
    const clerk = await apiLogin(server, 'clerk1');
    const lineman = await apiLogin(server, 'lineman1');
    const [takeId, keepId] = [randomUUID(), randomUUID()];
    const now = Date.now();
    // The counter records both jobs with the cause the customer gave on the phone.
    expect((await apiPush(server, clerk, [upsert('repairJob', takeId, job('Liu Bei', lineman.userId)), upsert('repairJob', keepId, job('Guan Yu', lineman.userId))], now)).status).toBe(200);
    // The lineman, offline since before that, found the meter at fault: an older write, so it loses.
    const pushed = await apiPush(server, lineman, [upsert('repairJob', takeId, { cause: 'meter' }, { cause: null }), upsert('repairJob', keepId, { cause: 'meter' }, { cause: null })], now - 60_000);
    expect(pushed.body.rejections ?? []).toEqual([]);
    // A clerk cannot declare a disaster period: the server refuses it with a reason.
    const refused = await apiPush(server, clerk, [upsert('disasterPeriod', randomUUID(), { from: new Date(now).toISOString(), to: null, note: 'storm' })]);
    expect(refused.body.rejections?.length).toBe(1);

    const tablet = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 768 } });
    const phone = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    try {
      const page = await tablet.newPage();
      await page.goto(server.url);
      await signIn(page, 'chief1');
      await synced(page, { front: true });
      await openLedger(page);
      const entries = page.getByTestId('conflict');
      await expect.poll(() => entries.count(), { timeout: 15_000 }).toBe(2);
      const take = entries.filter({ hasText: 'Liu Bei' });
      expect(await take.getByTestId('conflict-field').textContent()).toBe('Cause');
      expect(await take.getByTestId('conflict-kept').textContent()).toBe('Customer-side fault');
      expect(await take.getByTestId('conflict-lost').textContent()).toBe('Meter fault');
      expect(await take.getByTestId('conflict-who').textContent()).toBe('Lineman Wang');
      const rejection = page.getByTestId('rejection');
      await expect.poll(() => rejection.count()).toBe(1);
      expect(await rejection.getByTestId('rejection-who').textContent()).toBe('Clerk Zhou');
      const reason = (await rejection.getByTestId('rejection-reason').textContent()) ?? '';
      expect(reason).not.toMatch(/errors\.|unknown/i);
      expect(reason.length).toBeGreaterThan(5);

      await take.getByTestId('conflict-take').click();
      await entries.filter({ hasText: 'Guan Yu' }).getByTestId('conflict-keep').click();
      await expect.poll(() => entries.count()).toBe(0);
      await synced(page, { front: true });
      await expect.poll(() => causeOnServer(takeId), { timeout: 15_000 }).toBe('meter');
      expect(await causeOnServer(keepId)).toBe('customerSide');
      const settled = await server.pool.query<{ settlement: string }>(`SELECT settlement FROM conflicts WHERE record_type = 'repairJob' ORDER BY record_id = $1 DESC`, [takeId]);
      expect(settled.rows.map((r) => r.settlement)).toEqual(['take', 'keep']);

      // The chief's phone: nothing left to settle.
      const other = await phone.newPage();
      await other.goto(server.url);
      await signIn(other, 'chief1');
      await synced(other, { front: true });
      await openLedger(other);
      await other.getByText('No conflicts.').waitFor();
      expect(await other.getByTestId('conflict').count()).toBe(0);
      expect(await other.getByTestId('rejection').count()).toBe(1);
    } finally {
      await tablet.close();
      await phone.close();
    }
  });
});
