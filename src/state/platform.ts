import { createStore } from 'zustand/vanilla';
import { useStore } from './store';

// What kind of phone and browser the app runs in, for the field notices: in-app browsers
// (WeChat, QQ, DingTalk, WeCom) that lose work and cannot install, iOS Safari that needs the
// Add to Home Screen steps, and Android browsers that offer an install prompt.

export type InAppBrowser = 'wechat' | 'wecom' | 'qq' | 'dingtalk';

/** The in-app browser a user agent belongs to, or null for a system browser. */
export function detectInAppBrowser(ua: string): InAppBrowser | null {
  if (!ua) return null;
  // WeCom (企业微信) also says MicroMessenger: look for wxwork first.
  if (/\bwxwork\//i.test(ua)) return 'wecom';
  if (/\bMicroMessenger\//i.test(ua)) return 'wechat';
  if (/\bDingTalk\//i.test(ua) || /AliApp\(DingTalk/i.test(ua)) return 'dingtalk';
  // QQ's own WebView: " QQ/8.9.x" (iOS and Android). The QQ Browser app says MQQBrowser
  // without it; inside QQ on Android the X5 kernel adds TBS/ or the V1_AND_SQ_ build tag.
  if (/(?:^|[\s;(])QQ\/\d/.test(ua)) return 'qq';
  if (/\bMQQBrowser\//.test(ua) && (/\bTBS\/\d/.test(ua) || /\bV1_(?:AND|IPH)_SQ_/.test(ua))) return 'qq';
  return null;
}

export interface DeviceHints {
  userAgent: string;
  /** navigator.platform; iPadOS 13+ reports "MacIntel" with touch points. */
  platform?: string;
  maxTouchPoints?: number;
}

export function isIos(h: DeviceHints): boolean {
  if (/\b(iPhone|iPad|iPod)\b/.test(h.userAgent)) return true;
  return h.platform === 'MacIntel' && (h.maxTouchPoints ?? 0) > 1;
}

export function isAndroid(ua: string): boolean {
  return /\bAndroid\b/i.test(ua);
}

/** Safari proper on iOS: not Chrome/Firefox/Edge for iOS and not an in-app browser. */
export function isIosSafari(h: DeviceHints): boolean {
  if (!isIos(h) || detectInAppBrowser(h.userAgent)) return false;
  if (/\b(CriOS|FxiOS|EdgiOS|OPiOS|YaBrowser|UCBrowser|MQQBrowser|Baidu|SogouMobileBrowser|Quark)\b/i.test(h.userAgent)) return false;
  return /\bSafari\//.test(h.userAgent) && /\bVersion\//.test(h.userAgent);
}

interface NavigatorLike {
  userAgent?: string;
  platform?: string;
  maxTouchPoints?: number;
  standalone?: boolean;
}

function nav(): NavigatorLike {
  return (typeof navigator !== 'undefined' ? navigator : {}) as NavigatorLike;
}

function hints(): DeviceHints {
  const n = nav();
  return { userAgent: n.userAgent ?? '', platform: n.platform, maxTouchPoints: n.maxTouchPoints };
}

/** Running from the home screen: iOS sets navigator.standalone, the others match the display mode. */
export function isStandalone(): boolean {
  if (nav().standalone === true) return true;
  try {
    return typeof matchMedia === 'function' && (matchMedia('(display-mode: standalone)').matches || matchMedia('(display-mode: fullscreen)').matches);
  } catch {
    return false;
  }
}

/** The deferred beforeinstallprompt event (Chromium on Android and desktop). */
interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice?: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export interface PlatformView {
  inApp: InAppBrowser | null;
  /** The user chose to go on inside the in-app browser this visit. */
  inAppDismissed: boolean;
  ios: boolean;
  iosSafari: boolean;
  android: boolean;
  standalone: boolean;
  /** The browser offers its own install prompt right now. */
  canPrompt: boolean;
  installed: boolean;
}

let deferred: InstallPromptEvent | null = null;

function read(): PlatformView {
  const h = hints();
  return {
    inApp: detectInAppBrowser(h.userAgent),
    inAppDismissed: false,
    ios: isIos(h),
    iosSafari: isIosSafari(h),
    android: isAndroid(h.userAgent),
    standalone: isStandalone(),
    canPrompt: false,
    installed: false,
  };
}

export const platformStore = createStore<PlatformView>(() => read());

let installed = false;

/** Catches the install prompt as soon as the browser offers it; call once at start. */
export function installPlatformListeners(): () => void {
  if (installed || typeof addEventListener !== 'function') return () => undefined;
  installed = true;
  platformStore.setState(read());
  const onPrompt = (e: Event) => {
    // Keep the browser's mini-infobar away: the app shows its own Install button.
    e.preventDefault();
    deferred = e as InstallPromptEvent;
    platformStore.setState({ canPrompt: true });
  };
  const onInstalled = () => {
    deferred = null;
    platformStore.setState({ canPrompt: false, installed: true });
  };
  addEventListener('beforeinstallprompt', onPrompt);
  addEventListener('appinstalled', onInstalled);
  let mq: MediaQueryList | null = null;
  const onDisplay = () => platformStore.setState({ standalone: isStandalone() });
  try {
    mq = typeof matchMedia === 'function' ? matchMedia('(display-mode: standalone)') : null;
    mq?.addEventListener?.('change', onDisplay);
  } catch {
    mq = null;
  }
  return () => {
    installed = false;
    removeEventListener('beforeinstallprompt', onPrompt);
    removeEventListener('appinstalled', onInstalled);
    mq?.removeEventListener?.('change', onDisplay);
  };
}

/** Shows the browser's install dialog; true when the user accepted. */
export async function promptInstall(): Promise<boolean> {
  const e = deferred;
  if (!e) return false;
  deferred = null;
  platformStore.setState({ canPrompt: false });
  try {
    await e.prompt();
    const choice = e.userChoice ? await e.userChoice : null;
    const ok = choice?.outcome === 'accepted';
    if (ok) platformStore.setState({ installed: true });
    return ok;
  } catch {
    return false;
  }
}

export function dismissInApp(): void {
  platformStore.setState({ inAppDismissed: true });
}

/** Copies the page address; falls back to a hidden textarea where the Clipboard API is missing (old WebViews). */
export async function copyAddress(url: string = typeof location !== 'undefined' ? location.href : ''): Promise<boolean> {
  try {
    const clip = (navigator as { clipboard?: { writeText?: (s: string) => Promise<void> } }).clipboard;
    if (clip?.writeText) {
      await clip.writeText(url);
      return true;
    }
  } catch {
    // Denied or missing: try the old way.
  }
  try {
    const ta = document.createElement('textarea');
    ta.value = url;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.top = '-1000px';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  } catch {
    return false;
  }
}

/** For tests and the unit harness: re-read the browser. */
export function refreshPlatform(): void {
  platformStore.setState(read());
}

export const usePlatform = (): PlatformView => useStore(platformStore, (s) => s);
