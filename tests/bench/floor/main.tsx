import { render } from 'preact';
import Dexie from 'dexie';
import i18next from 'i18next';
import { Workbox } from 'workbox-window';
import { createStore } from 'zustand/vanilla';

// The floor app for `npm run bench`: the design card's libraries (preact, dexie,
// workbox-window, zustand, i18next), each used once so none is shaken out, and a blank
// screen carrying the same test id the bench waits for in the real app.

const store = createStore(() => ({ ready: true }));
void i18next.init({ lng: 'zh-CN', initAsync: false, resources: { 'zh-CN': { translation: { title: '' } } } });
const db = new Dexie('stationdesk-floor');
db.version(1).stores({ kv: 'id' });

render(
  <main data-testid="home-lineman" class={store.getState().ready ? 'page' : ''}>
    {(i18next.t as (key: string) => string)('title')}
  </main>,
  document.getElementById('app')!,
);

if ('serviceWorker' in navigator && globalThis.isSecureContext) void new Workbox('/sw.js', { scope: '/' }).register();
(globalThis as { __floor?: unknown }).__floor = { db, store };
