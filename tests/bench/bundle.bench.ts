import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PHONE } from './browser-lib';
import { figure, type Env, type Figure } from './lib';

// bundle_js_gzip: the JavaScript a first visit loads before its first screen shows, as
// Chromium requested it, each file gzipped (level 9) from the build folder. The floor is
// the same for the floor app (the design card's libraries and a blank screen).

async function firstScreenJs(env: Env, distDir: string, url: string, readySelector: string): Promise<{ bytes: number; files: string[] }> {
  const browser = await env.browser();
  const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const scripts = new Set<string>();
    page.on('request', (r) => {
      if (r.resourceType() === 'script' && r.url().startsWith(url)) scripts.add(new URL(r.url()).pathname);
    });
    await page.goto(url);
    await page.locator(readySelector).first().waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    let bytes = 0;
    for (const p of scripts) bytes += gzipSync(readFileSync(path.join(distDir, p)), { level: 9 }).length;
    return { bytes, files: [...scripts] };
  } finally {
    await context.close();
  }
}

export default async function bundle(env: Env): Promise<Figure[]> {
  const app = await env.appServer();
  const floor = await env.floorServer();
  const a = await firstScreenJs(env, await env.appDist(), app.url, '[data-testid=login]');
  const f = await firstScreenJs(env, await env.floorDist(), floor.url, '[data-testid=home-lineman]');
  return [
    figure({
      name: 'bundle_js_gzip', value: a.bytes / 1024, unit: 'KiB', floor: f.bytes / 1024, better: 'lower',
      target: { on: 'ratio', op: '<=', x: 1.6 }, note: `app: ${a.files.join(' ')}; floor: ${f.files.join(' ')}`,
    }),
  ];
}
