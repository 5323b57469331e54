import { authed } from './access';

// The chief's staff, devices and audit screens talk to the server directly: these are
// online tasks, never kept on the device.

export interface StaffRow {
  id: string;
  name: string;
  role: 'lineman' | 'clerk' | 'chief' | 'admin';
  username?: string;
  disabled?: boolean;
}

export interface DeviceRow {
  id: string;
  name: string;
  code: string;
  userId: string;
  userName: string;
  role: string;
  createdAt: string;
  lastSyncAt: string | null;
  revokedAt: string | null;
  wiped: boolean;
  health: {
    pending: number;
    oldestPendingAt: string | null;
    appVersion: string;
    storageUsed: number | null;
    storageQuota: number | null;
    clockOffsetMs: number | null;
  } | null;
}

export interface AuditRow {
  at: string;
  userId: string | null;
  userName: string | null;
  action: string;
  type: string | null;
  id: string | null;
  detail: unknown;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string };

async function call<T>(path: string, init: RequestInit = {}): Promise<Outcome<T>> {
  const res = await authed(path, init);
  if (!res) return { ok: false, code: 'network' };
  const body = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) return { ok: false, code: body.error ?? 'unknown' };
  return { ok: true, value: body };
}

export async function loadStaff(): Promise<Outcome<StaffRow[]>> {
  const r = await call<{ staff: StaffRow[] }>('/api/staff');
  return r.ok ? { ok: true, value: r.value.staff } : r;
}

export interface NewStaff {
  username: string;
  name: string;
  role: 'lineman' | 'clerk' | 'chief';
  password: string;
}

export async function addStaff(s: NewStaff): Promise<Outcome<{ id: string }>> {
  if (!s.username.trim() || !s.name.trim() || !s.password) return { ok: false, code: 'required' };
  if ([...s.password].length < 8) return { ok: false, code: 'user.password_too_short' };
  return call('/api/staff', { method: 'POST', body: JSON.stringify({ ...s, username: s.username.trim(), name: s.name.trim() }) });
}

export type StaffChange = { disabled?: boolean; password?: string; role?: 'lineman' | 'clerk' | 'chief'; name?: string };

export async function changeStaff(id: string, change: StaffChange): Promise<Outcome<{ ok: true }>> {
  if (change.password !== undefined && [...change.password].length < 8) return { ok: false, code: 'user.password_too_short' };
  return call(`/api/staff/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(change) });
}

export async function loadDevices(): Promise<Outcome<DeviceRow[]>> {
  const r = await call<{ devices: DeviceRow[] }>('/api/devices');
  return r.ok ? { ok: true, value: r.value.devices } : r;
}

export async function revokeDevice(id: string): Promise<Outcome<{ ok: true }>> {
  return call(`/api/devices/${encodeURIComponent(id)}/revoke`, { method: 'POST' });
}

export async function loadAudit(before?: string): Promise<Outcome<AuditRow[]>> {
  const r = await call<{ entries: AuditRow[] }>(`/api/audit${before ? `?before=${encodeURIComponent(before)}` : ''}`);
  return r.ok ? { ok: true, value: r.value.entries } : r;
}
