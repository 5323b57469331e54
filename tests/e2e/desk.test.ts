import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, apiPush, upsert, type ApiDevice, type ApiMutation } from './api';
import { launchBrowser } from './browser';
import { freshDatabaseUrl, seedStation, signIn, startAppServer, type RunningServer } from './server';

// A month of records across every register, pushed through the sync protocol by the
// devices that would make them; the expected figures are counted here from what this test
// made, never from the app's own queries.

let browser: Browser;
let server: RunningServer;
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const MONTH = '2026-10';
const at = (day: number, hh: number, mm = 0) => new Date(Date.UTC(2026, 9, day, hh - 8, mm)).toISOString();
const addMin = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();

const login = (username: string): Promise<ApiDevice> => apiLogin(server, username);

/** Pushes in batches of 100, as a device would, and expects every change taken. */
async function push(d: ApiDevice, mutations: ApiMutation[]) {
  for (let i = 0; i < mutations.length; i += 100) {
    const r = await apiPush(server, d, mutations.slice(i, i + 100));
    expect(r.status).toBe(200);
    expect(r.body.rejections).toEqual([]);
  }
}

const advance = (type: string, id: string, status: string) => ({ name: 'record.advance', args: { type, id, status, gen: 0 } });
const child = (type: string, parentType: string, parentId: string, fields: Record<string, unknown>) => ({ name: 'child.add', args: { type, id: randomUUID(), parentType, parentId, fields } });

// What this test makes, and so what the report must say.
const REPAIRS = [
  { via: 'phone', area: 'rural', restoredAfter: 60 },
  { via: 'phone', area: 'rural', restoredAfter: 100 },
  { via: 'phone', area: 'urban', restoredAfter: 30 },
  { via: 'counter', area: 'urban', restoredAfter: 50 },
  { via: 'counter', area: 'rural', restoredAfter: 85 },
  { via: 'hotline95598', area: 'remote', restoredAfter: 110 },
] as const;
const LIMIT = { urban: 45, rural: 90, remote: 120 } as const;
const APPEALS = [
  { kind: 'complaint', channel: 'counter' },
  { kind: 'complaint', channel: 'phone' },
  { kind: 'report', channel: 'letter' },
  { kind: 'inquiry', channel: 'hotline95598' },
] as const;
const SURVEYS = [
  ['satisfied', 'satisfied', 'fairly', 'satisfied', 'basically', 'satisfied', 'satisfied', 'dissatisfied'],
  ['fairly', 'satisfied', 'satisfied', 'satisfied', 'satisfied', 'fairly', 'basically', 'satisfied'],
] as const;
const DUTIES = [{ done: true }, { done: true }, { done: false }] as const;
const INSPECTIONS = ['pass', 'fail'] as const;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startAppServer({ databaseUrl: await freshDatabaseUrl() });
  await seedStation(server, 'S1', [
    { username: 'chief1', role: 'chief', name: 'Chief Li' },
    { username: 'clerk1', role: 'clerk', name: 'Clerk Zhou' },
    { username: 'lineman1', role: 'lineman', name: 'Lineman Wang' },
  ]);
  const clerk = await login('clerk1');
  const chief = await login('chief1');
  const muts: { name: string; args: unknown }[] = [];
  REPAIRS.forEach((r, i) => {
    const id = randomUUID();
    const reportedAt = at(3 + i, 9);
    const restoredAt = addMin(reportedAt, r.restoredAfter);
    muts.push(upsert('repairJob', id, { customerName: `Customer ${i}`, customerPhone: '13812345678', address: 'Village', areaType: r.area, description: 'no power', reportedVia: r.via, reportedAt, responsibleUnit: 'S1', restoredAt, archivedAt: addMin(restoredAt, 10) }));
    muts.push(advance('repairJob', id, 'archived'));
  });
  APPEALS.forEach((a, i) => {
    muts.push(upsert('appeal', randomUUID(), { number: `2026T-${clerk.code}-${String(i + 1).padStart(4, '0')}`, kind: a.kind, channel: a.channel, customerName: `Appellant ${i}`, subject: 'subject', content: 'content', receivedAt: at(10 + i, 10), registeredBy: 'clerk' }));
  });
  SURVEYS.forEach((answers, i) => {
    const id = randomUUID();
    muts.push(upsert('visit', id, { sourceType: 'manual', customerName: `Visited ${i}`, method: 'phone', startsAt: at(12 + i, 9), dueAt: at(20 + i, 9), doneAt: at(14 + i, 15) }));
    muts.push(advance('visit', id, 'done'));
    answers.forEach((answer, q) => muts.push(child('surveyAnswer', 'visit', id, { question: q + 1, answer })));
  });
  await push(clerk, muts);
  const zoneMuts: { name: string; args: unknown }[] = [];
  const dutyIds = DUTIES.map(() => randomUUID());
  DUTIES.forEach((d, i) => zoneMuts.push(upsert('zoneDuty', dutyIds[i]!, { zoneId: 'z1', holder: 'clerk', dueAt: at(20 + i, 16), ...(d.done ? { doneAt: at(20 + i, 15) } : {}) })));
  INSPECTIONS.forEach((result, i) => zoneMuts.push(child('inspection', 'zoneDuty', dutyIds[i]!, { result, at: at(20 + i, 17) })));
  await push(chief, zoneMuts);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The report's table as text rows, read from the page. */
