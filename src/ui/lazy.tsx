import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A screen loaded on first use. The first screen a lineman opens should not carry the
 * chief's report or the appeal register; the service worker precaches every chunk, so a
 * lazy screen opens offline all the same.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  return function LazyScreen(props: P) {
    const [C, setC] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      if (loaded) return;
      pending ??= load().then((c) => (loaded = c));
      let live = true;
      void pending.then((c) => live && setC(() => c));
      return () => {
        live = false;
      };
    }, []);
    return C ? <C {...props} /> : null;
  };
}
