// A tiny store: state/ wraps it in zustand, the service worker just reads it.

export interface Observable<T> {
  getState(): T;
  subscribe(listener: (state: T) => void): () => void;
}

export function createObservable<T extends object>(initial: T): Observable<T> & { set(patch: Partial<T>): void } {
  let state = initial;
  const listeners = new Set<(state: T) => void>();
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(patch) {
      state = { ...state, ...patch };
      for (const l of [...listeners]) {
        try {
          l(state);
        } catch {
          // One broken listener must not stop sync or the others.
        }
      }
    },
  };
}
