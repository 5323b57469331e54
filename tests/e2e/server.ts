import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchBrowser } from './browser';
import { startServer } from '../../src/server/app';

/** A fresh database on the run's PostgreSQL, so each browser test file starts from nothing. */
export async function freshDatabaseUrl(): Promise<string> {
  const base = inject('pgUrl');
  const name = `e2e_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export type RunningServer = Awaited<ReturnType<typeof startServer>>;

export async function startAppServer(opts: { databaseUrl: string; distDir?: string; port?: number; tls?: { cert: string; key: string }; host?: string }): Promise<RunningServer> {
  return startServer({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1', databaseUrl: opts.databaseUrl, distDir: opts.distDir ?? inject('distDir'), tls: opts.tls });
}

export interface SeedUser {
  username: string;
  role: 'lineman' | 'clerk' | 'chief' | 'admin';
  name?: string;
  password?: string;
}

export const TEST_PASSWORD = 'station-pass-1';

/** A station and its staff, made the way the admin command makes them. */
export async function seedStation(server: RunningServer, code: string, users: SeedUser[]): Promise<void> {
  const { createStation, createUser } = await import('../../src/server/admin-ops');
  const s = await createStation(server.pool, code, `${code} 供电所`);
  if (!s.ok && s.error !== 'station.exists') throw new Error(`createStation: ${s.error}`);
  for (const u of users) {
    const r = await createUser(server.pool, { username: u.username, role: u.role, station: code, password: u.password ?? TEST_PASSWORD, name: u.name });
    if (!r.ok) throw new Error(`createUser ${u.username}: ${r.error}`);
  }
}

export async function signIn(page: import('playwright-core').Page, username: string, password = TEST_PASSWORD): Promise<void> {
  const form = page.getByTestId('login');
  await form.waitFor();
  await form.locator('input[name=username]').fill(username);
  await form.locator('input[name=password]').fill(password);
  await form.locator('button[type=submit]').click();
  await page.getByTestId('signed-in-as').waitFor();
}

/** Sync now and wait until the outbox is empty; `front` brings the page forward first (background pages get no frames). */
export async function synced(page: import('playwright-core').Page, opts: { front?: boolean; timeout?: number } = {}): Promise<void> {
  const timeout = opts.timeout ?? 30_000;
  if (opts.front) await page.bringToFront();
  // A run may already be going (the one after sign-in): the button waits for it.
  await page.getByTestId('sync-now').click({ timeout });
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-pending"]')?.textContent === 'Everything synced', undefined, { timeout });
}

/** A device that has opened the app once has its service worker controlling the page. */
export async function waitForServiceWorker(page: import('playwright-core').Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

/**
 * The file's browser and a fresh station S1 with these staff: started before the file's
 * tests, closed after them. `ready` receives both, for the file's own variables.
 */
export function useStation(users: SeedUser[], ready: (browser: Browser, server: RunningServer) => void): void {
  let browser: Browser | undefined;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startAppServer({ databaseUrl: await freshDatabaseUrl() });
    await seedStation(server, 'S1', users);
    ready(browser, server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}
