import { describe, expect, it } from 'vitest';
import { joinNegativeValues, parseCommandLine } from './parse';

const OPTIONS = { eps: { type: 'string' }, values: { type: 'string' }, json: { type: 'boolean' } } as const;

describe('negative numbers on the command line', () => {
  it('joins a string flag with a negative number after it', () => {
    expect(joinNegativeValues(['--eps', '-1', 'a.png'], OPTIONS)).toEqual(['--eps=-1', 'a.png']);
    for (const v of ['-0.5', '-.5', '-1e-3', '-1,2', '-Infinity']) expect(joinNegativeValues(['--values', v], OPTIONS)).toEqual([`--values=${v}`]);
  });

  it('leaves boolean flags, unknown flags, words, joined values and everything after -- alone', () => {
    for (const argv of [['--json', '-1'], ['--seed', '-1'], ['--eps', '-x'], ['--eps=-1', '-2'], ['--', '--eps', '-1']]) {
      expect(joinNegativeValues(argv, OPTIONS), argv.join(' ')).toEqual(argv);
    }
  });

  it('gives the parsed values and positionals', () => {
    const { values, positionals } = parseCommandLine(['a.png', '--eps', '-0.25', '--json', 'b.png'], OPTIONS);
    expect(values).toEqual({ eps: '-0.25', json: true });
    expect(positionals).toEqual(['a.png', 'b.png']);
  });
});
