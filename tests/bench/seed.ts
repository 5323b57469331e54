import type pg from 'pg';
import type { AuthContext } from '../../src/server/auth';
import { DEFAULT_TOKENS, issueTokens } from '../../src/server/tokens';
import type { Role } from '../../src/sync/protocol';

// Stations, users, devices, clients and access tokens straight into the tables (as the
// server's simulator does): login's password hashing would otherwise dominate setup.

export interface SeededDevice {
  auth: AuthContext;
  accessToken: string;
}

export async function seedDevices(pool: pg.Pool, stations: string[], perStation: number, role: Role = 'clerk'): Promise<SeededDevice[]> {
  const out: SeededDevice[] = [];
  for (const st of stations) {
    await pool.query('INSERT INTO stations (code, name) VALUES ($1, $1) ON CONFLICT DO NOTHING', [st]);
    const auths: AuthContext[] = [];
    for (let i = 0; i < perStation; i += 1) {
      auths.push({ userId: `${st}-u${i}`, role, station: st, deviceId: `${st}-d${i}`, clientId: `${st}-c${i}` });
    }
    const col = <K extends keyof AuthContext>(k: K) => auths.map((a) => a[k]);
    await pool.query(
      `INSERT INTO users (id, station, username, name, role, password_hash) SELECT u, $2, u, u, $3, 'x' FROM unnest($1::text[]) AS t(u)`,
      [col('userId'), st, role],
    );
    await pool.query(
      `INSERT INTO devices (id, user_id, station, name, code, client_id) SELECT d, u, $4, d, d, c FROM unnest($1::text[], $2::text[], $3::text[]) AS t(d, u, c)`,
      [col('deviceId'), col('userId'), col('clientId'), st],
    );
    await pool.query('INSERT INTO clients (client_id, device_id) SELECT c, d FROM unnest($1::text[], $2::text[]) AS t(c, d)', [col('clientId'), col('deviceId')]);
    for (const auth of auths) {
      const c = await pool.connect();
      try {
        const t = await issueTokens(c, auth.deviceId, DEFAULT_TOKENS);
        out.push({ auth, accessToken: t.accessToken });
      } finally {
        c.release();
      }
    }
  }
  return out;
}
