import { describe, expect, it } from 'vitest';
import { ASTRONAUT } from '../node/testing';
import { runBin as run, runMain } from './testing';
import { HEADS } from '../core/attack/heads';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('mtcnn-attack heads', () => {
  it('--json: one row per head set on the astronaut’s face, each with its verdict, lost step, stage scores and where it was lost', async () => {
    const { code, stdout, stderr } = await run(['heads', ASTRONAUT, '--steps', '1', '--eps', '0.05', '--alpha', '0.004', '--lost-every', '1', '--json']);
    expect(code, stderr).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.params).toMatchObject({ eps: 0.05, steps: 1, face: 'all', headNorm: 'gradient', eot: 0 });
    expect(r.backend).toBe('wasm');
    expect(r.images).toHaveLength(1);
    const m = r.images[0];
    expect(m.image).toBe(ASTRONAUT);
    expect(m.faces).toHaveLength(1);
    expect(m.faces[0].clean.funnel.final).toBe(1);
    expect(m.rows.map((x: { set: string }) => x.set)).toEqual([...HEADS, 'pnet', 'rnet', 'onet', 'all']);
    for (const row of m.rows) {
      expect(Object.keys(row).sort()).toEqual(
        ['candidates', 'evaded', 'face', 'finalLoss', 'funnel', 'heads', 'judgements', 'label', 'lostAt', 'lostStage', 'msPerStep', 'norms', 'scores', 'set'].sort(),
      );
      expect(Object.keys(row.scores).sort()).toEqual(['iou', 'onet', 'pnet', 'rnet']);
      expect(row.lostStage === null).toBe(!row.evaded);
      expect(row.evaded ? row.lostAt : 1).not.toBeNull();
      expect(row.norms.linf).toBeLessThanOrEqual(0.05 + 0.5 / 255);
    }
    expect(m.rows.find((x: { set: string }) => x.set === 'all').heads).toEqual([...HEADS]);
    expect(r.summary).toHaveLength(11);
    expect(r.summary[0]).toMatchObject({ set: 'pnet-cls', faces: 1 });
  }, 300_000);

  it('--csv prints a header and one line per row; conflicting or bad flags get one line and exit code 2', async () => {
    const csv = await run(['heads', ASTRONAUT, '--steps', '1', '--face', '0', '--csv', '--transfer']);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^image,face,set,heads,evaded,lost_at,lost_stage,pnet_score,rnet_score,onet_score,best_iou,.*,tiny_clean_found,tiny_found$/);
    expect(lines).toHaveLength(12);
    // --transfer: the Tiny Face Detector finds the astronaut on the clean photo (every row says so).
    for (const line of lines.slice(1)) expect(line).toMatch(/,true,(true|false)$/);
    expect(lines[1]).toMatch(new RegExp(`^${ASTRONAUT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},0,pnet-cls,pnet-cls,(true|false),`));
    for (const [args, message] of [
      [['heads', ASTRONAUT, '--json', '--csv'], /--json and --csv cannot be used together/],
      [['heads', ASTRONAUT, '--lost-every', '0'], /--lost-every must be between 1 and 10000/],
      [['heads', ASTRONAUT, '--heads', 'pnet-cls'], /--heads does not apply/],
      [['heads', ASTRONAUT, '--eot', '99'], /--eot must be between 0 and 16/],
      [['heads'], /heads needs at least one image/],
    ] as [string[], RegExp][]) {
      const { code, stderr } = await runMain(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr).toMatch(message);
    }
  }, 300_000);

  it('--dataset with --jsonl: one line per face and head set; --resume runs nothing more; --transfer is refused there', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'heads-batch-'));
    const list = path.join(dir, 'faces.txt');
    await writeFile(list, `${ASTRONAUT}\n`);
    const out = path.join(dir, 'heads.jsonl');
    const args = ['heads', '--dataset', list, '--jsonl', out, '--steps', '1', '--lost-every', '1', '--json'];
    const first = await runMain(args);
    expect(first.code, first.stderr).toBe(0);
    const rows = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.value)).toEqual([...HEADS, 'pnet', 'rnet', 'onet', 'all']);
    for (const r of rows) {
      expect(r).toMatchObject({ command: 'heads', vary: 'heads', face: 0, faces: 1 });
      expect(Object.keys(r.metrics)).toEqual(expect.arrayContaining(['lostAt', 'lostPnet', 'lostRnet', 'lostOnet', 'lostMoved', 'pnetScore', 'bestIou']));
      expect(r.metrics.lostPnet + r.metrics.lostRnet + r.metrics.lostOnet + r.metrics.lostMoved).toBe(r.evaded);
    }
    expect(JSON.parse(first.stdout).rows).toHaveLength(11);
    const again = await runMain([...args, '--resume']);
    expect(again.code, again.stderr).toBe(0);
    expect((await readFile(out, 'utf8')).trim().split('\n')).toHaveLength(11);
    const refused = await runMain([...args, '--transfer']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--transfer works on images given on the command line/);
  }, 300_000);
});
