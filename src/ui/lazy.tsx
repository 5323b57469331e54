import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A screen loaded on first use. The first screen a lineman opens should not carry the
 * chief's report or the appeal register; the service worker precaches every chunk, so a
 * lazy screen opens offline all the same.
 */
const loaders: (() => Promise<unknown>)[] = [];

/**
 * Soon after the first screen, every lazy screen is loaded into the page too: a device that
 * loses the network before its service worker has finished precaching still has them all.
 */
export function preloadScreens(): void {
  for (const load of loaders) void load().catch(() => undefined);
}

export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  loaders.push(() => (pending ??= load().then((c) => (loaded = c))));
  return function LazyScreen(props: P) {
    const [C, setC] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      // The preload may have finished between the first render and this effect.
      if (loaded) {
        setC(() => loaded);
        return;
      }
      // A failed load (offline before precache) is tried again on the next visit to the screen.
      pending ??= load().then((c) => (loaded = c)).catch((e: unknown) => {
        pending = null;
        throw e;
      });
      let live = true;
      void pending.then((c) => live && setC(() => c)).catch(() => undefined);
      return () => {
        live = false;
      };
    }, []);
    return C ? <C {...props} /> : null;
  };
}
