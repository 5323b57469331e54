// `npm run soak`: the sync simulator at 10,000 traces (SIM_RUNS overrides; SIM_SEED picks
// another seed). It runs the same vitest files as `npm test`, with the same embedded
// PostgreSQL global setup, only longer; a failure prints fast-check's seed and shrunk trace.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = process.env.SIM_RUNS ?? '10000';
const bin = path.join(root, 'node_modules', '.bin', 'vitest');
console.log(`soak: ${runs} simulator traces${process.env.SIM_SEED ? `, seed ${process.env.SIM_SEED}` : ''}`);
const r = spawnSync(bin, ['run', '--project', 'server', 'tests/server/sim.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SIM_RUNS: runs },
});
process.exit(r.status ?? 1);
