import { describe, expect, it } from 'vitest';
import { paramsFromSearch, paramsToSearch } from './urlState';
import { DEFAULT_PRESET } from './presets';
import type { AttackParams } from '../core/attack/params';

const defaults = DEFAULT_PRESET.params;

describe('attack parameters in the URL', () => {
  it('round-trips every parameter, seed included, and keeps ?backend=', () => {
    const p: AttackParams = {
      ...defaults,
      method: 'mifgsm',
      eps: 0.02,
      alpha: 0.001,
      steps: 7,
      decay: 0.5,
      scales: [1, 3, 4],
      face: 'all',
      heads: ['pnet-cls', 'onet-landmarks'],
      tv: 0.3,
      tvKind: 'aniso',
      domain: 'scaled-bilinear',
      conventions: 'faceapi',
      seed: 42,
    };
    const search = paramsToSearch(p, defaults, new URLSearchParams('backend=webgpu&x=1'));
    expect(search).toContain('backend=webgpu');
    expect(search).not.toContain('x=1');
    const back = paramsFromSearch(search, defaults);
    expect(back.problems).toEqual([]);
    expect(back.params).toEqual(p);
  });

  it('writes nothing for the defaults', () => {
    expect(paramsToSearch(defaults, defaults)).toBe('');
  });

  it('reports bad values and falls back to the defaults when the result is invalid', () => {
    const r = paramsFromSearch('?eps=5&steps=abc', defaults);
    expect(r.problems).toContain('steps=abc is not a number');
    expect(r.problems.some((m) => /ε must be in/.test(m))).toBe(true);
    expect(r.params).toEqual(defaults);
    expect(paramsFromSearch('?heads=pnet-cls,nose', defaults).problems).toEqual(['unknown head(s) nose']);
  });
});
