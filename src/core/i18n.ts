/** i18next set up once with both languages; each message gets a translator fixed to its user's language. */
import i18next, { type TFunction } from 'i18next';
import type { Language } from './identity.ts';
import en from '../locales/en/index.ts';
import zhCN from '../locales/zh-CN/index.ts';

export type Translate = TFunction;

export const resources = { en: { translation: en }, 'zh-CN': { translation: zhCN } } as const;

export async function createI18n(fallback: Language) {
  const instance = i18next.createInstance();
  await instance.init({
    resources,
    lng: fallback,
    fallbackLng: fallback,
    supportedLngs: ['zh-CN', 'en'],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
  });
  return {
    t: (lng: Language): Translate => instance.getFixedT(lng),
    exists: (key: string, lng: Language) => instance.exists(key, { lng, fallbackLng: false }),
  };
}

export type I18n = Awaited<ReturnType<typeof createI18n>>;
