import { startServer } from '../../src/server/app';

// The station server for the load benchmark, in its own process so that 200 simulated
// devices in the bench process do not share its event loop. Prints its URL, runs until killed.

const server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: process.env.BENCH_DATABASE_URL!, distDir: process.env.BENCH_DIST! });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
