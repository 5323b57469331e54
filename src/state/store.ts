import { createStore, type StoreApi } from 'zustand/vanilla';
import { useEffect, useState } from 'preact/hooks';

// zustand lives behind this module (vanilla store + a small Preact hook, so no preact/compat).
// State here is UI, session and filters only: records live in IndexedDB and are read through db/.

export type Role = 'lineman' | 'clerk' | 'chief';
export const ROLES: readonly Role[] = ['lineman', 'clerk', 'chief'];

export type Route =
  | { name: 'zones' } | { name: 'zone'; id: string } | { name: 'handover' }
  | { name: 'home' } | { name: 'role'; role: Role } | { name: 'settings' } | { name: 'job'; id: string }
  | { name: 'appeals' } | { name: 'appeal'; id: string } | { name: 'visits' } | { name: 'visit'; id: string } | { name: 'customers' }
  | { name: 'report' } | { name: 'ledger' } | { name: 'station' };

/** Appeals, visits and the customer directory: list and record routes. */
const REGISTERS = { appeals: 'appeal', visits: 'visit' } as const;

export interface AppState {
  route: Route;
  online: boolean;
  updateReady: boolean;
  /** Forms with unsaved input: an update must never reload under them. */
  dirtyForms: number;
  language: string;
}

export function routeFromPath(path: string): Route {
  const m = /^\/(lineman|clerk|chief)\/?$/.exec(path);
  if (m) return { name: 'role', role: m[1] as Role };
  if (/^\/settings\/?$/.test(path)) return { name: 'settings' };
  const zone = /^\/zones(?:\/([\w-]{1,64}))?\/?$/.exec(path);
  if (zone) return zone[1] ? { name: 'zone', id: zone[1] } : { name: 'zones' };
  if (/^\/handover\/?$/.test(path)) return { name: 'handover' };
  if (/^\/report\/?$/.test(path)) return { name: 'report' };
  if (/^\/ledger\/?$/.test(path)) return { name: 'ledger' };
  if (/^\/station\/?$/.test(path)) return { name: 'station' };
  const job = /^\/jobs\/([\w-]{1,64})$/.exec(path);
  if (job) return { name: 'job', id: job[1]! };
  const reg = /^\/(appeals|visits|customers)(?:\/([\w-]{1,64}))?\/?$/.exec(path);
  if (reg) {
    const list = reg[1] as 'appeals' | 'visits' | 'customers';
    if (!reg[2]) return { name: list };
    if (list !== 'customers') return { name: REGISTERS[list], id: reg[2] };
  }
  return { name: 'home' };
}

export function pathOf(route: Route): string {
  if (route.name === 'role') return `/${route.role}`;
  if (route.name === 'settings') return '/settings';
  if (route.name === 'zones') return '/zones';
  if (route.name === 'zone') return `/zones/${route.id}`;
  if (route.name === 'handover') return '/handover';
  if (route.name === 'report') return '/report';
  if (route.name === 'ledger') return '/ledger';
  if (route.name === 'station') return '/station';
  if (route.name === 'job') return `/jobs/${route.id}`;
  if (route.name === 'appeals' || route.name === 'visits' || route.name === 'customers') return `/${route.name}`;
  if (route.name === 'appeal') return `/appeals/${route.id}`;
  if (route.name === 'visit') return `/visits/${route.id}`;
  return '/';
}

export const appStore: StoreApi<AppState> = createStore<AppState>(() => ({
  route: routeFromPath(typeof location !== 'undefined' ? location.pathname : '/'),
  online: typeof navigator !== 'undefined' ? navigator.onLine : true,
  updateReady: false,
  dirtyForms: 0,
  language: 'zh-CN',
}));

export function navigate(route: Route, replace = false): void {
  appStore.setState({ route });
  if (typeof history !== 'undefined') {
    const path = pathOf(route);
    if (location.pathname !== path) (replace ? history.replaceState : history.pushState).call(history, null, '', path);
  }
}

/** The home a signed-in role lands on; a county administrator works as a chief. */
export function homeRoleOf(role: string): Role {
  return role === 'lineman' || role === 'clerk' ? role : 'chief';
}

export function markDirty(delta: 1 | -1): void {
  appStore.setState((s) => ({ dirtyForms: Math.max(0, s.dirtyForms + delta) }));
}

export function installBrowserListeners(): () => void {
  const onOnline = () => appStore.setState({ online: navigator.onLine });
  const onPop = () => appStore.setState({ route: routeFromPath(location.pathname) });
  addEventListener('online', onOnline);
  addEventListener('offline', onOnline);
  addEventListener('popstate', onPop);
  return () => {
    removeEventListener('online', onOnline);
    removeEventListener('offline', onOnline);
    removeEventListener('popstate', onPop);
  };
}

/** Subscribes a component to a slice of a store; re-renders only when the slice changes. */
export function useStore<S, T>(store: StoreApi<S>, select: (s: S) => T): T {
  const [value, setValue] = useState(() => select(store.getState()));
  useEffect(() => {
    setValue(select(store.getState()));
    return store.subscribe((s) => setValue(() => select(s)));
  }, [store]);
  return value;
}

export const useApp = <T,>(select: (s: AppState) => T): T => useStore(appStore, select);
