import path from 'node:path';
import { createStation, createUser, type OpResult } from './admin-ops';
import { APP_DATABASE } from './app';
import { createPool } from './db';
import { ensureDatabase, startEmbeddedPg, urlOfRunning, type EmbeddedPg } from './embedded-pg';
import { migrate } from './migrations';

// npm run admin -- create-station CODE NAME
// npm run admin -- create-user USERNAME --role ROLE --station CODE --password-stdin [--name NAME]
// Works with the server running or not: a running embedded PostgreSQL for DATA_DIR is
// reused (port from postmaster.pid), otherwise one is started for the command and stopped.

const USAGE = `usage:
  npm run admin -- create-station CODE NAME
  npm run admin -- create-user USERNAME --role lineman|clerk|chief|admin --station CODE --password-stdin [--name NAME]`;

function fail(code: string, detail?: string, exit = 1): never {
  process.stderr.write(`error: ${code}${detail ? ` (${detail})` : ''}\n`);
  process.exit(exit);
}

function flags(args: string[]): { positional: string[]; opts: Map<string, string | true> } {
  const positional: string[] = [];
  const opts = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--password-stdin') opts.set('password-stdin', true);
    else if (a.startsWith('--')) {
      const v = args[++i];
      if (v === undefined) fail('usage.missing_value', a, 2);
      opts.set(a.slice(2), v);
    } else positional.push(a);
  }
  return { positional, opts };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function connect(): Promise<{ url: string; embedded: EmbeddedPg | null }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: null };
  const dir = path.join(path.resolve(process.env.DATA_DIR ?? 'data'), 'pg');
  const running = urlOfRunning(dir);
  if (running) return { url: await ensureDatabase(running, APP_DATABASE), embedded: null };
  const embedded = await startEmbeddedPg({ dir });
  return { url: await ensureDatabase(embedded.url, APP_DATABASE), embedded };
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { positional, opts } = flags(rest);
  let run: (pool: import('pg').Pool) => Promise<OpResult<unknown>>;
  let done: string;
  if (command === 'create-station') {
    const [code, ...nameParts] = positional;
    if (!code || !nameParts.length) fail('usage', USAGE, 2);
    run = (pool) => createStation(pool, code, nameParts.join(' '));
    done = `station ${code} created`;
  } else if (command === 'create-user') {
    const [username] = positional;
    const role = opts.get('role');
    const station = opts.get('station');
    const name = opts.get('name');
    if (!username || typeof role !== 'string' || typeof station !== 'string') fail('usage', USAGE, 2);
    // Passwords only from stdin: never on the command line, where ps and shell history see them.
    if (opts.get('password-stdin') !== true) fail('usage.password_stdin_required', USAGE, 2);
    const password = await readStdin();
    run = (pool) => createUser(pool, { username, role, station, password, name: typeof name === 'string' ? name : undefined });
    done = `user ${username} (${role}) created in station ${station}`;
  } else {
    fail('usage', USAGE, 2);
  }
  const { url, embedded } = await connect();
  const pool = createPool(url, 2);
  try {
    await migrate(pool);
    const r = await run(pool);
    if (r.ok) process.stdout.write(`${done}\n`);
    else {
      process.stderr.write(`error: ${r.error}${r.detail ? ` (${r.detail})` : ''}\n`);
      process.exitCode = 1;
    }
  } finally {
    // Stopped before exiting, so a CLI-started PostgreSQL never outlives the command.
    await pool.end().catch(() => undefined);
    await embedded?.stop();
  }
}

main().catch((e: unknown) => fail('admin.failed', e instanceof Error ? e.message : String(e)));
