import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser';
import { freshDatabaseUrl, seedStation, startAppServer, type RunningServer } from './server';

// stationdesk.test resolves to loopback inside this browser only: every byte stays on 127.0.0.1.
const HOST = 'stationdesk.test';
let dir: string;
let browser: Browser;
let https: RunningServer;
let plain: RunningServer;

function makeCertificate(): { cert: string; key: string; spki: string } {
  dir = mkdtempSync(path.join(tmpdir(), 'stationdesk-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${HOST}`, '-addext', `subjectAltName=DNS:${HOST}`], { stdio: 'ignore' });
  // Chromium trusts a certificate whose public key hash is listed: the test's own CA-less trust.
  const pub = execFileSync('openssl', ['x509', '-in', cert, '-pubkey', '-noout']);
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: pub });
  const spki = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der }).toString('base64');
  writeFileSync(path.join(dir, 'spki.txt'), spki);
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8'), spki };
}

beforeAll(async () => {
  const tls = makeCertificate();
  const databaseUrl = await freshDatabaseUrl();
  https = await startAppServer({ databaseUrl, tls: { cert: tls.cert, key: tls.key } });
  plain = await startAppServer({ databaseUrl });
  // A station exists, so the app offers sign-in; on an empty database it would move on to
  // the first-run setup as soon as the server answers, racing the wait for the sign-in form.
  await seedStation(https, 'S1', [{ username: 'clerk1', role: 'clerk' }]);
  browser = await launchBrowser([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${tls.spki}`]);
});
afterAll(async () => {
  await browser?.close();
  await https?.close();
  await plain?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('secure and insecure addresses', () => {
  it('over HTTPS on a station host name the service worker registers and takes control', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`https://${HOST}:${https.port}/`);
    await page.getByTestId('login').waitFor();
    expect(await page.evaluate(() => isSecureContext)).toBe(true);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL)).toBe(`https://${HOST}:${https.port}/sw.js`);
    await context.close();
  });

  it('over plain http on a host name that is not localhost it says why offline work cannot run', async () => {
    for (const [locale, words] of [
      ['zh-CN', '此地址不安全'],
      ['en-US', 'This address is not secure'],
    ] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(`http://${HOST}:${plain.port}/`);
      const notice = page.getByTestId('insecure-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain(words);
      expect(await page.evaluate(() => isSecureContext)).toBe(false);
      expect(await page.getByTestId('login').count()).toBe(0);
      await context.close();
    }
  });
});
