import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { createPool } from './db';
import { ensureDatabase, startEmbeddedPg, type EmbeddedPg } from './embedded-pg';
import { prepareSetup, setupGate } from './access/setup';
import { createHandler } from './http';
import { info } from './log';
import { migrate } from './migrations';
import { DEFAULT_TOKENS, type TokenConfig } from './tokens';

// startServer: the whole station server as one call, for main.ts and for tests. It holds
// no state beyond the database, so several copies may run against one PostgreSQL.

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const APP_DATABASE = 'stationdesk';

export interface StartOptions {
  /** 0 picks any free port. Default 8080. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Holds the embedded PostgreSQL (`${dataDir}/pg`) when no databaseUrl is given. Default ./data. */
  dataDir?: string;
  /** An existing PostgreSQL database; the embedded one is not started. */
  databaseUrl?: string;
  /** The built PWA. Default <project>/dist. */
  distDir?: string;
  /** HTTPS: each of cert and key is either PEM text (contains "-----BEGIN") or a path to a PEM file. */
  tls?: { cert: string; key: string };
  /** Runs after migrations, before the setup check and before listening (the demo seeds here). */
  prepare?: (pool: pg.Pool) => Promise<void>;
  /** Token lifetimes; access is capped at 60 minutes whatever is asked. */
  tokens?: Partial<TokenConfig>;
}

export interface RunningServer {
  url: string;
  port: number;
  pool: pg.Pool;
  /** The one-time setup code, when this start found no station (also printed). */
  setupCode: string | null;
  /** Stops HTTP, then the pool, then the embedded PostgreSQL if this call started one. */
  close(): Promise<void>;
}

const pem = (v: string) => (v.includes('-----BEGIN') ? v : readFileSync(v, 'utf8'));

export function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  let embedded: EmbeddedPg | null = null;
  let url = opts.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPg({
      dir: path.join(path.resolve(opts.dataDir ?? 'data'), 'pg'),
      port: process.env.EMBEDDED_PG_PORT ? Number(process.env.EMBEDDED_PG_PORT) : undefined,
    });
  }
  let pool: pg.Pool | null = null;
  let setupCode: string | null = null;
  try {
    if (embedded) url = await ensureDatabase(embedded.url, APP_DATABASE);
    pool = createPool(url!);
    await migrate(pool);
    await opts.prepare?.(pool);
    setupCode = await prepareSetup(pool);
  } catch (e) {
    await pool?.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw e;
  }
  const handler = createHandler({
    pool,
    distDir: path.resolve(opts.distDir ?? path.join(PROJECT_ROOT, 'dist')),
    tokens: { ...DEFAULT_TOKENS, ...opts.tokens },
    version: appVersion(),
    setup: setupGate(pool),
  });
  const server = opts.tls
    ? https.createServer({ cert: pem(opts.tls.cert), key: pem(opts.tls.key) }, handler)
    : http.createServer(handler);
  // Slow phone links: keep request time generous but bounded.
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  const host = opts.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 8080, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await pool.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const thePool = pool;
  if (setupCode) info(`First run: no station yet. Open ${opts.tls ? 'https' : 'http'}://${shownHost}:${port} and set it up with the one-time code ${setupCode}`);
  let closing: Promise<void> | null = null;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    pool: thePool,
    setupCode,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // Requests still running get a moment, then their sockets go.
          setTimeout(() => server.closeAllConnections(), 2_000).unref();
        });
        await thePool.end().catch(() => undefined);
        await embedded?.stop();
      })();
      return closing;
    },
  };
}
