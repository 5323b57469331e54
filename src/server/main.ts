import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, startServer, type RunningServer } from './app';
import { buildIfStale } from './build';
import { error as logError, info } from './log';

// `npm start`. Configuration from the environment:
//   PORT (8080), HOST (127.0.0.1), DATA_DIR (./data), DATABASE_URL (else embedded PostgreSQL),
//   TLS_CERT + TLS_KEY (PEM file paths: serve HTTPS), EMBEDDED_PG_PORT (else a free port),
//   DIST_DIR (serve this folder as it is; no build check).

let server: RunningServer | null = null;
let stopping = false;

function stop(signal: string) {
  if (stopping) {
    logError(`${signal} again: exiting without a clean shutdown`);
    process.exit(1);
  }
  stopping = true;
  // A signal during startup is honoured once startup has finished (see main).
  if (!server) return;
  server.close().then(
    () => process.exit(0),
    (e: unknown) => {
      logError('shutdown failed', e);
      process.exit(1);
    },
  );
}

async function main() {
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const distDir = process.env.DIST_DIR ? path.resolve(process.env.DIST_DIR) : path.join(PROJECT_ROOT, 'dist');
  if (!process.env.DIST_DIR) buildIfStale(PROJECT_ROOT, distDir);
  if (Boolean(process.env.TLS_CERT) !== Boolean(process.env.TLS_KEY)) throw new Error('TLS_CERT and TLS_KEY go together');
  const port = process.env.PORT ? Number(process.env.PORT) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT ${process.env.PORT} is not a port`);

  server = await startServer({
    port,
    host: process.env.HOST ?? '127.0.0.1',
    dataDir: process.env.DATA_DIR ?? path.resolve('data'),
    databaseUrl: process.env.DATABASE_URL || undefined,
    distDir,
    tls: process.env.TLS_CERT && process.env.TLS_KEY ? { cert: process.env.TLS_CERT, key: process.env.TLS_KEY } : undefined,
  });
  info(`StationDesk listening on ${server.url}`);
  if (process.env.HOST === '0.0.0.0') {
    const scheme = server.url.split(':')[0];
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) info(`  also ${scheme}://${a.address}:${server.port}`);
    }
  }

  if (stopping) {
    stopping = false;
    stop('signal during startup');
  }
}

main().catch((e: unknown) => {
  logError('could not start', e);
  process.exit(1);
});
