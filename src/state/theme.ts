import { createStore } from 'zustand/vanilla';
import { useStore } from './store';

// The high-contrast theme for work in direct sunlight: chosen in settings, remembered on
// this device, applied to <html data-contrast="high"> before the first paint.

const KEY = 'stationdesk.contrast';

export interface ThemeView {
  highContrast: boolean;
}

function stored(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === 'high';
  } catch {
    return false;
  }
}

export const themeStore = createStore<ThemeView>(() => ({ highContrast: stored() }));

function apply(high: boolean): void {
  if (typeof document === 'undefined') return;
  if (high) document.documentElement.setAttribute('data-contrast', 'high');
  else document.documentElement.removeAttribute('data-contrast');
}

/** Call once at start: puts the remembered theme on the page. */
export function applyStoredTheme(): void {
  const high = stored();
  themeStore.setState({ highContrast: high });
  apply(high);
}

export function setHighContrast(high: boolean): void {
  try {
    if (high) globalThis.localStorage?.setItem(KEY, 'high');
    else globalThis.localStorage?.removeItem(KEY);
  } catch {
    // Private mode may refuse storage: the theme then lasts for this visit only.
  }
  themeStore.setState({ highContrast: high });
  apply(high);
}

export const useTheme = (): ThemeView => useStore(themeStore, (s) => s);
