import type { SyncEngine } from './engine';

// When the page runs the sync routine. Safari and Firefox have no Background Sync, so
// these page triggers are the floor; Background Sync is registered as an extra.

export const BACKGROUND_SYNC_TAG = 'stationdesk-sync';

interface EventTargetLike {
  addEventListener(type: string, fn: () => void): void;
  removeEventListener(type: string, fn: () => void): void;
}
interface DocumentLike extends EventTargetLike {
  visibilityState: string;
}
interface RegistrationLike {
  sync?: { register(tag: string): Promise<void> };
}

export interface PageTriggerOptions {
  /** The window (or anything with online events); defaults to globalThis. */
  target?: EventTargetLike;
  document?: DocumentLike | null;
  intervalMs?: number;
  debounceMs?: number;
  /** The service worker registration, for Background Sync; null when there is none. */
  registration?: RegistrationLike | null | (() => RegistrationLike | null | Promise<RegistrationLike | null>);
  now?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

const savedListeners = new Set<() => void>();

/** Call after every successful save: syncs about a second later and asks for Background Sync. */
export function notifySaved(): void {
  for (const l of [...savedListeners]) l();
}

export function installPageTriggers(engine: SyncEngine, opts: PageTriggerOptions = {}): () => void {
  const g = globalThis as unknown as { document?: DocumentLike };
  const target: EventTargetLike | null = opts.target ?? (typeof (globalThis as { addEventListener?: unknown }).addEventListener === 'function' ? (globalThis as unknown as EventTargetLike) : null);
  const doc = opts.document === undefined ? g.document ?? null : opts.document;
  const intervalMs = opts.intervalMs ?? 30_000;
  const debounceMs = opts.debounceMs ?? 1_000;
  const now = opts.now ?? (() => Date.now());
  const setT = opts.setTimeout ?? ((fn: () => void, ms: number) => globalThis.setTimeout(fn, ms));
  const clearT = opts.clearTimeout ?? ((h: unknown) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>));
  let debounce: unknown = null;
  let periodic: unknown = null;
  let retry: unknown = null;
  let stopped = false;

  const visible = () => !doc || doc.visibilityState === 'visible';

  const run = () => {
    if (stopped) return;
    void engine.runOnce().then((out) => {
      if (stopped || out.ok) return;
      const at = engine.getState().retryAt;
      if (at !== null) {
        if (retry !== null) clearT(retry);
        retry = setT(() => {
          retry = null;
          run();
        }, Math.max(0, at - now()));
      }
    });
  };

  const schedulePeriodic = () => {
    if (periodic !== null) clearT(periodic);
    periodic = setT(() => {
      periodic = null;
      if (stopped) return;
      // Only while visible: a hidden tab leaves the work to the service worker and the next focus.
      if (visible()) run();
      schedulePeriodic();
    }, intervalMs);
  };

  const onSaved = () => {
    if (debounce !== null) clearT(debounce);
    debounce = setT(() => {
      debounce = null;
      run();
    }, debounceMs);
    void registerBackgroundSync(opts.registration);
  };
  const onOnline = () => run();
  const onVisibility = () => {
    if (visible()) run();
  };

  savedListeners.add(onSaved);
  target?.addEventListener('online', onOnline);
  doc?.addEventListener('visibilitychange', onVisibility);
  schedulePeriodic();
  run();

  return () => {
    stopped = true;
    savedListeners.delete(onSaved);
    target?.removeEventListener('online', onOnline);
    doc?.removeEventListener('visibilitychange', onVisibility);
    for (const h of [debounce, periodic, retry]) if (h !== null) clearT(h);
  };
}

async function registerBackgroundSync(reg: PageTriggerOptions['registration']): Promise<void> {
  try {
    const nav = (globalThis as { navigator?: { serviceWorker?: { getRegistration?: () => Promise<RegistrationLike | undefined> } } }).navigator;
    const r = reg === undefined ? await nav?.serviceWorker?.getRegistration?.() : typeof reg === 'function' ? await reg() : reg;
    await r?.sync?.register(BACKGROUND_SYNC_TAG);
  } catch {
    // Background Sync refused (permissions, Safari): the page triggers still run.
  }
}
