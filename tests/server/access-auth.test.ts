import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, PASSWORD, startTestApp, type TestApp } from './helpers';

// Tokens: lifetimes, rotation, logout, disabling; login throttling per account and address.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

const pull = (token: string) => api(app.url, '/api/sync/pull', { token, body: { cursor: 0 } });
const login = (username: string, password: string) => api(app.url, '/api/auth/login', { body: { username, password, deviceName: 'x' } });

describe('tokens', () => {
  it('gives access for at most 60 minutes and rotates the refresh token on use, 30 days ahead each time', async () => {
    const l = await app.login('line1');
    expect(Date.parse(l.expiresAt) - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    const r1 = await api(app.url, '/api/auth/refresh', { body: { refreshToken: l.refreshToken } });
    expect(r1.status).toBe(200);
    expect(r1.json.refreshToken).not.toBe(l.refreshToken);
    // The used one is spent, and the old access token with it.
    expect((await api(app.url, '/api/auth/refresh', { body: { refreshToken: l.refreshToken } })).status).toBe(401);
    expect((await pull(l.accessToken)).status).toBe(401);
    expect((await pull(r1.json.accessToken)).status).toBe(200);
    const { rows } = await app.pool.query("SELECT expires_at FROM tokens WHERE device_id = $1 AND kind = 'refresh' AND revoked_at IS NULL", [l.deviceId]);
    expect(Date.parse(rows[0].expires_at) - Date.now()).toBeGreaterThan(29.9 * 24 * 3600_000);
  });

  it('ends the device\'s tokens on logout and keeps the device', async () => {
    const l = await app.login('clerk1');
    const out = await api(app.url, '/api/auth/logout', { method: 'POST', token: l.accessToken });
    expect(out.status).toBe(200);
    expect((await pull(l.accessToken)).status).toBe(401);
    expect((await api(app.url, '/api/auth/refresh', { body: { refreshToken: l.refreshToken } })).status).toBe(401);
    const again = await app.login('clerk1', { clientId: l.clientId });
    expect(again.deviceId).toBe(l.deviceId);
    expect(again.deviceCode).toBe(l.deviceCode);
  });

  it('ends every session of a user the chief disables, and refuses their login', async () => {
    const chief = await app.login('chief1');
    const l = await app.login('line2');
    const staff = await api(app.url, '/api/staff', { token: chief.accessToken });
    const id = staff.json.staff.find((s: any) => s.username === 'line2').id;
    expect((await api(app.url, `/api/staff/${id}`, { method: 'PATCH', token: chief.accessToken, body: { disabled: true } })).status).toBe(200);
    expect((await pull(l.accessToken)).status).toBe(401);
    expect((await api(app.url, '/api/auth/refresh', { body: { refreshToken: l.refreshToken } })).status).toBe(401);
    expect((await login('line2', PASSWORD)).json).toEqual({ error: 'auth.disabled' });
    expect((await api(app.url, `/api/staff/${id}`, { method: 'PATCH', token: chief.accessToken, body: { disabled: false } })).status).toBe(200);
    expect((await login('line2', PASSWORD)).status).toBe(200);
  });
});

describe('login throttling', () => {
  it('throttles 20 wrong passwords in a row, then even the right one, with Retry-After', async () => {
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await login('chief1', `wrong-${i}`));
    const statuses = answers.map((a) => a.status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[19]).toBe(429);
    const last = answers[19]!;
    expect(last.json.error).toBe('auth.throttled');
    expect(last.json.retryAfterSeconds).toBeGreaterThan(0);
    expect(Number(last.headers.get('retry-after'))).toBe(last.json.retryAfterSeconds);
    const right = await login('chief1', PASSWORD);
    expect(right.status).toBe(429);
    // Other accounts are not held back by it.
    expect((await login('clerk1', PASSWORD)).status).toBe(200);
  });

  it('answers an unknown user exactly like a wrong password, throttling included', async () => {
    const unknown = [];
    const known = [];
    for (let i = 0; i < 12; i++) {
      unknown.push(await login('nobody-here', `wrong-${i}`));
      known.push(await login('line1', `wrong-${i}`));
    }
    expect(unknown.map((a) => [a.status, a.json.error])).toEqual(known.map((a) => [a.status, a.json.error]));
    expect(unknown[11]!.status).toBe(429);
  });
});
