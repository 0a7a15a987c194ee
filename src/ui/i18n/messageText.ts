import type { ParseKeys } from 'i18next';
import { currentLanguage, i18n, type Language } from './index';
import { translateCore } from './coreMessages';

/*
 * Text that is translated when it is shown, not when it is made: the app's messages (banners) keep
 * one of these beside their text, so that a language switch re-translates them (StatusBar renders
 * them). Three shapes:
 *
 *   { key, values }  a sentence of ours (namespaces messages, lessons, shell); a value may itself be
 *                    such a text (a nested sentence, a sample's name, a list);
 *   { core }         an English sentence written by the core or the worker (shared with the English
 *                    CLI, so never translated there): shown as it is in English, through the pattern
 *                    table of coreMessages.ts in Chinese;
 *   { list, sep }    texts joined as the language joins sentences or clauses.
 */

/** Keys of the namespaces whose sentences messages use, with their namespace (checked by the compiler). */
export type TextKey = Extract<ParseKeys<['messages', 'lessons', 'shell']>, `${'messages' | 'lessons' | 'shell'}:${string}`>;

export type MessageValue = string | number | MessageText;

export type MessageText =
  | { key: TextKey; values?: Record<string, MessageValue> }
  /** `asSentence`: shown alone (capital letter, full stop); unrecognised in Chinese, it becomes a general sentence and goes to the details. */
  | { core: string; asSentence?: boolean }
  | { list: MessageText[]; sep: 'sentence' | 'clause' };

/** A sentence of ours. */
export const msg = (key: TextKey, values?: Record<string, MessageValue>): MessageText => (values ? { key, values } : { key });

/** A core sentence shown alone. */
export const coreSentence = (text: string): MessageText => ({ core: text, asSentence: true });

const SEPARATORS: Record<Language, Record<'sentence' | 'clause', string>> = {
  en: { sentence: ' ', clause: '; ' },
  zh: { sentence: '', clause: '；' },
};

/** A message as a sentence: capital first letter, final full stop. */
export function sentence(text: string): string {
  const t = text.trim();
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}

/** A Chinese clause as a sentence (a full-width full stop unless it ends in one). */
function sentenceZh(text: string): string {
  const t = text.trim();
  return /[。！？…）”.!?]$/.test(t) ? t : `${t}。`;
}

type Translate = (key: string, options: Record<string, unknown>) => string;
const translate = i18n.t.bind(i18n) as unknown as Translate;

/** The text in `lang` (default: the current language). Unrecognised core sentences shown alone add their English to `details`. */
export function renderText(text: MessageText, lang: Language = currentLanguage(), details?: string[]): string {
  if ('key' in text) {
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(text.values ?? {})) values[k] = typeof v === 'object' ? renderText(v, lang, details) : v;
    return translate(text.key, { ...values, lng: lang });
  }
  if ('list' in text) return text.list.map((t) => renderText(t, lang, details)).join(SEPARATORS[lang][text.sep]);
  if (lang === 'en') return text.asSentence ? sentence(text.core) : text.core;
  const found = translateCore(text.core, lang);
  if (found) {
    const s = renderText(found, lang, details);
    return text.asSentence ? sentenceZh(s) : s;
  }
  if (!text.asSentence) return text.core;
  details?.push(text.core);
  return translate('messages:core.unrecognised', { lng: lang });
}

/** A message's sentence and its details (technical details, and in Chinese any English sentence the app could not translate). */
export function renderMessage(text: MessageText, technical?: string, lang: Language = currentLanguage()): { text: string; details?: string } {
  const extra: string[] = [];
  const shown = renderText(text, lang, extra);
  const details = [...extra, ...(technical ? [technical] : [])].join('\n');
  return details ? { text: shown, details } : { text: shown };
}
