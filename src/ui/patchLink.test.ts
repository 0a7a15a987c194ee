import { describe, expect, it } from 'vitest';
import { readLink, writeLink } from './urlState';
import { DEFAULT_PRESET } from './presets';
import { DEFAULT_SPARSE_PARAMS } from '../core/attack/sparse';

const defaults = { attack: DEFAULT_PRESET.params, sparse: DEFAULT_SPARSE_PARAMS };

describe('links with a patch and the mask-judging settings', () => {
  it('round-trip the patch region, its ε and the automatic λ, judging, trim and refine settings', () => {
    const state = {
      attack: { ...defaults.attack, patch: 'preset:cheeks@1.5;ellipse:10,20.5,30,40;frame:1,2,3,4', patchEps: 0.8 },
      sparse: { ...DEFAULT_SPARSE_PARAMS, autoLambda: false, judgeEvery: 3, trim: 0, refine: true },
      sample: null,
      backend: null,
    };
    const search = writeLink(state, defaults);
    expect(new URLSearchParams(search).get('autoLambda')).toBe('off');
    const back = readLink(search, defaults, ['astronaut']);
    expect(back.problems).toEqual([]);
    expect({ attack: back.attack, sparse: back.sparse }).toEqual({ attack: state.attack, sparse: state.sparse });
  });

  it('refuse a bad patch on its own', () => {
    const r = readLink('?patch=preset:ears&steps=7&refine=maybe', defaults, ['astronaut']);
    expect(r.attack.patch).toBe('none');
    expect(r.attack.steps).toBe(7);
    expect(r.problems.map((p) => p.key).sort()).toEqual(['patch', 'refine']);
    expect(r.problems.find((p) => p.key === 'patch')!.message).toMatch(/unknown preset "ears"/);
  });
});
