import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type pg from 'pg';
import type { AuthContext } from './auth';
import { readBody } from './body';
import { Params, scopeSql } from './sync/scope';

// Photos and signatures, stored by SHA-256 per station. A repeated upload is harmless:
// the same name always means the same bytes.

export const MAX_BLOB_BYTES = 2 * 1024 * 1024;
export const SHA256_RE = /^[0-9a-f]{64}$/;

export interface BlobReply {
  status: number;
  body?: unknown;
  bytes?: Buffer;
  contentType?: string;
}

// Served back later: only types a browser will not run as a page (no HTML, no SVG).
const ALLOWED_TYPES = /^(image\/(jpeg|png|webp|gif)|application\/octet-stream)$/;

export async function putBlob(pool: pg.Pool, auth: AuthContext, sha: string, req: IncomingMessage): Promise<BlobReply> {
  if (!SHA256_RE.test(sha)) return { status: 400, body: { error: 'blob.bad_name', detail: 'lowercase hex SHA-256' } };
  const r = await readBody(req, MAX_BLOB_BYTES);
  if (!r.ok) {
    return r.reason === 'too_large'
      ? { status: 413, body: { error: 'body.too_large', detail: `at most ${MAX_BLOB_BYTES} bytes` } }
      : { status: 400, body: { error: 'body.invalid', detail: 'aborted' } };
  }
  const actual = createHash('sha256').update(r.bytes).digest('hex');
  if (actual !== sha) return { status: 400, body: { error: 'blob.hash_mismatch', detail: actual } };
  const declared = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const contentType = ALLOWED_TYPES.test(declared) ? declared : 'application/octet-stream';
  const ins = await pool.query(
    `INSERT INTO blobs (station, sha256, bytes, size, content_type, created_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (station, sha256) DO NOTHING`,
    [auth.station, sha, r.bytes, r.bytes.length, contentType, auth.userId],
  );
  return { status: ins.rowCount ? 201 : 200, body: { sha256: sha, size: r.bytes.length } };
}

export async function getBlob(pool: pg.Pool, auth: AuthContext, sha: string): Promise<BlobReply> {
  if (!SHA256_RE.test(sha)) return { status: 404, body: { error: 'blob.not_found' } };
  // A photo is shown to whoever uploaded it and to whoever holds in full a row it belongs
  // to (an appeal's scanned letter never reaches a lineman or the staff it names).
  const p = new Params([sha]);
  const scope = scopeSql(auth, 'r', p);
  // The chief also sees a photo not yet attached to any row (its row is still on the way).
  const chief = auth.role === 'chief' || auth.role === 'admin' ? 'true' : 'false';
  const { rows } = await pool.query<{ bytes: Buffer; content_type: string }>(
    `SELECT b.bytes, b.content_type FROM blobs b
      WHERE b.station = ${p.add(auth.station)} AND b.sha256 = $1
        AND (b.created_by = ${p.add(auth.userId)} OR EXISTS (
          SELECT 1 FROM children ch JOIN records r ON r.type = ch.parent_type AND r.id = ch.parent_id
           WHERE ch.data ? 'sha256' AND ch.data->>'sha256' = $1 AND ${scope.full})
        OR (${chief} AND NOT EXISTS (SELECT 1 FROM children ch WHERE ch.data ? 'sha256' AND ch.data->>'sha256' = $1)))`,
    p.values,
  );
  const row = rows[0];
  if (!row) return { status: 404, body: { error: 'blob.not_found' } };
  return { status: 200, bytes: row.bytes, contentType: row.content_type };
}
