import type { AttackParams } from '../../core/attack/params';
import { tr } from '../i18n';
import { paramLabel } from '../i18n/paramText';

/*
 * The controls an instructor can hide (hide=<ids>) or lock (lock=<ids>: shown, disabled). Ids are
 * the parameter schema's URL keys where a control edits one parameter, and a few UI ids for
 * controls that are not one parameter: the photo sources, the preset, the patch panel and the
 * sparse-mask panel ("prune"). The README lists them.
 */

export const CONTROL_IDS = ['photo', 'preset', 'method', 'face', 'eps', 'alpha', 'steps', 'decay', 'seed', 'heads', 'headNorm', 'eot', 'tv', 'tvKind', 'domain', 'scales', 'patch', 'prune'] as const;

export type ControlId = (typeof CONTROL_IDS)[number];

export function isControlId(id: string): id is ControlId {
  return (CONTROL_IDS as readonly string[]).includes(id);
}

/** The controls that are not one parameter (their names are in the lessons namespace). */
const UI_CONTROLS = ['photo', 'preset', 'patch', 'prune'] as const;

/** The control's visible name in the current language (the parameter's label for a parameter). */
export function controlLabel(id: ControlId): string {
  const ui = UI_CONTROLS.find((c) => c === id);
  if (ui) return tr(`lessons:controls.${ui}`);
  return paramLabel(id);
}

/** The attack parameters a locked control keeps as they are (the patch control holds two). */
export function lockedFields(lock: readonly ControlId[]): (keyof AttackParams)[] {
  const fields: (keyof AttackParams)[] = [];
  for (const id of lock) {
    if (id === 'photo' || id === 'preset' || id === 'prune') continue;
    fields.push(id);
    if (id === 'patch') fields.push('patchEps');
  }
  return fields;
}

/** Reads a comma-separated id list: the known ids in the canonical order, and the unknown ones. */
export function parseControlList(text: string): { ids: ControlId[]; unknown: string[] } {
  const given = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = given.filter((s) => !isControlId(s));
  return { ids: CONTROL_IDS.filter((id) => given.includes(id)), unknown };
}
