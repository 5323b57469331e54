import { describe, expect, it } from 'vitest';
import { detectInAppBrowser, isAndroid, isIos, isIosSafari } from '../../../src/state/platform';

const UA = {
  wechatAndroid: 'Mozilla/5.0 (Linux; Android 12; V2148A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230303 MMWEBID/2585 MicroMessenger/8.0.34.2340(0x2800225D) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64',
  wechatIos: 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.33(0x18002129) NetType/WIFI Language/zh_CN',
  wecom: 'Mozilla/5.0 (Linux; Android 11; M2012K11AC Build/RKQ1.200826.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/86.0.4240.99 XWEB/4317 MMWEBSDK/20220903 Mobile Safari/537.36 MMWEBID/6294 wxwork/4.1.0 MicroMessenger/7.0.1 NetType/WIFI Language/zh Lang/zh ColorScheme/Light',
  qqIos: 'Mozilla/5.0 (iPhone; CPU iPhone OS 15_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 QQ/8.9.28.635 V1_IPH_SQ_8.9.28_1_APP_A Pixel/1170 MiniAppEnable SimpleUISwitch/0 StudyMode/0 CurrentMode/0 CurrentFontScale/1.000000 QQTheme/1000 Core/WKWebView Device/Apple(iPhone 12) NetType/WIFI QBWebViewType/1 WKType/1',
  qqAndroidX5: 'Mozilla/5.0 (Linux; U; Android 9; zh-cn; MI 8 Build/PKQ1.180729.001) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/66.0.3359.126 MQQBrowser/6.2 TBS/045130 Mobile Safari/537.36 V1_AND_SQ_8.2.7_1334_YYB_D',
  qqBrowserApp: 'Mozilla/5.0 (Linux; U; Android 10; zh-cn; PCT-AL10 Build/HUAWEIPCT-AL10) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/87.0.4280.141 Mobile Safari/537.36 MQQBrowser/12.1 Mobile',
  dingtalk: 'Mozilla/5.0 (Linux; U; Android 10; zh-CN; ELE-AL00 Build/HUAWEIELE-AL00) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 UWS/3.22.1.233 Mobile Safari/537.36 AliApp(DingTalk/6.5.20) com.alibaba.android.rimet/24426473 Channel/227200 language/zh-CN abi/64 UT4Aplus/0.2.25 colorScheme/light',
  dingtalkIos: 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/6.5.40) com.laiwang.DingTalk/25740181 Channel/201200 language/zh-Hans-CN UT4Aplus/0.0.6 WK',
  iphoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 15_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.2 Mobile/15E148 Safari/604.1',
  iphoneChrome: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/118.0.5993.92 Mobile/15E148 Safari/604.1',
  ipadOs: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.5 Safari/605.1.15',
  androidChrome: 'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  huaweiBrowser: 'Mozilla/5.0 (Linux; Android 10; HarmonyOS; ELS-AN00; HMSCore 6.4.0.312) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/92.0.4515.105 HuaweiBrowser/12.0.4.300 Mobile Safari/537.36',
  desktop: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
};

describe('in-app browser detection', () => {
  it('recognises WeChat, WeCom, QQ and DingTalk on Android and iOS', () => {
    expect(detectInAppBrowser(UA.wechatAndroid)).toBe('wechat');
    expect(detectInAppBrowser(UA.wechatIos)).toBe('wechat');
    expect(detectInAppBrowser(UA.wecom)).toBe('wecom');
    expect(detectInAppBrowser(UA.qqIos)).toBe('qq');
    expect(detectInAppBrowser(UA.qqAndroidX5)).toBe('qq');
    expect(detectInAppBrowser(UA.dingtalk)).toBe('dingtalk');
    expect(detectInAppBrowser(UA.dingtalkIos)).toBe('dingtalk');
  });

  it('leaves system browsers alone, the QQ Browser app included', () => {
    for (const ua of [UA.qqBrowserApp, UA.iphoneSafari, UA.iphoneChrome, UA.ipadOs, UA.androidChrome, UA.huaweiBrowser, UA.desktop, '']) {
      expect(detectInAppBrowser(ua)).toBeNull();
    }
  });
});

describe('iOS and Android', () => {
  it('iOS Safari, including iPadOS that calls itself a Mac', () => {
    expect(isIos({ userAgent: UA.iphoneSafari })).toBe(true);
    expect(isIosSafari({ userAgent: UA.iphoneSafari })).toBe(true);
    expect(isIos({ userAgent: UA.ipadOs, platform: 'MacIntel', maxTouchPoints: 5 })).toBe(true);
    expect(isIosSafari({ userAgent: UA.ipadOs, platform: 'MacIntel', maxTouchPoints: 5 })).toBe(true);
    expect(isIos({ userAgent: UA.ipadOs, platform: 'MacIntel', maxTouchPoints: 0 })).toBe(false);
  });

  it('Chrome for iOS and in-app browsers on iPhone are iOS but not Safari', () => {
    expect(isIos({ userAgent: UA.iphoneChrome })).toBe(true);
    expect(isIosSafari({ userAgent: UA.iphoneChrome })).toBe(false);
    expect(isIosSafari({ userAgent: UA.wechatIos })).toBe(false);
    expect(isIosSafari({ userAgent: UA.qqIos })).toBe(false);
  });

  it('Android phones', () => {
    expect(isAndroid(UA.androidChrome)).toBe(true);
    expect(isAndroid(UA.huaweiBrowser)).toBe(true);
    expect(isAndroid(UA.iphoneSafari)).toBe(false);
    expect(isIos({ userAgent: UA.androidChrome })).toBe(false);
  });
});
