import { coldStart, installReadyProbe, PHONE, signIn, swControls } from './browser-lib';
import { figure, log, median, type Env, type Figure } from './lib';

// cold_start_offline: network off, CPU slowed 4x, a new tab navigates to the app; measured
// from the navigation's start until the lineman's home is in the document with a box.
// The floor: the floor app (blank Preact page) served by the same server code and the
// app's own service worker, same device, same throttling.

const RATE = 4;
const RUNS = 7;

async function samples(env: Env, url: string, signInFirst: boolean): Promise<number[]> {
  const browser = await env.browser();
  const context = await browser.newContext({ ...PHONE });
  try {
    await installReadyProbe(context, '[data-testid="home-lineman"]');
    const page = await context.newPage();
    await page.goto(url);
    if (signInFirst) await signIn(page, 'lineman1');
    await page.getByTestId('home-lineman').waitFor({ timeout: 60_000 });
    await swControls(page);
    await page.close();
    await context.setOffline(true);
    const xs: number[] = [];
    await coldStart(context, url, RATE); // warm-up: the worker starts, code caches fill
    for (let i = 0; i < RUNS; i += 1) xs.push(await coldStart(context, url, RATE));
    return xs;
  } finally {
    await context.close();
  }
}

export default async function coldStartOffline(env: Env): Promise<Figure[]> {
  const app = await env.appServer();
  const floor = await env.floorServer();
  const a = await samples(env, app.url, true);
  const f = await samples(env, floor.url, false);
  log(`cold start app ms: ${a.map(Math.round).join(' ')}; floor ms: ${f.map(Math.round).join(' ')}`);
  return [
    figure({
      name: 'cold_start_offline', value: median(a), unit: 'ms', floor: median(f), better: 'lower',
      target: { on: 'ratio', op: '<=', x: 2 }, note: `median of ${RUNS}, CPU ${RATE}x slower, offline, signed-in lineman home`,
    }),
  ];
}
