import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { SEED_PAPER_PARAMS } from '../core/attack/params';
import { DEFAULT_DETECT_OPTIONS } from '../core/mtcnn/options';
import { runFingerprint, type ResultRow } from './results';

/*
 * Result files written before a setting existed stay resumable with the settings that mean the
 * same run (no EOT; one head, where balancing changes nothing), and only with those.
 */

const row = (params: Record<string, unknown>) => ({ command: 'sweep', vary: 'alpha', params, detect: DEFAULT_DETECT_OPTIONS }) as unknown as Pick<ResultRow, 'command' | 'vary' | 'params' | 'detect'>;

describe('run fingerprints', () => {
  it('an older row (no eot, no headNorm) matches today’s one-head defaults, not EOT or a summed multi-head run', async () => {
    const old = JSON.parse((await readFile('bench/results/fig8.jsonl', 'utf8')).split('\n')[0]!) as { params: Record<string, unknown> };
    expect(old.params).not.toHaveProperty('eot');
    const now = { ...SEED_PAPER_PARAMS, alpha: old.params.alpha };
    expect(runFingerprint(row({ ...now, conventions: old.params.conventions }))).toBe(runFingerprint(row(old.params)));
    expect(runFingerprint(row({ ...now, conventions: old.params.conventions, eot: 4 }))).not.toBe(runFingerprint(row(old.params)));
    const twoHeads = { ...old.params, heads: ['pnet-cls', 'onet-cls'] };
    expect(runFingerprint(row({ ...twoHeads, headNorm: 'sum', eot: 0 }))).toBe(runFingerprint(row(twoHeads)));
    expect(runFingerprint(row({ ...twoHeads, headNorm: 'gradient', eot: 0 }))).not.toBe(runFingerprint(row(twoHeads)));
  });
});
