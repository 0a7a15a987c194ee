import { afterEach, describe, expect, it } from 'vitest';
import { SEED_PAPER_PARAMS } from '../../core/attack/params';
import type { ScaleMap } from '../../core/mtcnn/detect';
import { DEFENCES } from '../../core/defences/defences';
import { HEAD_SETS } from '../../core/experiments/headSets';
import { i18n, setLanguage } from './index';
import { levelsWithCandidates, whatToTry, type TryInput } from './whatToTry';
import { formatLevels, formatList, suggestionText } from './WhatToTry';
import { defenceName } from './defenceNames';
import { headSetLabel } from './headSetLabels';
import { paramLabel } from './paramText';

const DEMO = { ...SEED_PAPER_PARAMS, eps: 0.05, alpha: 0.004 };

function input(over: Partial<Omit<TryInput, 'params'>> & { params?: Partial<TryInput['params']> } = {}): TryInput {
  return {
    stopped: false,
    targeted: [2, 3, 4, 5, 6],
    levelsWithCandidates: [],
    lastCandidates: 3,
    ...over,
    params: { ...DEMO, ...over.params },
  };
}
const ids = (i: TryInput) => whatToTry(i).map((s) => s.id);

describe('what to try after a face survives', () => {
  it('a tiny budget and few steps: ε past one grey level, more steps, the levels that still see the face, other heads', () => {
    const s = whatToTry(input({ params: { eps: 0.002, steps: 3 }, levelsWithCandidates: [3, 4, 8] }));
    expect(s).toEqual([
      { id: 'rounding', eps: 0.002, next: 0.004 },
      { id: 'steps', steps: 3, next: 6 },
      { id: 'levels', attacked: [3, 4], others: [8] },
      { id: 'heads', nets: ['R-Net', 'O-Net'] },
    ]);
  });

  it('doubles ε above one grey level, within the schema', () => {
    expect(whatToTry(input({ params: { eps: 0.03 } }))[0]).toEqual({ id: 'eps', eps: 0.03, next: 0.06 });
    expect(whatToTry(input({ params: { eps: 0.7 } }))[0]).toEqual({ id: 'eps', eps: 0.7, next: 1 });
    expect(ids(input({ params: { eps: 1 } }))).not.toContain('eps');
  });

  it('FGSM: an iterative method rather than more steps', () => {
    const s = ids(input({ params: { method: 'fgsm' } }));
    expect(s).toContain('method');
    expect(s).not.toContain('steps');
    expect(s).not.toContain('reach');
  });

  it('says when α × steps cannot reach ε, with the α that would', () => {
    const s = whatToTry(input({ params: { eps: 0.05, alpha: 0.001, steps: 10 } }));
    expect(s).toContainEqual({ id: 'reach', reach: 0.01, eps: 0.05, alpha: 0.005 });
    expect(ids(input())).not.toContain('reach'); // the demo's 0.004 × 50 = 0.2 ≥ 0.05
  });

  it('no other scales to add when every level is attacked; no other heads when every face/no-face head is', () => {
    const s = whatToTry(input({ params: { scales: 'all', heads: ['pnet-cls', 'rnet-cls', 'onet-cls'] }, targeted: [0, 1, 2], levelsWithCandidates: [0, 9] }));
    expect(s).toContainEqual({ id: 'levels', attacked: [0], others: [] });
    expect(s.map((x) => x.id)).not.toContain('heads');
    expect(ids(input({ levelsWithCandidates: [] }))).not.toContain('levels');
  });

  it('EOT only when the attack cleared its levels before rounding and EOT is off', () => {
    expect(ids(input({ lastCandidates: 0 }))).toContain('eot');
    expect(ids(input({ lastCandidates: 2 }))).not.toContain('eot');
    expect(ids(input({ lastCandidates: 0, params: { eot: 4 } }))).not.toContain('eot');
    expect(ids(input({ lastCandidates: null }))).not.toContain('eot');
  });

  it('a stopped run: finish it first; a patch: a larger patch, and ε only when it binds', () => {
    expect(ids(input({ stopped: true }))[0]).toBe('finish');
    expect(ids(input({ params: { patch: 'preset:cheeks', patchEps: 1 } }))).toEqual(expect.arrayContaining(['patch']));
    expect(ids(input({ params: { patch: 'preset:cheeks', patchEps: 1 } }))).not.toContain('eps');
    expect(ids(input({ params: { patch: 'preset:cheeks', patchEps: 0 } }))).toEqual(expect.arrayContaining(['eps', 'patch']));
  });

  it('finds the levels where a face has candidates: every targeted one, and the others whose window is about the face’s size', () => {
    const face = { x: 100, y: 100, width: 60, height: 60 };
    // Windows of 12 / scale pixels: 12 (scale 1), 24 (0.5), 48 (0.25), 96 (0.125), 240 (0.05).
    const scale = (index: number, s: number, cells: { x1: number; y1: number; x2: number; y2: number }[]) =>
      ({ level: { index, scale: s }, candidates: cells.map((c) => ({ ...c, score: 0.9 })) }) as unknown as ScaleMap;
    const on = { x1: 105, y1: 105, x2: 150, y2: 150 };
    const off = { x1: 300, y1: 300, x2: 340, y2: 340 };
    const maps = { scales: [scale(0, 1, [on]), scale(1, 0.5, [on]), scale(2, 0.25, [off, on]), scale(3, 0.125, [off]), scale(4, 0.05, [on])] };
    expect(levelsWithCandidates(maps, [face])).toEqual([2]); // 48-pixel windows on a 60-pixel face
    expect(levelsWithCandidates(maps, [face], [0, 1, 3])).toEqual([0, 1, 2]); // targeted levels count whatever their size
    expect(levelsWithCandidates(maps, [])).toEqual([]);
  });
});

