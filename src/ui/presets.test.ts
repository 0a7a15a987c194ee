import { describe, expect, it } from 'vitest';
import { PRESETS, applyPreset, presetMatching } from './presets';
import { resources } from './i18n/resources';

describe('presets', () => {
  const [demo, seed] = PRESETS;

  it('keep the chosen face and the drawn patch', () => {
    const current = { ...demo!.params, face: 2, patch: 'preset:cheeks', patchEps: 1 };
    const next = applyPreset(seed!, current);
    expect(next).toMatchObject({ eps: seed!.params.eps, alpha: seed!.params.alpha, face: 2, patch: 'preset:cheeks', patchEps: 1 });
  });

  it('are recognised with any face or patch, in any key order, and not after another change', () => {
    const current = applyPreset(seed!, { ...demo!.params, face: 1, patch: '10,10,20,20' });
    const reordered = Object.fromEntries(Object.entries(current).reverse()) as typeof current;
    expect(presetMatching(reordered)?.id).toBe('seed');
    expect(presetMatching({ ...current, steps: current.steps + 1 })).toBeUndefined();
  });

  it('are named, in both languages, with the ε, α and steps they set', () => {
    for (const preset of PRESETS) {
      const { eps, alpha, steps } = preset.params;
      expect(resources.en.settings.presets[preset.id]).toContain(`(ε ${eps}, α ${alpha}, ${steps} steps)`);
      expect(resources.zh.settings.presets[preset.id]).toContain(`（ε ${eps}，α ${alpha}，${steps} 步）`);
    }
  });
});
