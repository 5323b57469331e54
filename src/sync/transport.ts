import { encodePush, type PullRequest, type PullResponse, type PushRequest, type PushResponse } from './protocol';

// The engine talks to the server only through this interface, so the simulator can put a
// lossy network in between and tests can answer 401 or 503 at will.

export type TransportResult<T> =
  | { ok: true; status: number; body: T }
  /** status 0: no answer at all (offline, DNS, connection cut). */
  | { ok: false; status: number; error: string; retryAfterSeconds?: number };

export interface Transport {
  push(body: PushRequest): Promise<TransportResult<PushResponse>>;
  pull(body: PullRequest): Promise<TransportResult<PullResponse>>;
  /** PUT /api/blobs/{sha256}; a repeat is harmless. */
  putBlob?(sha256: string, blob: Blob): Promise<TransportResult<unknown>>;
}

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportTimeouts {
  /** A push or pull with no complete answer by then is given up (ms). */
  requestMs: number;
  /** A photo upload, which may crawl over a weak signal (ms). */
  blobMs: number;
}

/**
 * At the edge of coverage a connection can stall with no error for many minutes (TCP keeps
 * retrying). The sync run holds the user's lock meanwhile, so neither the page nor the
 * service worker could sync: a stalled request is cut and counts as no network. A cut push
 * the server did apply is harmless: the retry carries the same mids.
 */
const DEFAULT_TIMEOUTS: TransportTimeouts = { requestMs: 120_000, blobMs: 600_000 };

/** Runs `work` with a signal that aborts after `ms`; `late()` says whether that is why it failed. */
export async function withDeadline<T>(ms: number, work: (signal: AbortSignal, late: () => boolean) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, ms);
  try {
    return await work(abort.signal, () => timedOut);
  } finally {
    clearTimeout(timer);
  }
}

export function httpTransport(
  baseUrl: string,
  getToken: () => string | null | Promise<string | null>,
  fetchImpl: FetchLike = (i, init) => globalThis.fetch(i, init),
  timeouts: TransportTimeouts = DEFAULT_TIMEOUTS,
): Transport {
  const base = baseUrl.replace(/\/$/, '');
  async function call<T>(path: string, method: string, body: BodyInit, contentType: string, limitMs = timeouts.requestMs): Promise<TransportResult<T>> {
    const token = await getToken();
    const headers: Record<string, string> = { 'content-type': contentType };
    if (token) headers.authorization = `Bearer ${token}`;
    return withDeadline(limitMs, async (signal, late): Promise<TransportResult<T>> => {
      let res: Response;
      try {
        res = await fetchImpl(`${base}${path}`, { method, headers, body, cache: 'no-store', credentials: 'omit', signal });
      } catch {
        return { ok: false, status: 0, error: late() ? 'network.timeout' : 'network' };
      }
      let parsed: unknown = null;
      try {
        parsed = await res.json();
      } catch {
        // A proxy's HTML error page, or a cut (or stall) in the middle of the body.
        if (late()) return { ok: false, status: 0, error: 'network.timeout' };
        if (res.ok) return { ok: false, status: 0, error: 'network.body' };
      }
      return answer<T>(res, parsed);
    });
  }
  function answer<T>(res: Response, parsed: unknown): TransportResult<T> {
    if (res.ok) return { ok: true, status: res.status, body: parsed as T };
    const err = (parsed ?? {}) as { error?: unknown; retryAfterSeconds?: unknown };
    const header = Number(res.headers.get('retry-after'));
    const retry = typeof err.retryAfterSeconds === 'number' ? err.retryAfterSeconds : Number.isFinite(header) && header > 0 ? header : undefined;
    const out: TransportResult<T> = { ok: false, status: res.status, error: typeof err.error === 'string' ? err.error : `http.${res.status}` };
    if (retry !== undefined) out.retryAfterSeconds = retry;
    return out;
  }
  // A server older than the app refuses the version-2 body with 400 and nothing applied;
  // from then on this device speaks version 1 to it.
  let legacy = false;
  async function push(body: PushRequest): Promise<TransportResult<PushResponse>> {
    const wire = legacy ? null : encodePush(body);
    if (wire) {
      const r = await call<PushResponse>('/api/sync/push', 'POST', JSON.stringify(wire), 'application/json');
      if (r.ok || r.status !== 400) return r;
    }
    const r = await call<PushResponse>('/api/sync/push', 'POST', JSON.stringify(body), 'application/json');
    if (wire && r.ok) legacy = true;
    return r;
  }
  return {
    push,
    pull: (body) => call<PullResponse>('/api/sync/pull', 'POST', JSON.stringify(body), 'application/json'),
    putBlob: (sha256, blob) => call<unknown>(`/api/blobs/${sha256}`, 'PUT', blob, blob.type || 'application/octet-stream', timeouts.blobMs),
  };
}
