import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// npm start builds the PWA when dist/ is missing or older than its sources, so a station
// that pulls new code and restarts serves the new app without a separate step.

function newestMtime(p: string, skip: (p: string) => boolean): number {
  if (!existsSync(p) || skip(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e), skip));
  return newest;
}

export function needsBuild(root: string, distDir: string): boolean {
  const built = path.join(distDir, 'index.html');
  if (!existsSync(built)) return true;
  const serverDir = path.join(root, 'src', 'server');
  const sources = [path.join(root, 'src'), path.join(root, 'index.html'), path.join(root, 'public'), path.join(root, 'vite.config.ts')];
  const newest = Math.max(...sources.map((s) => newestMtime(s, (p) => p === serverDir)));
  return newest > statSync(built).mtimeMs;
}

export function buildIfStale(root: string, distDir: string): void {
  if (!needsBuild(root, distDir)) return;
  process.stdout.write('Building the app (dist/ is missing or older than its sources)...\n');
  const r = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status ?? r.signal})`);
}
