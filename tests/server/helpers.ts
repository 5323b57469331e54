import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { formatHlc } from '../../src/domain/hlc';
import { createStation, createUser } from '../../src/server/admin-ops';
import { startServer, type RunningServer } from '../../src/server/app';
import type { LoginResponse } from '../../src/sync/protocol';
import { createTestDatabase, type TestDatabase } from './pg-harness';

// Test app: a fresh database on the run's PostgreSQL, a server on a free port, one
// station S1 (and S2 for isolation checks) with a few users, and raw-HTTP helpers.

export const PASSWORD = 'correct horse 1';

export interface TestApp extends RunningServer {
  db: TestDatabase;
  distDir: string;
  login(username: string, opts?: { clientId?: string; deviceName?: string }): Promise<LoginResponse>;
  stop(): Promise<void>;
}

export function fixtureDist(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stationdesk-dist-'));
  mkdirSync(path.join(dir, 'assets'));
  mkdirSync(path.join(dir, 'locales'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>StationDesk</title><div id="app"></div>');
  writeFileSync(path.join(dir, 'assets', 'index-Ab12Cd34.js'), 'console.log("app")');
  writeFileSync(path.join(dir, 'assets', 'index-Ef56Gh78.css'), 'body{}');
  writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("install",()=>{})');
  writeFileSync(path.join(dir, 'manifest.webmanifest'), '{"name":"StationDesk"}');
  writeFileSync(path.join(dir, 'locales', 'zh-CN.json'), '{"hello":"你好"}');
  writeFileSync(path.join(dir, 'robots.txt'), 'User-agent: *');
  return dir;
}

export const USERS = [
  { username: 'chief1', role: 'chief', station: 'S1' },
  { username: 'clerk1', role: 'clerk', station: 'S1' },
  { username: 'line1', role: 'lineman', station: 'S1' },
  { username: 'line2', role: 'lineman', station: 'S1' },
  { username: 'other1', role: 'clerk', station: 'S2' },
] as const;

export async function seed(pool: RunningServer['pool']): Promise<void> {
  for (const [code, name] of [['S1', '城关供电所'], ['S2', '河口供电所']] as const) {
    const r = await createStation(pool, code, name);
    if (!r.ok) throw new Error(r.error);
  }
  for (const u of USERS) {
    const r = await createUser(pool, { ...u, password: PASSWORD });
    if (!r.ok) throw new Error(r.error);
  }
}

export async function startTestApp(opts: { clusterUrl?: string; seed?: boolean } = {}): Promise<TestApp> {
  const db = await createTestDatabase(opts.clusterUrl ?? inject('pgUrl'));
  const distDir = fixtureDist();
  const server = await startServer({ databaseUrl: db.url, port: 0, distDir });
  if (opts.seed !== false) await seed(server.pool);
  const app: TestApp = {
    ...server,
    db,
    distDir,
    async login(username, o = {}) {
      const r = await api(server.url, '/api/auth/login', { body: { username, password: PASSWORD, deviceName: o.deviceName ?? `${username}-phone`, clientId: o.clientId } });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.json)}`);
      return r.json as LoginResponse;
    },
    async stop() {
      await server.close();
      await db.drop();
      rmSync(distDir, { recursive: true, force: true });
    },
  };
  return app;
}

export interface ApiResult<T = any> {
  status: number;
  json: T;
  headers: Headers;
}

export async function api<T = any>(base: string, pathname: string, o: { method?: string; token?: string; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> } = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (o.raw !== undefined) body = typeof o.raw === 'string' ? o.raw : new Uint8Array(o.raw);
  else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + pathname, { method: o.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

const T0 = Date.now();
export const hlc = (offsetMs: number, node: string, counter = 0) => formatHlc({ ms: T0 + offsetMs, counter, node });

export const health = { pending: 0, oldestPendingAt: null, appVersion: 'test', storageUsed: null, storageQuota: null, clockOffsetMs: 0 };

export interface Mut {
  mid: number;
  name: string;
  args: unknown;
  hlc: string;
}

export function pushBody(clientId: string, mutations: Mut[]) {
  return { clientId, schemaVersion: 1, device: health, mutations };
}

export const upsert = (mid: number, type: string, id: string, fields: Record<string, unknown>, stamp: string, base: Record<string, string | null> = {}): Mut => ({
  mid,
  name: 'record.upsert',
  args: { type, id, fields, base },
  hlc: stamp,
});

export const note = (mid: number, id: string, parentId: string, text: string, stamp: string): Mut => ({
  mid,
  name: 'child.add',
  args: { type: 'note', id, parentType: 'repairJob', parentId, fields: { text } },
  hlc: stamp,
});

/** Pulls pages until hasMore is false; returns every change and the final cursor. */
export async function pullAll(base: string, token: string, cursor = 0, limit = 500) {
  const changes: any[] = [];
  let pages = 0;
  for (;;) {
    const r = await api(base, '/api/sync/pull', { token, body: { cursor, limit } });
    if (r.status !== 200) throw new Error(`pull ${r.status} ${JSON.stringify(r.json)}`);
    changes.push(...r.json.changes);
    cursor = r.json.cursor;
    pages++;
    if (!r.json.hasMore) return { changes, cursor, pages, last: r.json };
  }
}

export interface PushAnswer {
  lastMid: number;
  rejections: { mid: number; reason: { code: string; detail?: string } }[];
}

/**
 * Pushes as each signed-in device does: mids numbered in order per client, and mutations
 * that carry no stamp stamped one millisecond apart under `node`. Expects the push to be
 * answered (200); what it applied or refused is the caller's to check.
 */
export function devicePusher(app: () => Pick<TestApp, 'url'>, node: string) {
  const mids = new Map<string, number>();
  let t = 0;
  return async (who: LoginResponse, muts: readonly { name: string; args: unknown; hlc?: string }[]): Promise<PushAnswer & { first: number }> => {
    const first = (mids.get(who.clientId) ?? 0) + 1;
    mids.set(who.clientId, first + muts.length - 1);
    const body = pushBody(who.clientId, muts.map((m, i) => ({ mid: first + i, name: m.name, args: m.args, hlc: m.hlc ?? hlc((t += 1), node) })));
    const r = await api<PushAnswer>(app().url, '/api/sync/push', { token: who.accessToken, body });
    if (r.status !== 200) throw new Error(`push answered ${r.status}: ${JSON.stringify(r.json)}`);
    return { ...r.json, first };
  };
}
