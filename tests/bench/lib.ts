import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Browser } from 'playwright-core';

// Shared pieces of `npm run bench`: the figure shape, statistics, and one lazily built
// environment (PostgreSQL, the two production builds, servers, Chromium) that every
// benchmark borrows, so the whole run builds and starts each thing once.

export const ROOT = path.resolve(import.meta.dirname, '../..');

export type Better = 'lower' | 'higher';

/** A target on the ratio (value / floor) or on the value itself. */
export interface Target {
  on: 'ratio' | 'value';
  op: '<=' | '>=' | '==';
  x: number;
}

export interface Figure {
  name: string;
  value: number | null;
  unit: string;
  floor: number | null;
  ratio: number | null;
  target: string;
  better: Better;
  met: boolean | null;
  note?: string;
}

const opText = { '<=': '≤', '>=': '≥', '==': '=' } as const;

export function targetText(t: Target | null): string {
  return t ? `${t.on} ${opText[t.op]} ${t.x}` : '—';
}

function check(t: Target, v: number | null): boolean | null {
  if (v === null || !Number.isFinite(v)) return null;
  if (t.op === '<=') return v <= t.x;
  if (t.op === '>=') return v >= t.x;
  return v === t.x;
}

export function figure(f: { name: string; value: number | null; unit: string; floor?: number | null; better: Better; target?: Target | null; note?: string }): Figure {
  const floor = f.floor ?? null;
  const ratio = f.value !== null && floor !== null && floor !== 0 ? f.value / floor : null;
  const target = f.target ?? null;
  const met = target ? check(target, target.on === 'ratio' ? ratio : f.value) : null;
  const out: Figure = { name: f.name, value: f.value, unit: f.unit, floor, ratio, target: targetText(target), better: f.better, met };
  if (f.note) out.note = f.note;
  return out;
}

/** A figure that could not be measured: kept in the output with the reason, never invented. */
export function missing(name: string, unit: string, better: Better, target: Target | null, reason: string): Figure {
  return { name, value: null, unit, floor: null, ratio: null, target: targetText(target), better, met: false, note: `missing: ${reason}` };
}

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i]!;
}
export const median = (xs: readonly number[]) => quantile(xs, 0.5);

export const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

/** Wall time of `fn` in ms. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Median of `n` runs after `warm` unmeasured ones. */
export async function medianMs(n: number, fn: (i: number) => Promise<unknown> | unknown, warm = 1): Promise<number> {
  for (let i = 0; i < warm; i += 1) await fn(-1 - i);
  const xs: number[] = [];
  for (let i = 0; i < n; i += 1) xs.push((await timed(() => fn(i))).ms);
  return median(xs);
}

export function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

type RunningServer = Awaited<ReturnType<typeof import('../../src/server/app').startServer>>;

export const PASSWORD = 'bench-pass-1';

/** Everything heavy, made on first use and torn down once at the end. */
export class Env {
  readonly work: string;
  private pgP: Promise<{ url: string; stop(): Promise<void> }> | null = null;
  private appDistP: Promise<string> | null = null;
  private floorDistP: Promise<string> | null = null;
  private appServerP: Promise<RunningServer> | null = null;
  private floorServerP: Promise<RunningServer> | null = null;
  private harnessServerP: Promise<RunningServer> | null = null;
  private browserP: Promise<Browser> | null = null;
  private closers: (() => Promise<void>)[] = [];

  constructor() {
    this.work = mkdtempSync(path.join(tmpdir(), 'stationdesk-bench-'));
    // The embedded PostgreSQL runs as user postgres when we are root: it must reach its folder.
    chmodSync(this.work, 0o755);
  }

  pg(): Promise<{ url: string; stop(): Promise<void> }> {
    this.pgP ??= (async () => {
      const { startEmbeddedPg } = await import('../../src/server/embedded-pg');
      log('starting embedded PostgreSQL');
      const epg = await startEmbeddedPg({ dir: path.join(this.work, 'pg') });
      this.closers.push(() => epg.stop());
      return epg;
    })();
    return this.pgP;
  }

  /** A new empty database on the run's PostgreSQL. */
  async freshDatabase(prefix = 'bench'): Promise<string> {
    const base = (await this.pg()).url;
    const name = `${prefix}_${randomBytes(5).toString('hex')}`;
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    return u.toString();
  }

  appDist(): Promise<string> {
    this.appDistP ??= (async () => {
      const { buildApp } = await import('../e2e/build');
      log('building the app (production)');
      return buildApp(path.join(this.work, 'dist-app'));
    })();
    return this.appDistP;
  }

  floorDist(): Promise<string> {
    this.floorDistP ??= (async () => {
      const { buildFloor } = await import('./floor/build');
      log('building the floor app (design-card libraries only)');
      return buildFloor(path.join(this.work, 'dist-floor'));
    })();
    return this.floorDistP;
  }

  private async serve(distDir: string, prefix: string): Promise<RunningServer> {
    const { startServer } = await import('../../src/server/app');
    const server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: await this.freshDatabase(prefix), distDir });
    this.closers.push(() => server.close());
    return server;
  }

  /** The real server on the production build, with station S1: lineman1, clerk1. */
  appServer(): Promise<RunningServer> {
    this.appServerP ??= (async () => {
      const server = await this.serve(await this.appDist(), 'bench_app');
      const { createStation, createUser } = await import('../../src/server/admin-ops');
      const s = await createStation(server.pool, 'S1', 'S1 供电所');
      if (!s.ok) throw new Error(s.error);
      for (const [username, role, name] of [['lineman1', 'lineman', 'Lineman Wang'], ['clerk1', 'clerk', 'Clerk Zhou']] as const) {
        const r = await createUser(server.pool, { username, role, station: 'S1', password: PASSWORD, name });
        if (!r.ok) throw new Error(r.error);
      }
      return server;
    })();
    return this.appServerP;
  }

  /** The same server code serving the floor build. */
  floorServer(): Promise<RunningServer> {
    this.floorServerP ??= (async () => this.serve(await this.floorDist(), 'bench_floor'))();
    return this.floorServerP;
  }

  /** The harness page (the app's db and clock modules on window.__bench), served by the same server code. */
  harnessServer(): Promise<RunningServer> {
    this.harnessServerP ??= (async () => {
      const { buildHarness } = await import('./harness/build');
      log('building the bench harness page');
      return this.serve(await buildHarness(path.join(this.work, 'dist-harness')), 'bench_harness');
    })();
    return this.harnessServerP;
  }

  browser(): Promise<Browser> {
    this.browserP ??= (async () => {
      const { launchBrowser } = await import('../e2e/browser');
      const b = await launchBrowser();
      this.closers.push(() => b.close());
      return b;
    })();
    return this.browserP;
  }

  async close(): Promise<void> {
    for (const c of this.closers.reverse()) await c().catch((e) => log(`cleanup: ${String(e)}`));
    rmSync(this.work, { recursive: true, force: true });
  }
}

export type Bench = (env: Env) => Promise<Figure[]>;
