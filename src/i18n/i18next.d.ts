import 'i18next';
import type zhCN from './locales/zh-CN.json';

// Keys are typed from the one source locale: a missing or misspelt key fails the typecheck.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}
