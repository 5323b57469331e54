import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CHROME_FLAGS, CHROME_PATH } from '../e2e/browser';
import { figure, log, missing, type Env, type Figure, type Target } from './lib';

// Lighthouse 12.8.2 (fetched by npx at bench time) on the production build served by the
// real server, mobile (its default form factor and throttling), first visit: performance,
// accessibility and best practices, each a figure of its own with target >= 95.

const CATEGORIES = [
  ['performance', 'lighthouse_performance'],
  ['accessibility', 'lighthouse_accessibility'],
  ['best-practices', 'lighthouse_best_practices'],
] as const;
const TARGET: Target = { on: 'value', op: '>=', x: 95 };

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 }, (err, _stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr: String(stderr) });
    });
  });
}

export default async function lighthouse(env: Env): Promise<Figure[]> {
  const server = await env.appServer();
  const out = path.join(env.work, 'lighthouse.json');
  const args = [
    '-y', 'lighthouse@12.8.2', `${server.url}/`,
    '--form-factor=mobile', `--only-categories=${CATEGORIES.map((c) => c[0]).join(',')}`,
    '--output=json', `--output-path=${out}`, `--chrome-flags=${CHROME_FLAGS.join(' ')}`, '--quiet',
  ];
  const r = await run('npx', args, { ...process.env, CHROME_PATH });
  let report: { categories?: Record<string, { score: number | null }>; audits?: Record<string, { displayValue?: string }>; runtimeError?: { message: string } } | null = null;
  try {
    report = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    report = null;
  }
  if (r.code !== 0 || !report?.categories) {
    const reason = `npx lighthouse@12.8.2 exit ${r.code}: ${(report?.runtimeError?.message ?? r.stderr).trim().split('\n').slice(-3).join(' ').slice(0, 300)}`;
    log(reason);
    return CATEGORIES.map(([, name]) => missing(name, 'score', 'higher', TARGET, reason));
  }
  const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'speed-index', 'cumulative-layout-shift']
    .map((a) => `${a} ${report!.audits?.[a]?.displayValue ?? '?'}`).join(', ');
  return CATEGORIES.map(([cat, name]) => {
    const score = report!.categories![cat]?.score;
    return score === null || score === undefined
      ? missing(name, 'score', 'higher', TARGET, `no ${cat} score in the report`)
      : figure({ name, value: Math.round(score * 100), unit: 'score', better: 'higher', target: TARGET, note: name === 'lighthouse_performance' ? `mobile, first visit of the login screen: ${metrics}` : undefined });
  });
}
