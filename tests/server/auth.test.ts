import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/server/tokens';
import { api, hlc, PASSWORD, pushBody, startTestApp, upsert, type TestApp } from './helpers';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

const pull = (token?: string, headers?: Record<string, string>) => api(app.url, '/api/sync/pull', { token, body: { cursor: 0 }, headers });

describe('login', () => {
  it('issues opaque tokens, a device code and the user, storing only token hashes', async () => {
    const l = await app.login('line1', { deviceName: '张工的手机' });
    expect(l.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(l.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(l.accessToken).not.toBe(l.refreshToken);
    expect(l.user).toMatchObject({ name: 'line1', role: 'lineman', station: 'S1' });
    expect(l.deviceCode).toMatch(/^[0-9A-Z]{2,5}$/);
    const ttl = Date.parse(l.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(50 * 60_000);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000);
    const stored = await app.pool.query('SELECT hash, kind, expires_at FROM tokens WHERE device_id = $1 AND revoked_at IS NULL', [l.deviceId]);
    expect(stored.rows.map((r) => r.hash).sort()).toEqual([hashToken(l.accessToken), hashToken(l.refreshToken)].sort());
    const refresh = stored.rows.find((r) => r.kind === 'refresh');
    expect(Date.parse(refresh.expires_at) - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);
    expect(JSON.stringify(stored.rows)).not.toContain(l.accessToken);
  });

  it('answers the same 401 auth.invalid for an unknown user and a wrong password', async () => {
    const unknown = await api(app.url, '/api/auth/login', { body: { username: 'nobody', password: PASSWORD, deviceName: 'x' } });
    const wrong = await api(app.url, '/api/auth/login', { body: { username: 'line1', password: 'not the password', deviceName: 'x' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.json).toEqual({ error: 'auth.invalid' });
    expect(wrong.json).toEqual(unknown.json);
  });

  it('gives every new device its own code, never reused', async () => {
    const a = await app.login('clerk1');
    const b = await app.login('clerk1');
    const c = await app.login('chief1');
    expect(new Set([a.deviceCode, b.deviceCode, c.deviceCode]).size).toBe(3);
    expect(new Set([a.deviceId, b.deviceId, c.deviceId]).size).toBe(3);
  });

  it('keeps the device, client id, code and last mid when the same user logs in again with its client id', async () => {
    const first = await app.login('line2');
    const push = await api(app.url, '/api/sync/push', {
      token: first.accessToken,
      body: pushBody(first.clientId, [upsert(1, 'repairJob', 'rj-relogin', { address: '东村' }, hlc(0, 'dev-a')), upsert(2, 'repairJob', 'rj-relogin', { address: '西村' }, hlc(1, 'dev-a'))]),
    });
    expect(push.json.lastMid).toBe(2);
    const again = await app.login('line2', { clientId: first.clientId, deviceName: 'renamed' });
    expect(again.deviceId).toBe(first.deviceId);
    expect(again.clientId).toBe(first.clientId);
    expect(again.deviceCode).toBe(first.deviceCode);
    // The old session ends; the new one sees the mids already held, so the outbox carries on at 3.
    expect((await pull(first.accessToken)).status).toBe(401);
    const p = await pull(again.accessToken);
    expect(p.json.lastMid).toBe(2);
    const next = await api(app.url, '/api/sync/push', { token: again.accessToken, body: pushBody(again.clientId, [upsert(3, 'repairJob', 'rj-relogin', { cause: '树障' }, hlc(2, 'dev-a'))]) });
    expect(next.json).toEqual({ lastMid: 3, rejections: [] });
  });

  it("does not hand another user's device to whoever presents its client id", async () => {
    const owner = await app.login('line1');
    const thief = await app.login('clerk1', { clientId: owner.clientId });
    expect(thief.deviceId).not.toBe(owner.deviceId);
    expect(thief.clientId).not.toBe(owner.clientId);
    expect((await pull(owner.accessToken)).status).toBe(200);
  });

  it('adopts a client id the device made itself', async () => {
    const l = await app.login('clerk1', { clientId: 'device-made-0001' });
    expect(l.clientId).toBe('device-made-0001');
  });
});

describe('bearer tokens', () => {
  it('answers auth.required without a token and auth.invalid for a forged or malformed one', async () => {
    const none = await pull();
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ error: 'auth.required' });
    const forged = await pull('A'.repeat(43));
    expect(forged.status).toBe(401);
    expect(forged.json).toEqual({ error: 'auth.invalid' });
    const malformed = await pull(undefined, { authorization: 'Basic abc' });
    expect(malformed.json).toEqual({ error: 'auth.invalid' });
    const l = await app.login('clerk1');
    // A refresh token is not an access token.
    expect((await pull(l.refreshToken)).json).toEqual({ error: 'auth.invalid' });
  });

  it('answers auth.expired for an expired access token', async () => {
    const l = await app.login('clerk1');
    expect((await pull(l.accessToken)).status).toBe(200);
    await app.pool.query("UPDATE tokens SET expires_at = now() - interval '1 second' WHERE hash = $1", [hashToken(l.accessToken)]);
    const r = await pull(l.accessToken);
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: 'auth.expired' });
  });

  it('guards blobs too', async () => {
    const r = await api(app.url, `/api/blobs/${'a'.repeat(64)}`);
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: 'auth.required' });
  });
});

