import { describe, expect, it } from 'vitest';
import { detectLanguage, initI18n, matchLanguage, reasonMessage, setLanguage, t } from '../../../src/i18n';
import zhCN from '../../../src/i18n/locales/zh-CN.json';
import en from '../../../src/i18n/locales/en.json';
import zhTW from '../../../src/i18n/locales/zh-TW.json';

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('languages', () => {
  it('follows the browser at first start, Chinese when nothing matches', () => {
    expect(detectLanguage(null, ['en-US', 'zh-CN'])).toBe('en');
    expect(detectLanguage(null, ['zh-HK'])).toBe('zh-TW');
    expect(detectLanguage(null, ['zh'])).toBe('zh-CN');
    expect(detectLanguage(null, ['fr-FR', 'de'])).toBe('zh-CN');
    expect(matchLanguage('zh-Hant-TW')).toBe('zh-TW');
  });

  it('a remembered choice beats the browser', () => {
    expect(detectLanguage('en', ['zh-CN'])).toBe('en');
    expect(detectLanguage('xx', ['zh-CN'])).toBe('zh-CN');
  });

  it('every locale has exactly the keys of zh-CN', () => {
    const base = keys(zhCN).sort();
    expect(keys(en).sort()).toEqual(base);
    expect(keys(zhTW).sort()).toEqual(base);
  });

  it('switching language changes text and <html lang>, and is remembered', async () => {
    await initI18n('zh-CN');
    expect(t('nav.settings')).toBe('设置');
    expect(document.documentElement.lang).toBe('zh-CN');
    await setLanguage('en');
    expect(t('nav.settings')).toBe('Settings');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('stationdesk.lang')).toBe('en');
    await setLanguage('zh-TW');
    expect(t('nav.settings')).toBe('設定');
  });

  it('reason codes become messages in the user language, unknown ones name the code', async () => {
    await initI18n('en');
    expect(reasonMessage('network')).toMatch(/Cannot reach the server/);
    expect(reasonMessage('no.such.code')).toContain('no.such.code');
  });
});
