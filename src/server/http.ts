import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { MAX_BODY_BYTES, type HealthResponse } from '../sync/protocol';
import { authenticate, isAuthFailure, type AuthContext } from './auth';
import { listConflicts, listRejectionsFor, settleConflict } from './ledger';
import { getBlob, putBlob } from './blobs';
import { readJson } from './body';
import { isTransient } from './db';
import { error as logError } from './log';
import { handleAuditExport, handleAuditView, listAudit } from './access/audit';
import { listDevices, revokeDevice } from './access/devices';
import { handleSetup } from './access/setup';
import { addStaff, changeStaff, listStaff } from './access/staff-admin';
import { handleLogin, handleLogout, handleRefresh } from './login';
import { serveStatic } from './static';
import { handlePull } from './sync/pull';
import { handlePush } from './sync/push';
import type { TokenConfig } from './tokens';

// Routing for the one Node process: /api in JSON, everything else from dist/. Every
// expected failure answers a reason code ({error, detail?}), never prose alone.

export interface HttpContext {
  pool: pg.Pool;
  distDir: string;
  tokens: TokenConfig;
  version: string;
  /** Answers whether the first-run setup is still to be done (see access/setup.ts). */
  setup?: { needed(): Promise<boolean> };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

async function health(ctx: HttpContext): Promise<HealthResponse> {
  let database: 'ok' | 'down' = 'down';
  try {
    const probe = ctx.pool.query('SELECT 1');
    probe.catch(() => undefined);
    await Promise.race([probe, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref())]);
    database = 'ok';
  } catch {
    /* reported as down */
  }
  return { ok: database === 'ok', version: ctx.version, database, serverTime: new Date().toISOString() };
}

type Route = (ctx: HttpContext, req: IncomingMessage, res: ServerResponse, auth: AuthContext, param: string) => Promise<void>;
type Out = { status: number; body: unknown; headers?: Record<string, string> };

async function jsonRoute(req: IncomingMessage, res: ServerResponse, run: (body: unknown) => Promise<Out>) {
  const body = await readJson(req, MAX_BODY_BYTES);
  if (!body.ok) return sendJson(res, body.status, body.body);
  const out = await run(body.value);
  sendJson(res, out.status, out.body, out.headers);
}

const plain = (run: () => Promise<Out>) => async (res: ServerResponse) => {
  const out = await run();
  sendJson(res, out.status, out.body, out.headers);
};

const queryOf = (req: IncomingMessage) => new URLSearchParams((req.url ?? '').split('?')[1]?.split('#')[0] ?? '');

