import type { StationDb, StoredBlob } from './schema';

// Photos and signatures are stored by their SHA-256, so the same picture taken into two
// records is kept once and an upload that is repeated is harmless.

export async function sha256Hex(data: Blob | ArrayBuffer | Uint8Array): Promise<string> {
  const buf = data instanceof Blob ? await data.arrayBuffer() : data;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', buf as ArrayBuffer);
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Stores a (compressed) photo; returns its sha256 for the child row's fields. */
export async function putBlob(db: StationDb, blob: Blob, opts: { now: Date; thumbnail?: Blob }): Promise<string> {
  const sha256 = await sha256Hex(blob);
  await db.transaction('rw', db.blobs, async () => {
    const has = await db.blobs.get(sha256);
    if (has) return;
    const row: StoredBlob = { sha256, blob, bytes: blob.size, type: blob.type, uploaded: 0, createdAt: opts.now.toISOString() };
    if (opts.thumbnail) row.thumbnail = opts.thumbnail;
    await db.blobs.put(row);
  });
  return sha256;
}

export async function getBlob(db: StationDb, sha256: string): Promise<StoredBlob | null> {
  return (await db.blobs.get(sha256)) ?? null;
}

/** A blob fetched from the server: already uploaded by definition. */
export async function cacheFetchedBlob(db: StationDb, sha256: string, blob: Blob, now: Date): Promise<void> {
  await db.blobs.put({ sha256, blob, bytes: blob.size, type: blob.type, uploaded: 1, createdAt: now.toISOString() });
}

export async function markBlobUploaded(db: StationDb, sha256: string): Promise<void> {
  await db.blobs.update(sha256, { uploaded: 1 });
}

export async function blobsAwaitingUpload(db: StationDb): Promise<string[]> {
  return (await db.blobs.where('uploaded').equals(0).primaryKeys()) as string[];
}
