import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, health, pushBody, startTestApp, upsert, hlc, type TestApp } from './helpers';

let app: TestApp;
let token: string;
let clientId: string;

beforeAll(async () => {
  app = await startTestApp();
  const l = await app.login('clerk1');
  token = l.accessToken;
  clientId = l.clientId;
});
afterAll(async () => app?.stop());

describe('health', () => {
  it('reports the database, version and server time', async () => {
    const r = await api(app.url, '/api/health');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, database: 'ok', version: '0.1.0' });
    expect(Math.abs(Date.parse(r.json.serverTime) - Date.now())).toBeLessThan(60_000);
    expect(r.headers.get('cache-control')).toBe('no-store');
  });
});

describe('static files', () => {
  it('serves the shell with no-cache and hashed assets as immutable', async () => {
    const index = await fetch(`${app.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('StationDesk');

    const js = await fetch(`${app.url}/assets/index-Ab12Cd34.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const css = await fetch(`${app.url}/assets/index-Ef56Gh78.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('gives the manifest, service worker and locale files their types and revalidation', async () => {
    const cases: [string, RegExp][] = [
      ['/manifest.webmanifest', /^application\/manifest\+json/],
      ['/sw.js', /^text\/javascript/],
      ['/locales/zh-CN.json', /^application\/json/],
      ['/robots.txt', /^text\/plain/],
    ];
    for (const [p, type] of cases) {
      const r = await fetch(app.url + p);
      expect(r.status, p).toBe(200);
      expect(r.headers.get('content-type'), p).toMatch(type);
      expect(r.headers.get('cache-control'), p).toBe('no-cache');
    }
    expect(await (await fetch(`${app.url}/locales/zh-CN.json`)).json()).toEqual({ hello: '你好' });
  });

  it('falls back to index.html for app routes, but not for missing files or /api', async () => {
    const route = await fetch(`${app.url}/repairs/0192-abc?tab=notes`);
    expect(route.status).toBe(200);
    expect(route.headers.get('cache-control')).toBe('no-cache');
    expect(await route.text()).toContain('<div id="app">');

    const missing = await fetch(`${app.url}/assets/gone-123.js`);
    expect(missing.status).toBe(404);
    const apiMissing = await api(app.url, '/api/nope');
    expect(apiMissing.status).toBe(404);
    expect(apiMissing.json).toEqual({ error: 'not_found' });
  });

  it('does not serve files outside dist/', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/assets/%2e%2e/%2e%2e/package.json']) {
      const status = await new Promise<number>((resolve, reject) => {
        const u = new URL(app.url);
        request({ host: u.hostname, port: u.port, path: p, method: 'GET' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject).end();
      });
      const body = await fetch(app.url + p).then((r) => r.text());
      expect(body, p).not.toContain('"dependencies"');
      expect([200, 404], p).toContain(status);
    }
  });
});

describe('request bodies', () => {
  it('answers 400 body.invalid for text that is not JSON', async () => {
    const r = await api(app.url, '/api/sync/push', { token, raw: '{"clientId": oops', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('body.invalid');
    expect(r.json.detail).toMatch(/JSON/);
  });

  it('answers 400 body.invalid for JSON of the wrong shape, naming the field', async () => {
    const r = await api(app.url, '/api/sync/push', { token, body: { clientId, schemaVersion: 1, mutations: [] } });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('body.invalid');
    expect(r.json.detail).toMatch(/device/);
    const login = await api(app.url, '/api/auth/login', { body: { username: 'clerk1' } });
    expect(login.status).toBe(400);
    expect(login.json.error).toBe('body.invalid');
  });

  it('answers 413 body.too_large above 256 KB, whether declared or streamed', async () => {
    const big = JSON.stringify(pushBody(clientId, [upsert(1, 'repairJob', 'big', { description: 'x'.repeat(300_000) }, hlc(0, 'n'))]));
    const r = await api(app.url, '/api/sync/push', { token, raw: big, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(413);
    expect(r.json.error).toBe('body.too_large');

    // Chunked, with no Content-Length: the limit holds on what actually arrives.
    const status = await new Promise<{ code: number; body: string }>((resolve, reject) => {
      const u = new URL(app.url);
      const req = request({ host: u.hostname, port: u.port, path: '/api/sync/push', method: 'POST', headers: { authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 40; i++) req.write('x'.repeat(10_000));
      req.end();
    });
    expect(status.code).toBe(413);
    expect(JSON.parse(status.body).error).toBe('body.too_large');

    // Nothing of it was applied.
    const pulled = await api(app.url, '/api/sync/pull', { token, body: { cursor: 0 } });
    expect(pulled.json.lastMid).toBe(0);
  });

  it('answers 413 push.too_many above 100 mutations and applies none', async () => {
    const muts = Array.from({ length: 101 }, (_, i) => upsert(i + 1, 'customer', `c${i}`, { name: `户${i}` }, hlc(i, 'n')));
    const r = await api(app.url, '/api/sync/push', { token, body: pushBody(clientId, muts) });
    expect(r.status).toBe(413);
    expect(r.json.error).toBe('push.too_many');
    const ok = await api(app.url, '/api/sync/push', { token, body: pushBody(clientId, muts.slice(0, 100)) });
    expect(ok.status).toBe(200);
    expect(ok.json.lastMid).toBe(100);
  });

  it('refuses a push for another client id than the token', async () => {
    const r = await api(app.url, '/api/sync/push', { token, body: { clientId: 'someone-else', schemaVersion: 1, device: health, mutations: [] } });
    expect(r.status).toBe(403);
    expect(r.json.error).toBe('push.client_mismatch');
  });

  it('answers 405 for a known path with the wrong method', async () => {
    const r = await api(app.url, '/api/sync/push', { token, method: 'GET' });
    expect(r.status).toBe(405);
    expect(r.json.error).toBe('method_not_allowed');
  });
});
