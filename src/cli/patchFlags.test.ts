import { describe, expect, it } from 'vitest';
import { ASTRONAUT } from '../node/testing';
import { runBin as run, runMain } from './testing';

/* The patch and mask-judging flags on the command line (short runs). */

describe('mtcnn-attack patch and mask flags', () => {
  it('attack --patch preset:cheeks --patch-eps 0.5 --json: the patch is reported and the change stays within its bound', async () => {
    const r = await run(['attack', ASTRONAUT, '--patch', 'preset:cheeks', '--patch-eps', '0.5', '--alpha', '0.05', '--steps', '3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.params).toMatchObject({ patch: 'preset:cheeks', patchEps: 0.5 });
    expect(j.patch.spec).toBe('preset:cheeks');
    expect(j.patch.eps).toBe(0.5);
    expect(j.patch.shapes).toHaveLength(2);
    // The image changes inside the two cheek ellipses only: never on more pixels than they cover.
    expect(j.norms.l0Pixels).toBeGreaterThan(0);
    expect(j.norms.l0Pixels).toBeLessThanOrEqual(j.patch.area);
    expect(j.norms.linf).toBeGreaterThan(0.05);
    expect(j.norms.linf).toBeLessThanOrEqual(0.5 + 0.5 / 255 + 1e-9);
  });

  it('bad patch values and a search without a preset are refused in one line (before the model loads)', async () => {
    const bad = await runMain(['attack', ASTRONAUT, '--patch', 'preset:nose']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--patch: unknown preset "nose"/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const eps = await runMain(['attack', ASTRONAUT, '--patch-eps', '2']);
    expect(eps.code).toBe(2);
    expect(eps.stderr).toMatch(/--patch-eps must be between 0 and 1/);
    const search = await runMain(['attack', ASTRONAUT, '--smallest-patch', '--patch', '10,10,20,20']);
    expect(search.code).toBe(2);
    expect(search.stderr).toMatch(/--smallest-patch needs --patch preset:NAME/);
    const onOff = await runMain(['sparse', ASTRONAUT, '--auto-lambda', 'sometimes']);
    expect(onOff.code).toBe(2);
    expect(onOff.stderr).toMatch(/--auto-lambda must be on or off/);
  });

  it('sparse --json names the kept mask and lists the judgements', async () => {
    const r = await run(['sparse', ASTRONAUT, '--steps', '10', '--iterations', '4', '--judge-every', '2', '--trim', '0', '--encoder', 'free', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.params.sparse).toMatchObject({ autoLambda: true, judgeEvery: 2, trim: 0, refine: false });
    expect(j.judgements.map((x: { iteration: number }) => x.iteration)).toEqual([2, 4]);
    expect(j.kept.iteration === 0 || j.judgements.some((x: { iteration: number }) => x.iteration === j.kept.iteration)).toBe(true);
    expect(j.patch).toBeNull();
    expect(j.sparse.norms.l0Pixels).toBeLessThanOrEqual(j.dense.norms.l0Pixels);
  });
});
