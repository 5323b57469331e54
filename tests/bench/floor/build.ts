import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { ROOT } from '../lib';

/** The floor build: this folder as the root, with the app's own vite config, target, public folder and service worker. */
export async function buildFloor(outDir: string): Promise<string> {
  await build({
    configFile: path.join(ROOT, 'vite.config.ts'),
    root: import.meta.dirname,
    publicDir: path.join(ROOT, 'public'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  if (!existsSync(path.join(outDir, 'sw.js'))) throw new Error(`floor build into ${outDir} produced no sw.js`);
  return outDir;
}
