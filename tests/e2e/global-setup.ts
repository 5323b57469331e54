import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPg } from '../../src/server/embedded-pg';
import { assertChromium } from './browser';
import { buildApp } from './build';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    distDir: string;
    distDirNext: string;
  }
}

// One PostgreSQL and two production builds (this version and a "next" one) for every
// browser test file; each file makes its own database so files never share rows.
export default async function setup(project: TestProject) {
  assertChromium();
  const work = mkdtempSync(path.join(tmpdir(), 'stationdesk-e2e-'));
  chmodSync(work, 0o755); // the embedded server runs as user postgres and must reach its folder
  const distDir = buildApp(path.join(work, 'dist'));
  const distDirNext = buildApp(path.join(work, 'dist-next'), 'next');
  const pg = await startEmbeddedPg({ dir: path.join(work, 'pg') });
  project.provide('pgUrl', pg.url);
  project.provide('distDir', distDir);
  project.provide('distDirNext', distDirNext);
  return async () => {
    await pg.stop();
    rmSync(work, { recursive: true, force: true });
  };
}
