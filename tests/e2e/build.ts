import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** Production build into `outDir`; a distinct buildId makes a different version of the same code. */
export function buildApp(outDir: string, buildId?: string): string {
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    env: { ...process.env, ...(buildId ? { APP_BUILD_ID: buildId } : {}) },
    stdio: 'inherit',
  });
  if (!existsSync(path.join(outDir, 'sw.js'))) throw new Error(`build into ${outDir} produced no sw.js`);
  return outDir;
}
