import { EngineFailure } from './engineApi';
import { ImageDecodeError } from './decodeImage';

/*
 * No raw JavaScript error text reaches a user: failures written for people are shown as they are,
 * anything else becomes a sentence with the raw text folded away as details.
 */

export interface Explained {
  text: string;
  details?: string;
}

/** A message as a sentence: capital first letter, final full stop. */
export function sentence(text: string): string {
  const t = text.trim();
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}

/** Explains a failure of `doing` ("running the attack"); null for a cancelled job (not a failure). */
export function explain(err: unknown, doing: string): Explained | null {
  if (err instanceof EngineFailure) {
    if (err.kind === 'cancelled') return null;
    if (err.kind === 'user') return { text: sentence(err.message) };
  }
  if (err instanceof ImageDecodeError) return { text: err.message };
  const raw = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { text: `Something went wrong while ${doing}. Try again; if it keeps happening, reload the page.`, details: raw };
}
