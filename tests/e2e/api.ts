import { formatHlc } from '../../src/domain/hlc';
import type { RunningServer } from './server';
import { TEST_PASSWORD } from './server';

// A device that talks to the station server the way the app does, without a browser: for
// tests that need many records, or writes made "at" a chosen moment, before the screens look.

export interface ApiDevice {
  token: string;
  clientId: string;
  code: string;
  userId: string;
  mid: number;
}

export interface ApiMutation {
  name: string;
  args: unknown;
}

export async function apiLogin(server: RunningServer, username: string, password = TEST_PASSWORD): Promise<ApiDevice> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, deviceName: `${username}-api` }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const b = (await res.json()) as { accessToken: string; clientId: string; deviceCode: string; user: { id: string } };
  return { token: b.accessToken, clientId: b.clientId, code: b.deviceCode, userId: b.user.id, mid: 0 };
}

let counter = 0;

/** One push of up to 100 mutations, stamped at `atMs` (default now); answers the server's body. */
export async function apiPush(server: RunningServer, d: ApiDevice, mutations: readonly ApiMutation[], atMs = Date.now()): Promise<{ status: number; body: { lastMid?: number; rejections?: { mid: number; code: string }[] } }> {
  const batch = mutations.map((m) => ({ ...m, mid: ++d.mid, hlc: formatHlc({ ms: atMs, counter: ++counter % 1e6, node: d.clientId }) }));
  const res = await fetch(`${server.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${d.token}` },
    body: JSON.stringify({ clientId: d.clientId, schemaVersion: 1, device: { pending: 0, oldestPendingAt: null, appVersion: 'test', storageUsed: null, storageQuota: null, clockOffsetMs: 0 }, mutations: batch }),
  });
  return { status: res.status, body: (await res.json()) as { lastMid?: number; rejections?: { mid: number; code: string }[] } };
}

export const upsert = (type: string, id: string, fields: Record<string, unknown>, base: Record<string, string | null> = {}): ApiMutation => ({ name: 'record.upsert', args: { type, id, fields, base } });
