import { describe, expect, it } from 'vitest';
import { SEED_PAPER_PARAMS } from '../core/attack/params';
import type { SweepSpec } from '../core/run/sweep';
import { parseSweepValues, sweepCsv, sweepJson } from './sweepFiles';

const spec: SweepSpec = { base: SEED_PAPER_PARAMS, vary: 'alpha', values: [0.001, 0.002], faces: 'every' };
const points = [
  { value: 0.001, photo: 'group.jpg', face: 0, evaded: false, l0Pixels: 10, linf: 0.01, psnr: 50 },
  { value: 0.001, photo: 'a "b", c.png', face: 1, evaded: true, l0Pixels: 12, linf: 0.02, psnr: Infinity },
  { value: 0.002, photo: 'group.jpg', face: 0, evaded: true, l0Pixels: 20, linf: 0.03, psnr: 40 },
];

describe('sweep values and files', () => {
  it('reads values separated by commas or spaces, sorted and without repeats; refuses non-numbers in words', () => {
    expect(parseSweepValues('0.004, 0.001 0.002;0.001')).toEqual({ values: [0.001, 0.002, 0.004] });
    expect(parseSweepValues('0.1, abc')).toEqual({ error: '“abc” is not a number.' });
    expect(parseSweepValues('  ')).toHaveProperty('error');
    expect(parseSweepValues(Array.from({ length: 40 }, (_, i) => i).join(','))).toHaveProperty('error');
  });

  it('CSV: a row per attack, faces numbered from 1, names quoted, PSNR of an unchanged image as inf', () => {
    const lines = sweepCsv(spec, points).trim().split('\n');
    expect(lines[0]).toBe('alpha,photo,face,evaded,l0Pixels,linf,psnr');
    expect(lines[1]).toBe('0.001,group.jpg,1,false,10,0.01,50');
    expect(lines[2]).toBe('0.001,"a ""b"", c.png",2,true,12,0.02,inf');
    expect(lines).toHaveLength(4);
  });

  it('JSON: the settings, the success rate per value and every point', () => {
    const json = JSON.parse(sweepJson(spec, points));
    expect(json.vary).toBe('alpha');
    expect(json.rates).toEqual([
      { value: 0.001, faces: 2, evaded: 1, successRate: 0.5 },
      { value: 0.002, faces: 1, evaded: 1, successRate: 1 },
    ]);
    expect(json.points[1]).toMatchObject({ face: 2, psnr: null });
    expect(json.params.eps).toBe(SEED_PAPER_PARAMS.eps);
  });
});