const AUTHED: Record<string, Route> = {
  'POST /api/sync/push': (ctx, req, res, auth) => jsonRoute(req, res, (b) => handlePush(ctx.pool, auth, b)),
  'POST /api/sync/pull': (ctx, req, res, auth) => jsonRoute(req, res, (b) => handlePull(ctx.pool, auth, b)),
  'POST /api/auth/logout': (ctx, req, res, auth) => {
    req.resume();
    return plain(() => handleLogout(ctx.pool, auth.deviceId))(res);
  },
  'GET /api/conflicts': (ctx, _req, res, auth) => plain(() => listConflicts(ctx.pool, auth))(res),
  'POST /api/conflicts/settle': (ctx, req, res, auth) => jsonRoute(req, res, (b) => settleConflict(ctx.pool, auth, b)),
  'GET /api/rejections': (ctx, _req, res, auth) => plain(() => listRejectionsFor(ctx.pool, auth))(res),
  'GET /api/staff': (ctx, _req, res, auth) => plain(() => listStaff(ctx.pool, auth))(res),
  'POST /api/staff': (ctx, req, res, auth) => jsonRoute(req, res, (b) => addStaff(ctx.pool, auth, b)),
  'PATCH /api/staff/:id': (ctx, req, res, auth, id) => jsonRoute(req, res, (b) => changeStaff(ctx.pool, auth, id, b)),
  'GET /api/devices': (ctx, _req, res, auth) => plain(() => listDevices(ctx.pool, auth))(res),
  'POST /api/devices/:id/revoke': (ctx, req, res, auth, id) => {
    req.resume();
    return plain(() => revokeDevice(ctx.pool, auth, id))(res);
  },
  'GET /api/audit': (ctx, req, res, auth) => plain(() => listAudit(ctx.pool, auth, queryOf(req)))(res),
  'POST /api/audit/view': (ctx, req, res, auth) => jsonRoute(req, res, (b) => handleAuditView(ctx.pool, auth, b)),
  'POST /api/audit/export': (ctx, req, res, auth) => jsonRoute(req, res, (b) => handleAuditExport(ctx.pool, auth, b)),
  'PUT /api/blobs/:sha': async (ctx, req, res, auth, sha) => {
    const out = await putBlob(ctx.pool, auth, sha, req);
    sendJson(res, out.status, out.body);
  },
  'GET /api/blobs/:sha': async (ctx, req, res, auth, sha) => {
    const out = await getBlob(ctx.pool, auth, sha);
    if (!out.bytes) return sendJson(res, out.status, out.body);
    res.writeHead(200, {
      'Content-Type': out.contentType ?? 'application/octet-stream',
      'Content-Length': out.bytes.length,
      'Cache-Control': 'private, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(out.bytes);
  },
};

const OPEN_PATHS = ['/api/health', '/api/auth/login', '/api/auth/refresh', '/api/setup'];
/** Routes a revoked device may still call until it has been told to wipe: its last push. */
const LAST_PUSH = new Set(['POST /api/sync/push', 'POST /api/sync/pull', 'PUT /api/blobs/:sha']);

const PATTERNS: [RegExp, string][] = [
  [/^\/api\/blobs\/([^/]+)$/, '/api/blobs/:sha'],
  [/^\/api\/staff\/([^/]+)$/, '/api/staff/:id'],
  [/^\/api\/devices\/([^/]+)\/revoke$/, '/api/devices/:id/revoke'],
];

function routeKey(method: string, pathname: string): { key: string; param: string } {
  for (const [re, name] of PATTERNS) {
    const m = re.exec(pathname);
    if (m) return { key: `${method} ${name}`, param: decodeURIComponent(m[1]!) };
  }
  return { key: `${method} ${pathname}`, param: '' };
}

const address = (req: IncomingMessage) => req.socket.remoteAddress;

async function api(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, pathname: string) {
  const method = req.method ?? 'GET';
  if (pathname === '/api/health' && (method === 'GET' || method === 'HEAD')) return sendJson(res, 200, await health(ctx));
  if (pathname === '/api/setup' && method === 'GET') return sendJson(res, 200, { needed: (await ctx.setup?.needed()) ?? false });
  if (pathname === '/api/setup' && method === 'POST') return jsonRoute(req, res, (b) => handleSetup(ctx.pool, b, address(req)));
  // Until the station is set up, nothing else is served.
  if (await ctx.setup?.needed()) {
    req.resume();
    return sendJson(res, 503, { error: 'setup.required' });
  }
  if (pathname === '/api/auth/login' && method === 'POST') return jsonRoute(req, res, (b) => handleLogin(ctx.pool, b, ctx.tokens, address(req)));
  if (pathname === '/api/auth/refresh' && method === 'POST') return jsonRoute(req, res, (b) => handleRefresh(ctx.pool, b, ctx.tokens));
  const { key, param } = routeKey(method, pathname);
  const route = AUTHED[key];
  if (!route) {
    const pathOf = (k: string) => k.slice(k.indexOf(' ') + 1);
    const known = OPEN_PATHS.includes(pathname) || Object.keys(AUTHED).some((k) => pathOf(k) === pathOf(key));
    return sendJson(res, known ? 405 : 404, { error: known ? 'method_not_allowed' : 'not_found' });
  }
  const auth = await authenticate(ctx.pool, req, LAST_PUSH.has(key));
  if (isAuthFailure(auth)) {
    req.resume();
    return sendJson(res, auth.status, { error: auth.error });
  }
  await route(ctx, req, res, auth, param);
}

export function createHandler(ctx: HttpContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    // Not new URL(): a request line of '//host/x' would be read as a host.
    const pathname = (req.url ?? '/').split('?')[0]!.split('#')[0] || '/';
    const work = pathname === '/api' || pathname.startsWith('/api/')
      ? api(ctx, req, res, pathname)
      : req.method === 'GET' || req.method === 'HEAD'
        ? serveStatic(req, res, ctx.distDir, pathname)
        : Promise.resolve(sendJson(res, 405, { error: 'method_not_allowed' }));
    work.catch((e: unknown) => {
      const transient = isTransient(e);
      if (!transient) logError(`${req.method} ${pathname} failed`, e);
      if (res.headersSent) return res.destroy();
      sendJson(res, transient ? 503 : 500, { error: transient ? 'server.unavailable' : 'server.error' });
    });
  };
}