describe('in words', () => {
  afterEach(() => setLanguage('en', false));
  const t = i18n.getFixedT(null, 'results');

  it('English and Chinese, with the lists and the field names of the language', () => {
    const s = whatToTry(input({ params: { eps: 0.002, steps: 3 }, levelsWithCandidates: [3, 4, 8] }));
    expect(s.map((x) => suggestionText(t, x))).toEqual([
      'ε 0.002 is under one grey level (1/255): rounding to 8 bits erases much of it. Try ε ≥ 0.004.',
      'More steps: 6 instead of 3.',
      'The face still has candidates on levels 3 and 4 (attacked: more ε or steps) and 8 (not attacked: add them under Scales).',
      'Other heads: add the face/no-face head of R-Net and O-Net under Target heads.',
    ]);
    const levels = (attacked: number[], others: number[]) => suggestionText(t, { id: 'levels', attacked, others });
    expect(levels([2, 3, 4, 5], [])).toBe('The face still has candidates on levels 2–5, which are attacked: they need more ε or steps.');
    expect(levels([], [7])).toBe('The face still has candidates on level 7, which is not attacked: add it under Scales.');
    setLanguage('zh', false);
    const zh = s.map((x) => suggestionText(i18n.getFixedT(null, 'results'), x));
    expect(zh[2]).toBe(`人脸在第 3、4 层（已攻击：需要更大的 ε 或更多步数）和第 8 层（未攻击：在“${paramLabel('scales')}”中加入）仍有候选框。`);
    expect(zh[3]).toBe(`换个输出头：在“${paramLabel('heads')}”中加入 R-Net、O-Net 的人脸/非人脸输出头。`);
    expect(formatList([1, 2, 3])).toBe('1、2、3');
    expect(formatLevels([6, 0, 1, 2, 4])).toBe('0–2、4、6');
    for (const line of zh) expect(line).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('names from core ids', () => {
  afterEach(() => setLanguage('en', false));

  it('every defence and head set: the core label in English, Chinese in Chinese', () => {
    for (const d of DEFENCES) expect(defenceName(d.id, 'fallback')).toBe(d.label);
    expect(defenceName('none', 'fallback')).toBe('No defence');
    expect(defenceName('sharpen2', 'Sharpen 2')).toBe('Sharpen 2');
    for (const s of HEAD_SETS) expect(headSetLabel(s.id, 'fallback')).toBe(s.label);
    expect(headSetLabel('nothing', 'Nothing')).toBe('Nothing');
    setLanguage('zh', false);
    for (const d of DEFENCES) expect(defenceName(d.id, d.label)).toMatch(/[\u4e00-\u9fff]/);
    for (const s of HEAD_SETS) expect(headSetLabel(s.id, s.label)).toMatch(/[\u4e00-\u9fff]/);
    expect(defenceName('blur0.5', '')).toBe('高斯模糊 σ 0.5');
  });
});
