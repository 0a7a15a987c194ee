import { EngineFailure } from './engineApi';
import { ImageDecodeError } from './decodeImage';
import { coreSentence, msg, renderMessage, sentence, type MessageText } from './i18n/messageText';
import { resources } from './i18n/resources';

export { sentence };

/*
 * No raw JavaScript error text reaches a user: failures written for people are shown as they are
 * (the core's and the worker's English through src/ui/i18n/coreMessages.ts in other languages),
 * anything else becomes a sentence with the raw text folded away as details.
 */

export interface Explained {
  /** The sentence in the current language. */
  text: string;
  /** What goes under "Technical details" in the current language. */
  details?: string;
  /** The sentence as an i18n text (a message keeps it, so a language switch re-translates it). */
  i18n: MessageText;
  /** The raw technical detail (language-independent), for a message's details. */
  technical?: string;
}

/** What the app was doing: an i18n text, or one of the English phrases of messages:doing. */
export type Doing = string | MessageText;

const DOING = resources.en.messages.doing;

function doingText(doing: Doing): MessageText | string {
  if (typeof doing !== 'string') return doing;
  const key = (Object.keys(DOING) as (keyof typeof DOING)[]).find((k) => DOING[k] === doing);
  return key ? msg(`messages:doing.${key}`) : doing;
}

function explained(i18n: MessageText, technical?: string): Explained {
  const shown = renderMessage(i18n, technical);
  return { ...shown, i18n, ...(technical ? { technical } : {}) };
}

/** Explains a failure of `doing` ("running the attack"); null for a cancelled job (not a failure). */
export function explain(err: unknown, doing: Doing): Explained | null {
  if (err instanceof EngineFailure) {
    if (err.kind === 'cancelled') return null;
    if (err.kind === 'user') return explained(coreSentence(err.message));
  }
  if (err instanceof ImageDecodeError) return explained(err.text);
  const raw = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return explained(msg('messages:failed', { doing: doingText(doing) }), raw);
}
