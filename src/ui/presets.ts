import { SEED_PAPER_PARAMS, type AttackParams } from '../core/attack/params';

export interface Preset {
  id: string;
  label: string;
  params: AttackParams;
}

/**
 * The default preset must evade on the bundled samples and ordinary photos (a talk demo has to work
 * the first time): measured 5/5 faces evaded at ε 0.04 and 0.05 with these settings (sweep in the
 * closing note of the attack issue); ε 0.05 (≈ 13 grey levels) keeps a margin.
 */
export const PRESETS: Preset[] = [
  { id: 'demo', label: 'Reliable demo (ε 0.05, α 0.004, 50 steps)', params: { ...SEED_PAPER_PARAMS, eps: 0.05, alpha: 0.004 } },
  { id: 'seed', label: 'Seed paper (ε 0.03, α 0.0047568, 50 steps)', params: SEED_PAPER_PARAMS },
  {
    id: 'strong',
    label: 'Every scale (ε 0.05, α 0.002, 100 steps)',
    params: { ...SEED_PAPER_PARAMS, scales: 'all', eps: 0.05, alpha: 0.002, steps: 100 },
  },
];

export const DEFAULT_PRESET = PRESETS[0]!;

export function presetMatching(params: AttackParams): Preset | undefined {
  return PRESETS.find((p) => JSON.stringify(p.params) === JSON.stringify(params));
}
