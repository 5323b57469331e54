import type pg from 'pg';
import type { DeviceHealth } from '../../sync/protocol';
import type { AuthContext } from '../auth';
import { audit, type Reply } from './audit';
import { isChief } from './staff-admin';

// The chief's list of the station's devices, from the health each push reports, and
// revoking one: it may push once more, is told to wipe, then every request answers 401.

export interface DeviceView {
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
  health: (DeviceHealth & { schemaVersion?: number }) | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function listDevices(pool: pg.Pool, auth: AuthContext): Promise<Reply> {
  if (!isChief(auth)) return { status: 403, body: { error: 'auth.forbidden' } };
  const { rows } = await pool.query<{
    id: string; name: string; code: string; user_id: string; user_name: string; role: string;
    created_at: Date; last_sync_at: Date | null; revoked_at: Date | null; wipe_sent_at: Date | null; health: DeviceView['health'];
  }>(
    `SELECT d.id, d.name, d.code, d.user_id, u.name AS user_name, u.role, d.created_at, d.last_sync_at, d.revoked_at, d.wipe_sent_at, d.health
       FROM devices d JOIN users u ON u.id = d.user_id WHERE d.station = $1
      ORDER BY d.revoked_at IS NOT NULL, d.last_sync_at DESC NULLS LAST, d.created_at DESC`,
    [auth.station],
  );
  const devices: DeviceView[] = rows.map((r) => ({
    id: r.id, name: r.name, code: r.code, userId: r.user_id, userName: r.user_name, role: r.role,
    createdAt: r.created_at.toISOString(), lastSyncAt: iso(r.last_sync_at), revokedAt: iso(r.revoked_at), wiped: r.wipe_sent_at !== null, health: r.health,
  }));
  return { status: 200, body: { devices } };
}

export async function revokeDevice(pool: pg.Pool, auth: AuthContext, deviceId: string): Promise<Reply> {
  if (!isChief(auth)) return { status: 403, body: { error: 'auth.forbidden' } };
  const r = await pool.query<{ revoked: boolean }>(
    `UPDATE devices SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND station = $2 RETURNING true AS revoked`,
    [deviceId, auth.station],
  );
  if (!r.rowCount) return { status: 404, body: { error: 'device.not_found' } };
  await audit(pool, auth, 'device.revoke', { detail: { device: deviceId } });
  return { status: 200, body: { ok: true } };
}