describe('refresh', () => {
  it('rotates both tokens: the old pair stops working, the device stays', async () => {
    const l = await app.login('chief1');
    const r = await api(app.url, '/api/auth/refresh', { body: { refreshToken: l.refreshToken } });
    expect(r.status).toBe(200);
    expect(r.json.deviceId).toBe(l.deviceId);
    expect(r.json.clientId).toBe(l.clientId);
    expect(r.json.accessToken).not.toBe(l.accessToken);
    expect(r.json.refreshToken).not.toBe(l.refreshToken);
    expect((await pull(l.accessToken)).status).toBe(401);
    expect((await pull(r.json.accessToken)).status).toBe(200);
    const replay = await api(app.url, '/api/auth/refresh', { body: { refreshToken: l.refreshToken } });
    expect(replay.status).toBe(401);
    expect(replay.json).toEqual({ error: 'auth.invalid' });
  });

  it('slides: a refreshed refresh token lasts 30 days from now', async () => {
    const l = await app.login('chief1');
    await app.pool.query("UPDATE tokens SET expires_at = now() + interval '1 day' WHERE hash = $1", [hashToken(l.refreshToken)]);
    const r = await api(app.url, '/api/auth/refresh', { body: { refreshToken: l.refreshToken } });
    const { rows } = await app.pool.query('SELECT expires_at FROM tokens WHERE hash = $1', [hashToken(r.json.refreshToken)]);
    expect(Date.parse(rows[0].expires_at) - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);
  });

  it('answers auth.expired for an expired refresh token, and 400 for no token', async () => {
    const l = await app.login('chief1');
    await app.pool.query("UPDATE tokens SET expires_at = now() - interval '1 second' WHERE hash = $1", [hashToken(l.refreshToken)]);
    const r = await api(app.url, '/api/auth/refresh', { body: { refreshToken: l.refreshToken } });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: 'auth.expired' });
    const bad = await api(app.url, '/api/auth/refresh', { body: {} });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('body.invalid');
  });

  it('refuses a disabled user', async () => {
    const l = await app.login('clerk1');
    await app.pool.query("UPDATE users SET disabled = true WHERE username = 'clerk1'");
    try {
      expect((await pull(l.accessToken)).json).toEqual({ error: 'auth.invalid' });
      const again = await api(app.url, '/api/auth/login', { body: { username: 'clerk1', password: PASSWORD, deviceName: 'x' } });
      expect(again.status).toBe(403);
      expect(again.json).toEqual({ error: 'auth.disabled' });
    } finally {
      await app.pool.query("UPDATE users SET disabled = false WHERE username = 'clerk1'");
    }
  });
});
