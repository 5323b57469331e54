import { createReadStream, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

// The built PWA from dist/. Hashed files under /assets/ never change, so phones may keep
// them for a year; everything else (index.html, sw.js, the manifest, locale JSON) must be
// revalidated, or an update never reaches a phone that is offline half the time.

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export const IMMUTABLE = 'public, max-age=31536000, immutable';

export function cacheControlFor(urlPath: string): string {
  return urlPath.startsWith('/assets/') ? IMMUTABLE : 'no-cache';
}

async function fileAt(distDir: string, urlPath: string): Promise<string | null> {
  const rel = path.normalize(urlPath).replace(/^([/\\])+/, '');
  const full = path.join(distDir, rel);
  if (full !== distDir && !full.startsWith(distDir + path.sep)) return null;
  try {
    const st = await fs.stat(full);
    if (st.isFile()) return full;
    if (st.isDirectory()) {
      const index = path.join(full, 'index.html');
      if ((await fs.stat(index).catch(() => null))?.isFile()) return index;
    }
  } catch {
    /* missing */
  }
  return null;
}

function send(req: IncomingMessage, res: ServerResponse, file: string, size: number, cache: string) {
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': cache,
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

function notFound(res: ServerResponse) {
  const body = JSON.stringify({ error: 'not_found' });
  res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache' });
  res.end(body);
}

/** GET/HEAD outside /api. Paths without an extension fall back to index.html (client-side routes). */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, distDir: string, urlPath: string): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return notFound(res);
  }
  if (decoded.includes('\0')) return notFound(res);
  const root = path.resolve(distDir);
  let file = await fileAt(root, decoded);
  let cache = cacheControlFor(decoded);
  if (!file && path.extname(decoded) === '') {
    file = await fileAt(root, '/index.html');
    cache = 'no-cache';
  }
  if (!file) return notFound(res);
  const st = await fs.stat(file).catch(() => null);
  if (!st) return notFound(res);
  if (path.basename(file) === 'index.html') cache = 'no-cache';
  send(req, res, file, st.size, cache);
}
