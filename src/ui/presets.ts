import { SEED_PAPER_PARAMS, type AttackParams } from '../core/attack/params';

export type PresetId = 'demo' | 'seed' | 'strong';

/** A named set of attack settings; its visible name is settings:presets.<id> (src/ui/i18n/locales). */
export interface Preset {
  id: PresetId;
  params: AttackParams;
}

/**
 * The default preset must evade on the bundled samples and ordinary photos (a talk demo has to work
 * the first time): measured 5/5 faces evaded at ε 0.04 and 0.05 with these settings (sweep in the
 * closing note of the attack issue); ε 0.05 (≈ 13 grey levels) keeps a margin.
 */
export const PRESETS: Preset[] = [
  { id: 'demo', params: { ...SEED_PAPER_PARAMS, eps: 0.05, alpha: 0.004 } },
  { id: 'seed', params: SEED_PAPER_PARAMS },
  { id: 'strong', params: { ...SEED_PAPER_PARAMS, scales: 'all', eps: 0.05, alpha: 0.002, steps: 100 } },
];

export const DEFAULT_PRESET = PRESETS[0]!;

/** What a preset leaves as it is: the face being attacked and the patch drawn on the photo. */
const KEPT_ACROSS_PRESETS = ['face', 'patch', 'patchEps'] as const satisfies readonly (keyof AttackParams)[];

/** The preset's settings, keeping the chosen face and the drawn patch. */
export function applyPreset(preset: Preset, current: AttackParams): AttackParams {
  const kept = Object.fromEntries(KEPT_ACROSS_PRESETS.map((k) => [k, current[k]]));
  return { ...preset.params, ...kept };
}

/** The preset these settings are (face and patch aside), if any. */
export function presetMatching(params: AttackParams): Preset | undefined {
  const same = (a: AttackParams, b: AttackParams) => (Object.keys(a) as (keyof AttackParams)[]).every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
  return PRESETS.find((p) => same(applyPreset(p, params), params));
}
