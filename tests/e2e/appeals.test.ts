import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type RunningServer, signIn, synced, useStation, waitForServiceWorker } from './server';

let browser: Browser;
let server: RunningServer;

useStation(
  [
      { username: 'chief1', role: 'chief', name: 'Chief Li' },
      { username: 'clerk1', role: 'clerk', name: 'Clerk Zhou' },
      { username: 'clerk2', role: 'clerk', name: 'Clerk Chen' },
      { username: 'lineman1', role: 'lineman', name: 'Lineman Wang' },
  ],
  (b, s) => {
    browser = b;
    server = s;
  },
);

async function device(viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', viewport });
  const page = await context.newPage();
  // A controlled clock from the server's own time, so the offset the device learns is ~0.
  await page.clock.install({ time: new Date() });
  return { context, page };
}

const beijingYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

async function register(page: Page, a: { kind: string; name: string; phone: string; subject: string; content: string; namedStaff?: string }): Promise<string> {
  await page.getByTestId('nav-appeals').click();
  const form = page.getByTestId('appeal-form');
  await form.waitFor();
  await form.locator('#a-channel').selectOption('counter');
  await form.locator('#a-kind').selectOption(a.kind);
  await form.locator('#a-customerName').fill(a.name);
  await form.locator('#a-customerPhone').fill(a.phone);
  await form.locator('#a-subject').fill(a.subject);
  await form.locator('#a-content').fill(a.content);
  if (a.namedStaff) await form.locator('#a-namedStaff').selectOption({ label: a.namedStaff });
  await form.getByTestId('appeal-submit').click();
  const number = (await page.getByTestId('appeal-number').textContent())!.trim();
  return number;
}

function openAppeal(page: Page, number: string) {
  return page.getByTestId('appeal-list').getByTestId('appeal-row').filter({ hasText: number }).click();
}

