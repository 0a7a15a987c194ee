import './i18n.css';
import { type Language, LANGUAGES, LANGUAGE_NAMES, currentLanguage, parseLanguage, setLanguage, useT } from './index';

/** Switches and writes lang= into the address bar, so that a copied link opens in this language. */
function switchTo(lang: Language): void {
  setLanguage(lang);
  const q = new URLSearchParams(location.search);
  q.set('lang', lang);
  history.replaceState(history.state, '', `${location.pathname}?${q.toString()}${location.hash}`);
}

/** The language menu: switching re-renders the page and keeps the run and the settings. */
export function LanguageSwitcher() {
  const { t, i18n } = useT('common');
  const lang = parseLanguage(i18n.language) ?? currentLanguage();
  return (
    <label className="language">
      <span>{t('language.label')}</span>
      <select value={lang} onChange={(e) => switchTo(parseLanguage(e.target.value) ?? 'en')}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l === 'zh' ? 'zh-CN' : 'en'}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
