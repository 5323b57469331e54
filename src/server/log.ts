// The server prints little: its URL, real errors, and facts an operator must act on.
// PostgreSQL's own chatter (checkpoints, startup lines) stays out of the way.

let quiet = process.env.STATIONDESK_QUIET === '1';

export function setQuiet(q: boolean): void {
  quiet = q;
}

export function info(msg: string): void {
  if (!quiet) process.stdout.write(`${msg}\n`);
}

export function warn(msg: string): void {
  process.stderr.write(`stationdesk: ${msg}\n`);
}

export function error(msg: string, e?: unknown): void {
  const detail = e instanceof Error ? (e.stack ?? e.message) : e === undefined ? '' : String(e);
  process.stderr.write(`stationdesk: ${msg}${detail ? `\n${detail}` : ''}\n`);
}

/** Only PostgreSQL lines that report a failure of the server itself reach the console. */
export function quietPgLog(chunk: string): void {
  // STATIONDESK_PG_LOG=1 shows all of it, for diagnosing a server that will not start.
  if (process.env.STATIONDESK_PG_LOG === '1') {
    process.stderr.write(chunk.replace(/^/gm, 'postgres: '));
    return;
  }
  for (const line of chunk.split('\n')) {
    // Ending connections on shutdown or on request is routine, not a failure.
    if (/\b(FATAL|PANIC):/.test(line) && !/the database system is (starting up|shutting down)|terminating connection due to administrator command/.test(line)) {
      process.stderr.write(`postgres: ${line.trim()}\n`);
    }
  }
}
