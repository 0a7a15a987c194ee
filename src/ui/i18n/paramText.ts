import { ATTACK_SPECS, SPARSE_SPECS } from '../../core/params/schema';
import { tr } from './index';

/*
 * The app's words for the schema's parameters (namespace "params", keyed by field): label (the
 * field's visible label), name (the short name used in sentences, "ε", "steps") and help. The
 * schema's English stays the CLI's and is the fallback. Components that show these also call
 * useT(...) so that they re-render when the language changes.
 */
const SPECS = [...ATTACK_SPECS, ...SPARSE_SPECS];
type Part = 'label' | 'name' | 'help';
const translate = tr as unknown as (key: string, options: { defaultValue: string }) => string;

export function paramText(field: string, part: Part): string {
  const spec = SPECS.find((s) => s.field === field);
  const fallback = spec ? spec[part] : field;
  return translate(`params:${field}.${part}`, { defaultValue: fallback });
}

export const paramLabel = (field: string) => paramText(field, 'label');
export const paramName = (field: string) => paramText(field, 'name');
export const paramHelp = (field: string) => paramText(field, 'help');
