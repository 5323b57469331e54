import preact from '@preact/preset-vite';
import path from 'node:path';
import { build } from 'vite';

/** The harness page, built with the app's target and plugins (no service worker: it is not an app). */
export async function buildHarness(outDir: string): Promise<string> {
  await build({
    configFile: false,
    root: import.meta.dirname,
    logLevel: 'warn',
    plugins: [preact()],
    define: { __APP_VERSION__: JSON.stringify('bench') },
    build: { outDir, emptyOutDir: true, target: ['es2020', 'chrome87', 'safari15'], sourcemap: false },
  });
  return path.join(outDir);
}
