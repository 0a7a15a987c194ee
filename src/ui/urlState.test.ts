import { describe, expect, it } from 'vitest';
import { readLink, writeLink, type LinkState } from './urlState';
import { DEFAULT_PRESET } from './presets';
import { DEFAULT_SPARSE_PARAMS } from '../core/attack/sparse';
import { attackSpec } from '../core/params/schema';

const defaults = { attack: DEFAULT_PRESET.params, sparse: DEFAULT_SPARSE_PARAMS };
const SAMPLES = ['astronaut', 'group'];

describe('links', () => {
  it('round-trip every attack and mask parameter, seed, sample and backend', () => {
    const state: LinkState = {
      attack: {
        ...defaults.attack,
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
      },
      sparse: { ...DEFAULT_SPARSE_PARAMS, lambda: 4, iterations: 30, encoder: 'random', seed: 3 },
      sample: 'group',
      backend: 'webgpu',
    };
    const search = writeLink(state, defaults, new URLSearchParams('x=1&debug=1'));
    expect(search).toContain('backend=webgpu');
    expect(search).toContain('debug=1');
    expect(search).not.toContain('x=1');
    const back = readLink(search, defaults, SAMPLES);
    expect(back.problems).toEqual([]);
    expect({ attack: back.attack, sparse: back.sparse, sample: back.sample, backend: back.backend }).toEqual(state);
    expect(back.chose).toEqual({ face: true, scales: true });
  });

  it('write nothing for the defaults', () => {
    expect(writeLink({ ...defaults, sample: null, backend: null }, defaults)).toBe('');
  });

  it('refuse each bad key on its own and keep the others', () => {
    const r = readLink('?eps=abc&steps=20&conventions=abc&seed=1e308&alpha=0.002&backend=bogus&sample=moon&epz=1', defaults, SAMPLES);
    expect(r.attack.eps).toBe(defaults.attack.eps);
    expect(r.attack.steps).toBe(20);
    expect(r.attack.alpha).toBe(0.002);
    expect(r.attack.conventions).toBe('facenet');
    expect(r.attack.seed).toBe(defaults.attack.seed);
    expect(r.backend).toBeNull();
    expect(r.sample).toBeNull();
    expect(r.problems.map((p) => p.key).sort()).toEqual(['backend', 'conventions', 'eps', 'epz', 'sample', 'seed']);
    expect(r.problems.find((p) => p.key === 'eps')!.message).toMatch(/eps=abc.*must be a number/);
  });

  it('apply the schema’s ranges, the same the fields use (ε 1.5 is refused, ε 1 is the top)', () => {
    const max = (attackSpec('eps').kind as { max: number }).max;
    expect(readLink(`?eps=${max}`, defaults, SAMPLES).attack.eps).toBe(max);
    const r = readLink(`?eps=${max + 0.5}`, defaults, SAMPLES);
    expect(r.attack.eps).toBe(defaults.attack.eps);
    expect(r.problems[0]!.message).toMatch(/must be between/);
    expect(readLink('?heads=pnet-cls,nose', defaults, SAMPLES).problems[0]!.message).toMatch(/unknown "nose"/);
    expect(readLink('?scales=1,x', defaults, SAMPLES).problems[0]!.key).toBe('scales');
  });

  it('round-trip a lesson: title, task, goal, hidden and locked controls, lesson file; face and scales with them', () => {
    const state: LinkState = {
      attack: { ...defaults.attack, face: 2, scales: [3, 4, 6], eps: 0.03, seed: 11 },
      sparse: DEFAULT_SPARSE_PARAMS,
      sample: 'group',
      backend: 'wasm',
      setup: {
        title: 'Scales & faces',
        task: 'Hide face 3 — attack only the levels where it is ~12 px (ε ≤ 0.03)?',
        goal: { kind: 'evade', maxEps: 0.03, maxL0: null, maxScales: 3 },
        hide: ['tv', 'patch'],
        lock: ['photo', 'eps', 'scales'],
      },
      lesson: 'lessons/one.json',
    };
    const search = writeLink(state, defaults);
    expect(search).toContain('goal=evade&maxEps=0.03&maxScales=3&hide=tv%2Cpatch&lock=photo%2Ceps%2Cscales');
    const back = readLink(search, defaults, SAMPLES);
    expect(back.problems).toEqual([]);
    expect({ attack: back.attack, sparse: back.sparse, sample: back.sample, backend: back.backend, setup: back.setup, lesson: back.lesson }).toEqual(state);
    expect(back.chose).toEqual({ face: true, scales: true });
    expect(back.given.attack.sort()).toEqual(['eps', 'face', 'scales', 'seed']);
  });

  it('refuse unknown control ids and bad goals alone, keeping the rest of the lesson', () => {
    const r = readLink('?task=Try%20it&hide=eps,nose&lock=steps&goal=win&maxL0=-3&maxEps=0.02', defaults, SAMPLES);
    expect(r.setup).toEqual({ title: null, task: 'Try it', goal: { kind: 'evade', maxEps: 0.02, maxL0: null, maxScales: null }, hide: ['eps'], lock: ['steps'] });
    expect(r.problems.map((p) => p.key).sort()).toEqual(['goal', 'hide', 'maxL0']);
    expect(r.problems.find((p) => p.key === 'hide')!.message).toMatch(/^hide=nose: not a control this app can hide \(use photo, preset, method/);
    expect(readLink('', defaults, SAMPLES).setup).toBeNull();
  });
});
