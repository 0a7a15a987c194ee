import { HEADS } from '../../core/attack/heads';
import { HEAD_SETS } from '../../core/experiments/headSets';
import { tr } from './index';

/*
 * The head matrix's rows in the app's language. core/experiments/headSets.ts keeps one English
 * label per head set for the CLI and the files; the app names a set by its id. An id the namespace
 * does not know keeps the core's label.
 */

const KNOWN = new Set(HEAD_SETS.map((s) => s.id));
/** A set of one head is named as the attack settings name that head. */
const ONE_HEAD = new Set<string>(HEADS);
const translate = tr as unknown as (key: string, options: { defaultValue: string }) => string;

export function headSetLabel(id: string, fallback: string): string {
  if (ONE_HEAD.has(id)) return translate(`settings:heads.names.${id}`, { defaultValue: fallback });
  return KNOWN.has(id) ? translate(`experiments:heads.sets.${id}`, { defaultValue: fallback }) : fallback;
}
