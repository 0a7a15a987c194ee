import { describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ASTRONAUT } from '../node/testing';
import { DEFENCES } from '../core/defences/defences';
import { runMain } from './testing';

const IDS = ['none', ...DEFENCES.map((d) => d.id)];
const QUICK = ['--steps', '5', '--eps', '0.05', '--alpha', '0.004'];

describe('--defences', () => {
  it('attack --json: a "defences" row per defence, MTCNN per attacked face, the first row the attack verdict itself', async () => {
    const { code, stdout, stderr } = await runMain(['attack', ASTRONAUT, ...QUICK, '--defences', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.defences.map((row: { defence: string }) => row.defence)).toEqual(IDS);
    expect(r.defences[0]).toMatchObject({ label: 'No defence', psnr: null });
    expect(r.defences[0].verdicts.mtcnn).toEqual([expect.objectContaining({ face: 0, found: !r.faces[0].evaded })]);
    for (const row of r.defences.slice(1)) {
      expect(Object.keys(row.verdicts)).toEqual(['mtcnn']);
      expect(row.psnr).toBeGreaterThan(20);
      const [f] = row.verdicts.mtcnn;
      expect(f.face).toBe(0);
      expect(typeof f.found).toBe('boolean');
      if (f.found) expect(f.score).toBeGreaterThan(0.7);
    }
  });

  it('attack (text): a table with one line per defence; without the flag no table', async () => {
    const withTable = await runMain(['attack', ASTRONAUT, ...QUICK, '--defences']);
    expect(withTable.code).toBe(0);
    expect(withTable.stdout).toMatch(/defences \(each applied to the 8-bit adversarial image/);
    expect(withTable.stdout).toMatch(/defence\s+PSNR\s+face 0\n/);
    for (const label of ['No defence', ...DEFENCES.map((d) => d.label)]) expect(withTable.stdout).toMatch(new RegExp(`\\n    ${label}\\s+[\\d.—]+\\s+(evaded|FOUND [01]\\.\\d{3})\\n`));
    const plain = await runMain(['attack', ASTRONAUT, ...QUICK]);
    expect(plain.stdout).not.toMatch(/defences/);
  });

  it('sparse --json puts the table of the sparse image under "sparse"; batch runs refuse the flag in one line', async () => {
    const { code, stdout } = await runMain(['sparse', ASTRONAUT, ...QUICK, '--iterations', '3', '--encoder', 'free', '--defences', '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.sparse.defences.map((row: { defence: string }) => row.defence)).toEqual(IDS);
    expect(r.sparse.defences[0].verdicts.mtcnn[0].found).toBe(!r.sparse.success);
    expect(r.dense.defences).toBeUndefined();
    const dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-'));
    const refused = await runMain(['sparse', '--dataset', dir, '--defences']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('mtcnn-attack sparse: --defences works with sparse on one image (not with --dataset, --jsonl, --shard or several images)\n');
  });
});
