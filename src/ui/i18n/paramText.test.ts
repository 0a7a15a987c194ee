import { afterEach, describe, expect, it } from 'vitest';
import { ALL_SPECS } from '../../core/params/schema';
import { resources } from './resources';
import { setLanguage } from './index';
import { paramHelp, paramLabel, paramName, specText } from './paramText';

describe('the parameters’ words', () => {
  afterEach(() => setLanguage('en', false));

  it('are, in English, the schema’s label, name and help exactly (the app and the CLI agree)', () => {
    const en = resources.en.params as Record<string, { label: string; name: string; help: string }>;
    for (const spec of ALL_SPECS) {
      expect(en[spec.url], spec.url).toEqual({ label: spec.label, name: spec.name, help: spec.help });
      expect(specText(spec, 'label')).toBe(spec.label);
    }
    expect(Object.keys(en).sort()).toEqual(ALL_SPECS.map((s) => s.url).sort());
  });

  it('tell the mask’s seed from the attack’s', () => {
    expect(paramLabel('seed')).toBe('Random seed');
    expect(paramLabel('seed', 'sparse')).toBe('Mask seed');
    expect(paramName('eps')).toBe('ε');
    expect(paramHelp('steps')).toBe('number of iterations (FGSM takes one)');
    expect(paramLabel('nothing')).toBe('nothing');
  });

  it('follow the language', () => {
    setLanguage('zh', false);
    expect(paramLabel('eps')).toBe('ε（每个像素的最大改变量）');
    expect(paramLabel('seed', 'sparse')).toBe('掩码种子');
    expect(paramName('steps')).toBe('步数');
  });
});
