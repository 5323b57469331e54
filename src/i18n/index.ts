import i18next from 'i18next';
import zhCN from './locales/zh-CN.json';

// i18next lives behind this module; screens use `t` and `useT` from here.
// zh-CN is bundled (first paint needs it, and it is the default); the others load on demand
// as separate chunks, which the service worker precaches like any other asset.

export const LANGUAGES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Messages = typeof zhCN;

const STORAGE_KEY = 'stationdesk.lang';

const loaders: Record<Language, () => Promise<Messages>> = {
  'zh-CN': async () => zhCN,
  'zh-TW': async () => (await import('./locales/zh-TW.json')).default as Messages,
  en: async () => (await import('./locales/en.json')).default as Messages,
};

/** Maps a browser language tag onto one we ship: zh-HK/zh-MO/zh-Hant go to zh-TW. */
export function matchLanguage(tag: string | undefined | null): Language | null {
  if (!tag) return null;
  const lower = tag.toLowerCase();
  if (lower.startsWith('en')) return 'en';
  if (lower.startsWith('zh')) {
    if (/hant|tw|hk|mo/.test(lower)) return 'zh-TW';
    return 'zh-CN';
  }
  return null;
}

export function detectLanguage(stored: string | null, browser: readonly string[]): Language {
  const saved = LANGUAGES.find((l) => l === stored);
  if (saved) return saved;
  for (const tag of browser) {
    const m = matchLanguage(tag);
    if (m) return m;
  }
  return 'zh-CN';
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

const listeners = new Set<(lang: Language) => void>();

export async function initI18n(lang?: Language): Promise<Language> {
  const browser = typeof navigator !== 'undefined' ? (navigator.languages?.length ? navigator.languages : [navigator.language]) : [];
  const chosen = lang ?? detectLanguage(readStored(), browser);
  const resources = await loaders[chosen]();
  await i18next.init({
    lng: chosen,
    fallbackLng: 'zh-CN',
    resources: { [chosen]: { translation: resources }, 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyDocumentLang(chosen);
  return chosen;
}

function applyDocumentLang(lang: Language) {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export async function setLanguage(lang: Language): Promise<void> {
  if (!i18next.hasResourceBundle(lang, 'translation')) {
    i18next.addResourceBundle(lang, 'translation', await loaders[lang]());
  }
  await i18next.changeLanguage(lang);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode may refuse storage; the choice then lasts for this visit only.
  }
  applyDocumentLang(lang);
  for (const l of listeners) l(lang);
}

export function currentLanguage(): Language {
  return (LANGUAGES.find((l) => l === i18next.language) ?? 'zh-CN') as Language;
}

export function onLanguageChanged(fn: (lang: Language) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export const t = i18next.t.bind(i18next) as typeof i18next.t;

/** A translated reason code: unknown codes fall back to a generic message naming the code. */
export function reasonMessage(code: string): string {
  const key = `errors.${code}`;
  // Reason codes come from the server and the domain at run time, so the key is checked, not typed.
  const anyT = i18next.t as unknown as (k: string, o?: Record<string, unknown>) => string;
  return i18next.exists(key) ? anyT(key) : anyT('errors.unknown', { code });
}

/** The first of `keys` the locale has, else `fallback` (a field name or value from the data). */
export function labelOr(keys: readonly string[], fallback: string): string {
  const anyT = i18next.t as unknown as (k: string) => string;
  for (const k of keys) if (i18next.exists(k)) return anyT(k);
  return fallback;
}

export function formatBytes(n: number): string {
  if (n < 1024) return t('units.bytes', { value: n });
  if (n < 1024 ** 2) return t('units.kb', { value: (n / 1024).toFixed(1) });
  if (n < 1024 ** 3) return t('units.mb', { value: (n / 1024 ** 2).toFixed(1) });
  return t('units.gb', { value: (n / 1024 ** 3).toFixed(2) });
}

export function formatDateTime(d: Date): string {
  return new Intl.DateTimeFormat(currentLanguage(), { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(d);
}
