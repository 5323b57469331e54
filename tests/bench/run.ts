// fake-indexeddb must be in place before Dexie loads: the node benchmarks use the device
// database code unchanged on it.
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import { Env, log, missing, round, type Bench, type Figure, type Target } from './lib';

// `npm run bench [-- --only name[,name]] [-- --out FILE]`: runs the benchmarks, prints one
// table (value, floor, ratio, target, met) and optionally writes the figures as JSON.
// A benchmark that fails leaves its figures in the table as missing, with the reason.

/** Targets of each figure, for the rows of a benchmark that failed (the bench files hold the same). */
const TARGETS: Record<string, Target> = {
  bundle_js_gzip: { on: 'ratio', op: '<=', x: 1.6 },
  cold_start_offline: { on: 'ratio', op: '<=', x: 2 },
  save_p50: { on: 'ratio', op: '<=', x: 3 },
  save_p95: { on: 'ratio', op: '<=', x: 3 },
  overdue_query_100k: { on: 'ratio', op: '<=', x: 2 },
  pull_apply_rows_per_s: { on: 'ratio', op: '>=', x: 0.5 },
  push_apply_per_s: { on: 'ratio', op: '>=', x: 0.3 },
  wire_bytes_per_mutation: { on: 'ratio', op: '<=', x: 1.3 },
  clocks_50k: { on: 'ratio', op: '<=', x: 5 },
  load_200_devices_errors: { on: 'value', op: '==', x: 0 },
  load_200_devices_lost: { on: 'value', op: '==', x: 0 },
  load_200_devices_doubled: { on: 'value', op: '==', x: 0 },
  lighthouse_performance: { on: 'value', op: '>=', x: 95 },
  lighthouse_accessibility: { on: 'value', op: '>=', x: 95 },
  lighthouse_best_practices: { on: 'value', op: '>=', x: 95 },
};
const HIGHER = new Set(['pull_apply_rows_per_s', 'push_apply_per_s', 'load_200_devices_throughput', 'lighthouse_performance', 'lighthouse_accessibility', 'lighthouse_best_practices']);

interface Entry {
  /** Figure names it produces (for --only and for missing figures when it fails). */
  names: string[];
  units: string[];
  file: string;
}

const BENCHES: Entry[] = [
  { names: ['bundle_js_gzip'], units: ['KiB'], file: './bundle.bench' },
  { names: ['cold_start_offline'], units: ['ms'], file: './cold-start.bench' },
  { names: ['save_p50', 'save_p95', 'save_to_list_p50'], units: ['ms', 'ms', 'ms'], file: './save.bench' },
  { names: ['overdue_query_100k'], units: ['ms'], file: './overdue.bench' },
  { names: ['pull_apply_rows_per_s'], units: ['rows/s'], file: './pull-apply.bench' },
  { names: ['push_apply_per_s'], units: ['mutations/s'], file: './push-apply.bench' },
  { names: ['wire_bytes_per_mutation'], units: ['B'], file: './wire.bench' },
  { names: ['clocks_50k'], units: ['ms'], file: './clocks.bench' },
  {
    names: ['load_200_devices_throughput', 'load_200_devices_p50', 'load_200_devices_p95', 'load_200_devices_errors', 'load_200_devices_lost', 'load_200_devices_doubled'],
    units: ['mutations/s', 'ms', 'ms', 'count', 'count', 'count'],
    file: './load.bench',
  },
  {
    names: ['lighthouse_performance', 'lighthouse_accessibility', 'lighthouse_best_practices'],
    units: ['score', 'score', 'score'],
    file: './lighthouse.bench',
  },
];

function parseArgs(argv: string[]): { only: string[] | null; out: string | null } {
  let only: string[] | null = null;
  let out: string | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i]!;
    if (a === '--only') only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a.startsWith('--only=')) only = a.slice(7).split(',').filter(Boolean);
    else if (a === '--out') out = argv[++i] ?? null;
    else if (a.startsWith('--out=')) out = a.slice(6);
    else throw new Error(`unknown argument ${a}; use --only name[,name] and --out FILE`);
  }
  return { only, out };
}

const fmt = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : String(round(x, 4)));

function table(figs: Figure[]): string {
  const rows = [['name', 'value', 'unit', 'floor', 'ratio', 'target', 'met'], ...figs.map((f) => [
    f.name, fmt(f.value), f.unit, fmt(f.floor), fmt(f.ratio), f.target, f.met === null ? '—' : f.met ? 'yes' : 'NO',
  ])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((x, c) => x.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main() {
  const { only, out } = parseArgs(process.argv.slice(2));
  const chosen = only ? BENCHES.filter((b) => b.names.some((n) => only.some((o) => n === o || n.startsWith(o)))) : BENCHES;
  if (chosen.length === 0) throw new Error(`--only ${only?.join(',')} matches no benchmark; names: ${BENCHES.flatMap((b) => b.names).join(', ')}`);
  const env = new Env();
  const figures: Figure[] = [];
  const t0 = performance.now();
  try {
    for (const b of chosen) {
      const started = performance.now();
      log(`${b.names[0]}: running`);
      try {
        const mod = (await import(b.file)) as { default: Bench };
        figures.push(...(await mod.default(env)));
      } catch (e) {
        const reason = e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
        log(`${b.names[0]} failed: ${e instanceof Error ? e.stack : String(e)}`);
        b.names.forEach((n, i) => figures.push(missing(n, b.units[i]!, HIGHER.has(n) ? 'higher' : 'lower', TARGETS[n] ?? null, reason)));
      }
      log(`${b.names[0]}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await env.close();
  }
  const text = table(figures);
  process.stdout.write(`\n${text}\n\nnpm run bench: ${figures.length} figures in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  for (const f of figures) if (f.note) process.stdout.write(`  ${f.name}: ${f.note}\n`);
  if (out) {
    writeFileSync(out, JSON.stringify({ figures }, null, 2) + '\n');
    process.stdout.write(`wrote ${out}\n`);
  }
  // Handles of pg pools or Chromium must not keep a finished run alive.
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
