// Ids are made on the device so offline creation never collides. UUIDv7 puts the
// creation time first, which keeps IndexedDB's primary-key B-tree appends local.

function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  // crypto.getRandomValues is in every browser, worker and Node >= 19 as a global.
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

let lastMs = -1;
let lastSeq = 0;

/** RFC 9562 UUIDv7; ids made in the same millisecond still sort in creation order. */
export function uuidv7(nowMs: number = Date.now()): string {
  const bytes = randomBytes(16);
  let ms = Math.max(0, Math.floor(nowMs));
  // A 12-bit counter in rand_a (method 1 of RFC 9562 §6.2) keeps same-ms ids monotonic.
  if (ms <= lastMs) {
    ms = lastMs;
    lastSeq += 1;
    if (lastSeq > 0xfff) {
      ms = lastMs + 1;
      lastSeq = 0;
    }
  } else {
    lastSeq = bytes[6]! & 0x07; // start low so a burst rarely overflows the counter
  }
  lastMs = ms;
  const hi = Math.floor(ms / 2 ** 16);
  const lo = ms % 2 ** 16;
  bytes[0] = (hi >>> 24) & 0xff;
  bytes[1] = (hi >>> 16) & 0xff;
  bytes[2] = (hi >>> 8) & 0xff;
  bytes[3] = hi & 0xff;
  bytes[4] = (lo >>> 8) & 0xff;
  bytes[5] = lo & 0xff;
  bytes[6] = 0x70 | ((lastSeq >>> 8) & 0x0f);
  bytes[7] = lastSeq & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
