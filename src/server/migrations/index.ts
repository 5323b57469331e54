import type pg from 'pg';
import { sql as initial } from './001-initial';
import { sql as access } from './002-access';
import { sql as ledger } from './003-ledger';

// Numbered, append-only steps. All pending steps run in one transaction under an advisory
// lock, so two server copies starting together against one PostgreSQL do not race.

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { id: 1, name: 'initial', sql: initial },
  { id: 2, name: 'access', sql: access },
  { id: 3, name: 'ledger', sql: ledger },
];

/** Arbitrary but fixed: the key every copy of the server agrees on. */
const MIGRATION_LOCK = 0x5d_00_00_01;

export async function migrate(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  const ran: number[] = [];
  const onError = () => undefined; // the failing query reports it; see db.ts withTransaction
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ id: number }>('SELECT id FROM schema_migrations');
    const done = new Set(rows.map((r) => r.id));
    const newest = Math.max(0, ...done);
    const known = Math.max(...MIGRATIONS.map((m) => m.id));
    if (newest > known) throw new Error(`database schema ${newest} is newer than this server knows (${known}); upgrade the server`);
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      ran.push(m.id);
    }
    await client.query('COMMIT');
    return ran;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.off('error', onError);
    client.release();
  }
}