async function tableRows(page: Page): Promise<string[][]> {
  return page.getByTestId('report-table').locator('tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

function row(rows: string[][], label: string): string[] {
  const r = rows.find((x) => x[1] === label || x[1]?.startsWith(label));
  if (!r) throw new Error(`no row ${label}`);
  return r;
}

function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return text.slice(1).trimEnd().split('\r\n').map((line) => {
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted && ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) {
        cells.push(cur);
        cur = '';
      } else cur += ch;
    }
    cells.push(cur);
    return cells;
  });
}

function parseXlsx(bytes: Uint8Array): string[][] {
  const files = unzipSync(bytes);
  const sharedXml = files['xl/sharedStrings.xml'] ? strFromU8(files['xl/sharedStrings.xml']) : '';
  const shared = [...sharedXml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => [...m[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((x) => x[1]).join(''));
  const sheetName = Object.keys(files).find((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f))!;
  const xml = strFromU8(files[sheetName]!);
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((r) => {
    const out: string[] = [];
    for (const c of r[1]!.matchAll(/<c r="([A-Z]+)\d+"([^>]*)>([\s\S]*?)<\/c>/g)) {
      const col = c[1]!.charCodeAt(0) - 65;
      const v = /<v>([\s\S]*?)<\/v>/.exec(c[3]!)?.[1] ?? /<t[^>]*>([\s\S]*?)<\/t>/.exec(c[3]!)?.[1] ?? '';
      out[col] = decode(/t="s"/.test(c[2]!) ? shared[Number(v)]! : v);
    }
    return Array.from(out, (x) => x ?? '');
  });
}

describe("the chief's monthly report", () => {
  it('shows the month the devices recorded, the same in CSV and Excel, and prints on A4', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    try {
      await page.goto(server.url);
      await signIn(page, 'chief1');
      await page.getByTestId('sync-now').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="sync-pending"]')?.textContent === 'Everything synced');
      await page.getByTestId('open-report').click();
      await page.getByTestId('report-month').fill(MONTH);

      const byVia = (via: string) => REPAIRS.filter((r) => r.via === via).length;
      const late = (area: string) => REPAIRS.filter((r) => r.area === area && r.restoredAfter > LIMIT[r.area]).length;
      const onTime = (area: string) => REPAIRS.filter((r) => r.area === area && r.restoredAfter <= LIMIT[r.area]).length;
      const expected: [string, number, number?][] = [
        ['Fault repairs', REPAIRS.length],
        ['Repairs via Phone', byVia('phone')],
        ['Repairs via Counter', byVia('counter')],
        ['Repairs via 95598 hotline', byVia('hotline95598')],
        ['Complaints, reports, letters and visits', APPEALS.length],
        ['Type: Complaint', APPEALS.filter((a) => a.kind === 'complaint').length],
        ['Type: Report', APPEALS.filter((a) => a.kind === 'report').length],
        ['Channel: Letter', APPEALS.filter((a) => a.channel === 'letter').length],
        ['Return visits done', SURVEYS.length],
        ['Cleaning duties', DUTIES.length],
        ['Duties done', DUTIES.filter((d) => d.done).length],
        ['Inspections', INSPECTIONS.length],
        ['Inspections passed', INSPECTIONS.filter((x) => x === 'pass').length],
      ];
      await expect.poll(async () => row(await tableRows(page), 'Fault repairs')[2], { timeout: 15_000 }).toBe(String(REPAIRS.length));
      const shownRows = await tableRows(page);
      for (const [label, value] of expected) expect([label, row(shownRows, label)[2]]).toEqual([label, String(value)]);
      for (const area of ['urban', 'rural', 'remote']) {
        const r = row(shownRows, `repair.restore.${area}`);
        expect([area, r[2], r[3]]).toEqual([area, String(onTime(area)), String(late(area))]);
      }
      // Question 1 (safety guidance): counts per level, straight from the answers made above.
      const q1 = row(shownRows, 'Safety guidance');
      const levels = ['satisfied', 'fairly', 'basically', 'dissatisfied'];
      expect(q1.slice(2, 6)).toEqual(levels.map((l) => String(SURVEYS.filter((s) => s[0] === l).length)));

      // CSV: the same figures, UTF-8 with a byte-order mark.
      const [csvDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
      expect(csvDl.suggestedFilename()).toBe(`stationdesk-report-${MONTH}.csv`);
      const csv = parseCsv(readFileSync((await csvDl.path())!, 'utf8'));
      for (const [label, value] of expected) expect([label, row(csv, label)[2]]).toEqual([label, String(value)]);

      // Excel: the same figures again.
      const [xlsxDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
      const xlsx = parseXlsx(new Uint8Array(readFileSync((await xlsxDl.path())!)));
      for (const [label, value] of expected) expect([label, row(xlsx, label)[2]]).toEqual([label, String(value)]);

      // A4 print: nothing wider than the printable width, and a PDF comes out.
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 718, height: 1000 });
      const overflow = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth - document.documentElement.clientWidth, table: document.querySelector('[data-testid=report-table]')!.getBoundingClientRect().right - document.documentElement.clientWidth }));
      expect(overflow.doc).toBeLessThanOrEqual(0);
      expect(overflow.table).toBeLessThanOrEqual(0);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(await page.getByTestId('sync-now').isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });
});

