import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../src/sync/protocol';
import { api, startTestApp, type TestApp } from './helpers';

let app: TestApp;
let s1: LoginResponse;
let s1b: LoginResponse;
let s2: LoginResponse;

beforeAll(async () => {
  app = await startTestApp();
  [s1, s1b, s2] = await Promise.all([app.login('line1'), app.login('chief1'), app.login('other1')]);
});
afterAll(async () => app?.stop());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const put = (who: LoginResponse, name: string, bytes: Buffer, type = 'image/jpeg') =>
  api(app.url, `/api/blobs/${name}`, { method: 'PUT', token: who.accessToken, raw: bytes, headers: { 'content-type': type } });

describe('blobs', () => {
  it('stores a photo by its SHA-256 and gives the same bytes back to its station', async () => {
    const photo = randomBytes(300_000);
    const first = await put(s1, sha(photo), photo);
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ sha256: sha(photo), size: photo.length });
    const again = await put(s1, sha(photo), photo);
    expect(again.status).toBe(200);
    const res = await fetch(`${app.url}/api/blobs/${sha(photo)}`, { headers: { authorization: `Bearer ${s1b.accessToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer()).equals(photo)).toBe(true);
    const { rows } = await app.pool.query('SELECT count(*)::int AS n FROM blobs WHERE sha256 = $1', [sha(photo)]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses bytes that do not match their name', async () => {
    const photo = randomBytes(1000);
    const wrong = sha(randomBytes(10));
    const r = await put(s1, wrong, photo);
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('blob.hash_mismatch');
    expect((await api(app.url, `/api/blobs/${wrong}`, { token: s1.accessToken })).status).toBe(404);
  });

  it('refuses a name that is not a SHA-256, and bodies over 2 MB', async () => {
    expect((await put(s1, 'ABC', Buffer.from('x'))).json.error).toBe('blob.bad_name');
    const big = randomBytes(2 * 1024 * 1024 + 1);
    const r = await put(s1, sha(big), big);
    expect(r.status).toBe(413);
    expect(r.json.error).toBe('body.too_large');
  });

  it("does not show one station's photo to another", async () => {
    const photo = randomBytes(2000);
    await put(s1, sha(photo), photo);
    const r = await api(app.url, `/api/blobs/${sha(photo)}`, { token: s2.accessToken });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ error: 'blob.not_found' });
  });

  it('never serves a blob as a page', async () => {
    const html = Buffer.from('<script>alert(1)</script>');
    await put(s1, sha(html), html, 'text/html');
    const res = await fetch(`${app.url}/api/blobs/${sha(html)}`, { headers: { authorization: `Bearer ${s1.accessToken}` } });
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
