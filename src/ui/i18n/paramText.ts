import { ATTACK_SPECS, SPARSE_SPECS, type ParamSpec } from '../../core/params/schema';
import { tr } from './index';

/*
 * The app's words for the schema's parameters (namespace "params"): label (the field's visible
 * label and accessible name), name (the short name used in sentences, "ε", "steps") and help. The
 * namespace is keyed by the parameter's link key, which is its field except for the mask's seed
 * ("maskSeed": the attack has a "seed" too). The schema's English stays the CLI's and is the
 * fallback. Components that show these also call useT(...) so that they re-render when the
 * language changes.
 */
const SPECS: readonly ParamSpec[] = [...ATTACK_SPECS, ...SPARSE_SPECS];
type Part = 'label' | 'name' | 'help';
type Group = ParamSpec['group'];
const translate = tr as unknown as (key: string, options: { defaultValue: string; lng?: string }) => string;

/** A parameter's words from its spec (a NumberField's spec, say), in the current language or `lng`. */
export function specText(spec: ParamSpec, part: Part, lng?: string): string {
  return translate(`params:${spec.url}.${part}`, { defaultValue: spec[part], ...(lng ? { lng } : {}) });
}

/** A parameter's words by field; `group` tells the mask's "seed" from the attack's (the attack's by default). */
export function paramText(field: string, part: Part, group?: Group): string {
  const spec = SPECS.find((s) => s.field === field && (group === undefined || s.group === group));
  return spec ? specText(spec, part) : field;
}

export const paramLabel = (field: string, group?: Group) => paramText(field, 'label', group);
export const paramName = (field: string, group?: Group) => paramText(field, 'name', group);
export const paramHelp = (field: string, group?: Group) => paramText(field, 'help', group);
