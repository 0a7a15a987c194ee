import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { NAMESPACES, resources } from './resources';

/*
 * The app's one i18n instance (i18next with react-i18next). Every visible string, hint, message,
 * chart label and accessible name of the app comes from the namespaces in ./locales; the CLI stays
 * English. Components call useT(namespace); code outside React (the controller's messages, the
 * header's phase words) calls tr(). Numbers go through formatNumber so that they follow the language.
 */

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language named in itself (the switcher's options). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', zh: '简体中文' };

/** BCP 47 tags for Intl and <html lang>. */
const LOCALES: Record<Language, string> = { en: 'en-US', zh: 'zh-CN' };

const STORAGE_KEY = 'mtcnn-playground.lang';

/** "zh", "zh-CN", "zh-Hans", "en-GB"… → a language the app has, or null. */
export function parseLanguage(raw: string | null | undefined): Language | null {
  if (!raw) return null;
  const base = raw.trim().toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Language) : null;
}

/** The language to start in: ?lang= first, then the user's last choice, then the browser's languages. */
export function chooseLanguage(search: string, stored: string | null, browser: readonly string[]): Language {
  return (
    parseLanguage(new URLSearchParams(search).get('lang')) ??
    parseLanguage(stored) ??
    browser.map(parseLanguage).find((l): l is Language => l !== null) ??
    'en'
  );
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  ns: [...NAMESPACES],
  defaultNS: 'common',
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
  returnNull: false,
});

export function currentLanguage(): Language {
  return parseLanguage(i18n.language) ?? 'en';
}

/** Switches the language (the page re-renders; the run and the settings are untouched). */
export function setLanguage(lang: Language, remember = true): void {
  void i18n.changeLanguage(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = LOCALES[lang];
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // storage may be off (private windows, file://): the choice then lasts for this page
    }
  }
}

/** Starts the browser page in the language of the link, the last choice or the browser. */
export function startLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  const lang = chooseLanguage(location.search, stored, navigator.languages ?? [navigator.language]);
  setLanguage(lang, false);
  return lang;
}

/** Translation outside React ("ns:key", or a key of the common namespace), in the current language. */
export const tr = i18n.t.bind(i18n) as typeof i18n.t;

/** The hook components use: const { t } = useT('attack'). */
export function useT<N extends (typeof NAMESPACES)[number]>(ns: N) {
  return useTranslation(ns, { i18n });
}

/** A number written for the current language (grouping, decimals). */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(LOCALES[currentLanguage()], options).format(n);
}