describe('appeals from the counter to a closed case', () => {
  it('two offline clerks number their complaints at once; the chief assigns; the handler contacts, replies, visits with the survey and closes, every clock met on time', async () => {
    const tablet1 = await device();
    const tablet2 = await device();
    const desk = await device();
    const NUMBER_RE = new RegExp(`^${beijingYear()}T-([0-9A-Z]{2,})-(\\d{4})$`);
    try {
      // Clerk 1 at the counter, offline: the number is on screen at once.
      await tablet1.page.bringToFront();
      await tablet1.page.goto(server.url);
      await signIn(tablet1.page, 'clerk1');
      await tablet1.page.getByTestId('home-clerk').waitFor();
      await synced(tablet1.page);
      // A tablet that has opened the app once has its service worker and every screen.
      await waitForServiceWorker(tablet1.page);
      await tablet1.context.setOffline(true);
      const n1 = await register(tablet1.page, { kind: 'complaint', name: 'Zhang San', phone: '13812345678', subject: 'Meter reading too high', content: 'The bill doubled this month with no change in use.' });
      expect(n1).toMatch(NUMBER_RE);
      expect(n1.length).toBeLessThanOrEqual(16);
      expect(await tablet1.page.getByTestId('appeal-saved').textContent()).toContain(n1);

      // Clerk 2 on another tablet, also offline.
      await tablet2.page.bringToFront();
      await tablet2.page.goto(server.url);
      await signIn(tablet2.page, 'clerk2');
      await tablet2.page.getByTestId('home-clerk').waitFor();
      await synced(tablet2.page);
      // A tablet that has opened the app once has its service worker and every screen.
      await waitForServiceWorker(tablet2.page);
      await tablet2.context.setOffline(true);
      const n2 = await register(tablet2.page, { kind: 'complaint', name: 'Li Si', phone: '13987654321', subject: 'Rude answer at the counter', content: 'Was told to come back another day without a reason.' });
      expect(n2).toMatch(NUMBER_RE);
      expect(n2).not.toBe(n1);
      const [, code1, seq1] = NUMBER_RE.exec(n1)!;
      const [, code2, seq2] = NUMBER_RE.exec(n2)!;
      expect(code1).not.toBe(code2);
      expect([seq1, seq2]).toEqual(['0001', '0001']);

      // Back online: both numbers reach the server unchanged.
      await tablet2.context.setOffline(false);
      await synced(tablet2.page);
      await tablet1.page.bringToFront();
      await tablet1.context.setOffline(false);
      await synced(tablet1.page);
      const stored = await server.pool.query<{ number: string }>(`SELECT data->>'number' AS number FROM records WHERE type = 'appeal' ORDER BY 1`);
      expect(stored.rows.map((r) => r.number)).toEqual([n1, n2].sort());
      await tablet1.page.getByTestId('appeal-list').getByText(n1).waitFor();

      // Clerk 2 sees clerk 1's case only as number, type, stage and clocks.
      await tablet2.page.bringToFront();
      await synced(tablet2.page);
      const other = tablet2.page.getByTestId('appeal-list').getByTestId('appeal-row').filter({ hasText: n1 });
      await other.waitFor();
      expect(await other.getAttribute('data-redacted')).toBe('true');
      expect(await other.textContent()).not.toContain('Zhang San');
      expect(await other.getByTestId('appeal-row-customer').count()).toBe(0);

      // The chief assigns clerk 1's complaint to clerk 1.
      await desk.page.bringToFront();
      await desk.page.goto(server.url);
      await signIn(desk.page, 'chief1');
      await desk.page.getByTestId('home-chief').waitFor();
      await synced(desk.page);
      await desk.page.getByTestId('nav-appeals').click();
      await openAppeal(desk.page, n1);
      await desk.page.getByTestId('appeal-detail').waitFor();
      await desk.page.getByTestId('assign-select').selectOption({ label: 'Clerk Zhou' });
      await expect.poll(() => desk.page.getByTestId('appeal-detail-status').textContent()).toBe('Assigned');
      await synced(desk.page);

      // The handler works the case.
      const p = tablet1.page;
      await p.bringToFront();
      await synced(p);
      await openAppeal(p, n1);
      await p.getByTestId('appeal-detail').waitFor();
      expect(await p.getByTestId('appeal-detail-number').textContent()).toBe(n1);
      await expect.poll(() => p.getByTestId('appeal-detail-status').textContent()).toBe('Assigned');
      await expect.poll(() => p.getByTestId('appeal-handler').textContent()).toBe('Clerk Zhou');
      await p.getByTestId('appeal-step-contacted').click();
      await p.getByTestId('reply-text').fill('Meter checked on site: reading correct; explained the tiered tariff.');
      await p.getByTestId('appeal-step-replied').click();
      await p.getByTestId('appeal-follow-up').waitFor();

      // The follow-up visit with the survey.
      await p.getByTestId('open-follow-up').click();
      await p.getByTestId('visit-detail').waitFor();
      expect(await p.getByTestId('visit-customer-name').textContent()).toBe('Zhang San');
      await p.locator('#v-outcome').selectOption('noAnswer');
      await p.getByTestId('add-attempt').click();
      await p.getByTestId('visit-attempts').locator('li[data-outcome="noAnswer"]').waitFor();
      await p.locator('#v-outcome').selectOption('reached');
      await p.locator('#v-note').fill('Customer satisfied with the explanation');
      await p.getByTestId('add-attempt').click();
      const finish = p.getByTestId('finish-form');
      await finish.waitFor();
      for (let q = 1; q <= 8; q++) await finish.getByTestId(`survey-q${q}`).getByLabel(q === 2 ? 'Fairly satisfied' : 'Satisfied', { exact: true }).check();
      await finish.getByTestId('survey-q9').locator('select').selectOption('sms');
      await finish.getByTestId('survey-q10').locator('textarea').fill('Explain the tariff on the bill');
      await p.getByTestId('finish-visit').click();
      await expect.poll(() => p.getByTestId('visit-status').textContent()).toBe('Done');
      await p.getByTestId('survey-answers').waitFor();

      // Back to the case: followed up, then closed.
      await p.getByTestId('visit-open-appeal').click();
      await p.getByTestId('appeal-detail').waitFor();
      await expect.poll(() => p.getByTestId('appeal-detail-status').textContent()).toBe('Followed up');
      await p.getByTestId('appeal-step-closed').click();
      await p.getByTestId('appeal-closed').waitFor();
      await expect.poll(() => p.getByTestId('appeal-detail-status').textContent()).toBe('Closed');
      const clocks = p.getByTestId('appeal-detail').getByTestId('clock-state');
      await expect.poll(() => clocks.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-rule')}=${e.getAttribute('data-state')}`))).toEqual([
        'appeal.complaint.contact=metOnTime',
        'appeal.complaint.reply=metOnTime',
        'appeal.followUp=metOnTime',
      ]);
      const steps = await p.getByTestId('appeal-timeline').locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-status')));
      expect(steps).toEqual(['registered', 'assigned', 'contacted', 'replied', 'followedUp', 'closed']);

      // Everything reaches the server once; the number never changed.
      await synced(p);
      const row = await server.pool.query<{ status: string; number: string; handler: string }>(`SELECT status, data->>'number' AS number, data->>'handler' AS handler FROM records WHERE type = 'appeal' AND data->>'number' = $1`, [n1]);
      expect(row.rows).toHaveLength(1);
      expect(row.rows[0]!.status).toBe('closed');
      const answers = await server.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM children WHERE type = 'surveyAnswer'`);
      expect(Number(answers.rows[0]!.n)).toBe(10);
    } finally {
      await tablet1.context.close();
      await tablet2.context.close();
      await desk.context.close();
    }
  });

  it("a report naming a lineman never reaches that lineman's phone, neither on screen nor in the bytes he pulls", async () => {
    const tablet = await device();
    const phone = await device({ width: 390, height: 844 });
    try {
      await tablet.page.bringToFront();
      await tablet.page.goto(server.url);
      await signIn(tablet.page, 'clerk1');
      await tablet.page.getByTestId('home-clerk').waitFor();
      const n = await register(tablet.page, { kind: 'report', name: 'Wu Liu', phone: '13700001111', subject: 'Lineman asked for money', content: 'Asked 200 yuan to reconnect the line faster.', namedStaff: 'Lineman Wang' });
      expect(n).toMatch(new RegExp(`^${beijingYear()}J-`));
      await synced(tablet.page);
      const onServer = await server.pool.query(`SELECT 1 FROM records WHERE type = 'appeal' AND data->>'number' = $1`, [n]);
      expect(onServer.rowCount).toBe(1);

      const pulled: string[] = [];
      phone.page.on('response', async (res) => {
        if (res.url().includes('/api/sync/pull')) pulled.push(await res.text().catch(() => ''));
      });
      await phone.page.bringToFront();
      await phone.page.goto(server.url);
      await signIn(phone.page, 'lineman1');
      await phone.page.getByTestId('home-lineman').waitFor();
      await synced(phone.page);
      await phone.page.getByTestId('nav-appeals').click();
      await phone.page.getByTestId('appeals-page').waitFor();
      await expect.poll(() => phone.page.getByTestId('appeal-row').count()).toBe(0);
      await expect.poll(() => pulled.length).toBeGreaterThan(0);
      const bytes = pulled.join('\n');
      for (const secret of [n, 'Wu Liu', '13700001111', 'Lineman asked for money', '200 yuan']) expect(bytes).not.toContain(secret);
      expect(await phone.page.content()).not.toContain(n);

      // The same holds for a pull made directly with his token.
      const direct = await phone.page.evaluate(async () => {
        const dbs = await indexedDB.databases();
        const reg = dbs.find((d) => d.name === 'stationdesk-device')!;
        const token: string = await new Promise((resolve) => {
          const open = indexedDB.open(reg.name!);
          open.onsuccess = () => {
            const all = open.result.transaction('sessions', 'readonly').objectStore('sessions').getAll();
            all.onsuccess = () => resolve((all.result as { active: boolean; accessToken: string }[]).find((s) => s.active)!.accessToken);
          };
        });
        const res = await fetch('/api/sync/pull', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ cursor: 0 }) });
        return { status: res.status, text: await res.text() };
      });
      expect(direct.status).toBe(200);
      for (const secret of [n, 'Wu Liu', '13700001111']) expect(direct.text).not.toContain(secret);
    } finally {
      await tablet.context.close();
      await phone.context.close();
    }
  });
});