/** Serious and critical accessibility violations axe finds on the page as it is. */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document.querySelector(sel), { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, selector);
}

describe("the chief's evening", () => {
  it('names the device that has not synced today; overview, device list and report pass axe', async () => {
    // Three devices: the chief's browser, a clerk's phone that synced just now, a lineman's that never did.
    const clerkPhone = await login('clerk1');
    const pulled = await fetch(`${server.url}/api/sync/pull`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${clerkPhone.token}` }, body: JSON.stringify({ cursor: 0, limit: 500 }) });
    expect(pulled.status).toBe(200);
    await login('lineman1');
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(server.url);
      await signIn(page, 'chief1');
      await page.getByTestId('home-chief').waitFor({ timeout: 30_000 });
      await page.getByTestId('eod-sync').click();
      const status = page.getByTestId('eod-status');
      // Wait for the list as it stands after this device's own sync has finished.
      await expect.poll(async () => { const x = (await status.textContent()) ?? ''; return x.includes('Not synced today') && !x.includes('Chief Li'); }, { timeout: 30_000 }).toBe(true);
      const text = (await status.textContent())!;
      expect(text).toContain('Lineman Wang');
      expect(text).not.toContain('Clerk Zhou');
      expect(text).not.toContain('Chief Li');
      await page.getByTestId('device-list').locator('li').first().waitFor();

      expect(await seriousViolations(page, '[data-testid=desk-overview]')).toEqual([]);
      expect(await seriousViolations(page, '[data-testid=device-list]')).toEqual([]);
      await page.getByTestId('open-report').click();
      await page.getByTestId('report-month').fill(MONTH);
      await page.getByTestId('report-table').waitFor();
      expect(await seriousViolations(page, '[data-testid=monthly-report]')).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
