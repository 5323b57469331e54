import type { IncomingMessage } from 'node:http';

// Request bodies are bounded: a body over the limit is not buffered. Its remaining bytes
// are drained (up to a cap) so the client can read our 413 instead of a connection reset.

export type BodyResult = { ok: true; bytes: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

const DRAIN_CAP = 16 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    let over = Number.isFinite(declared) && declared > limit;
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (!done) {
        done = true;
        resolve(r);
      }
    };
    if (over) {
      drain(req);
      finish({ ok: false, reason: 'too_large' });
      return;
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (over) return;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        drain(req);
        finish({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, bytes: Buffer.concat(chunks) }));
    req.on('error', () => finish({ ok: false, reason: 'aborted' }));
    req.on('aborted', () => finish({ ok: false, reason: 'aborted' }));
  });
}

function drain(req: IncomingMessage) {
  let seen = 0;
  req.on('data', (c: Buffer) => {
    seen += c.length;
    if (seen > DRAIN_CAP) req.destroy();
  });
  req.resume();
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; status: number; body: { error: string; detail?: string } };

export async function readJson(req: IncomingMessage, limit: number): Promise<JsonResult> {
  const r = await readBody(req, limit);
  if (!r.ok) {
    if (r.reason === 'too_large') return { ok: false, status: 413, body: { error: 'body.too_large', detail: `at most ${limit} bytes` } };
    return { ok: false, status: 400, body: { error: 'body.invalid', detail: 'aborted' } };
  }
  try {
    return { ok: true, value: JSON.parse(r.bytes.toString('utf8')) };
  } catch (e) {
    return { ok: false, status: 400, body: { error: 'body.invalid', detail: `not JSON: ${(e as Error).message.slice(0, 100)}` } };
  }
}
