import { getBlob, markBlobUploaded, type OutboxEntry, type StationDb } from '../db';
import type { Transport } from './transport';
import type { SyncOutcome } from './engine';

// A child row that names a photo must not reach the server before the photo does, or
// other devices would fetch a sha256 the server cannot serve.

export function blobShasOf(entries: OutboxEntry[]): string[] {
  const shas = new Set<string>();
  for (const e of entries) {
    if (e.name !== 'child.add') continue;
    const fields = (e.args as { fields?: Record<string, unknown> } | null)?.fields;
    const sha = fields?.sha256;
    if (typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha)) shas.add(sha);
  }
  return [...shas];
}

/** null when every named blob is on the server (or not on this device either). */
export async function uploadBlobsFor(db: StationDb, transport: Transport, entries: OutboxEntry[]): Promise<SyncOutcome | null> {
  for (const sha of blobShasOf(entries)) {
    const stored = await getBlob(db, sha);
    // A blob this device never had (row made elsewhere) is not ours to upload.
    if (!stored || stored.uploaded === 1) continue;
    if (!transport.putBlob) return null;
    const res = await transport.putBlob(sha, stored.blob);
    if (!res.ok) {
      if (res.status === 401 || res.status === 403) return { ok: false, reason: 'auth.needed', status: res.status };
      if (res.status === 0) return { ok: false, reason: 'network', status: 0 };
      if (res.status === 400 || res.status === 413 || res.status === 422) return { ok: false, reason: 'blob.rejected', status: res.status };
      return { ok: false, reason: 'server.unavailable', status: res.status };
    }
    await markBlobUploaded(db, sha);
  }
  return null;
}
