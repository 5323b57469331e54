#!/usr/bin/env node
// `npm test`: everything, in the order that fails fastest. Typecheck, lint, production build
// checked for ES2020 syntax, then vitest's unit, component, server and browser projects.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
const started = Date.now();
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function step(title, cmd, args, env = {}) {
  const t0 = Date.now();
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`✖ ${title} failed after ${secs}s`);
    process.exit(r.status ?? 1);
  }
  console.log(`✔ ${title} (${secs}s)`);
}

if (!existsSync(chrome)) {
  console.error(
    `✖ Chromium not found at ${chrome}: the browser end-to-end tests need it and never skip.\n` +
      `  Install it: sudo apt-get update && sudo apt-get install -y chromium\n` +
      `  or set CHROME_PATH to a Chromium/Chrome binary.`,
  );
  process.exit(1);
}

step('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('lint', bin('eslint'), ['-c', 'tests/lint/eslint.config.js', '.']);
const out = mkdtempSync(path.join(tmpdir(), 'stationdesk-build-'));
step('production build', bin('vite'), ['build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn']);
step('ES2020 syntax of the app bundles', bin('es-check'), ['es2020', `${out}/assets/*.js`, '--module', '--quiet']);
step('ES2020 syntax of the service worker', bin('es-check'), ['es2020', `${out}/sw.js`, '--quiet']);
rmSync(out, { recursive: true, force: true });

const report = path.join(mkdtempSync(path.join(tmpdir(), 'stationdesk-report-')), 'vitest.json');
const t0 = Date.now();
console.log('\n▶ vitest: unit, component, server, browser end-to-end');
const r = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { cwd: root, stdio: 'inherit' });
let passed = 0;
let failed = 0;
let skipped = 0;
let brokenFiles = 0;
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  passed = j.numPassedTests ?? 0;
  failed = j.numFailedTests ?? 0;
  // A file that fails to load has no failed test of its own; count it so the total is not 0.
  brokenFiles = (j.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed')).length;
  skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
}
console.log(`vitest took ${((Date.now() - t0) / 1000).toFixed(1)}s; npm test took ${((Date.now() - started) / 1000).toFixed(1)}s`);
if (skipped > 0) {
  console.error(`✖ ${skipped} skipped or todo tests: a skipped test hides a gap.`);
  failed += skipped;
}
if (brokenFiles > 0) console.error(`✖ ${brokenFiles} test files failed outside any test (load error or hook).`);
console.log(`tests: ${passed} passed, ${failed} failed${brokenFiles ? `, ${brokenFiles} files broken` : ''}`);
process.exit(r.status !== 0 || failed > 0 || brokenFiles > 0 ? 1 : 0);
