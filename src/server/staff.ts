import type pg from 'pg';
import type { AuthContext } from './auth';

// The station's staff directory for devices: names for timelines and linemen to dispatch to.
// Only id, name and role leave the server; never usernames or anything about passwords.

export async function listStaff(pool: pg.Pool, auth: AuthContext): Promise<{ status: number; body: unknown }> {
  const { rows } = await pool.query<{ id: string; name: string; role: string }>(
    'SELECT id, name, role FROM users WHERE station = $1 AND NOT disabled ORDER BY role, name',
    [auth.station],
  );
  return { status: 200, body: { staff: rows } };
}
