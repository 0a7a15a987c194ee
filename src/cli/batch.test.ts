import { describe, expect, it, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFile, copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ASTRONAUT, GROUP } from '../node/testing';
import { parseList, readDataset } from './dataset';
import { appendJsonl, readJsonl } from './jsonl';
import { formatCsv, rowKey, summarize, type ResultRow } from './results';
import { parseShard, shardItems } from './shard';
import { estimateSecondsLeft, formatDuration } from './batchProgress';
import { runMain } from './testing';

describe('shards', () => {
  it('split the items into n disjoint parts, every n-th item, that together are all of them', () => {
    const items = Array.from({ length: 11 }, (_, i) => i);
    const parts = [1, 2, 3].map((k) => shardItems(items, parseShard(`${k}/3`)));
    expect(parts).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7, 10],
      [2, 5, 8],
    ]);
    expect(parts.flat().sort((a, b) => a - b)).toEqual(items);
    expect(shardItems(items, undefined)).toEqual(items);
  });

  it('refuse k/n outside 1 ≤ k ≤ n and other shapes', () => {
    for (const bad of ['0/2', '3/2', '1/0', '2', 'a/b', '-1/2']) expect(() => parseShard(bad), bad).toThrow(/--shard/);
  });
});

describe('datasets', () => {
  it('a list: paths relative to the list, optional faces, comments and blank lines skipped', () => {
    const items = parseList('# eval\n\na.jpg\nsub dir/b c.png 0,2\n/abs/d.JPEG 3\n', '/data/set/list.txt');
    expect(items).toEqual([
      { file: '/data/set/a.jpg', key: 'a.jpg' },
      { file: '/data/set/sub dir/b c.png', key: 'sub dir/b c.png', faces: [0, 2] },
      { file: '/abs/d.JPEG', key: '/abs/d.JPEG', faces: [3] },
    ]);
    expect(() => parseList('notes.txt\n', '/x/list.txt')).toThrow(/list\.txt:1: "notes\.txt" is not a \.png/);
  });

  it('a folder: every PNG and JPEG under it, recursively, in code-point order of the relative path', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-ds-'));
    await mkdir(path.join(dir, 'b'));
    await mkdir(path.join(dir, '.hidden'));
    for (const f of ['b/z.png', 'a.JPG', 'B.jpeg', 'notes.txt', '.hidden/x.png', 'b/a.jpg']) await writeFile(path.join(dir, f), '');
    const items = await readDataset(dir);
    expect(items.map((i) => i.key)).toEqual(['B.jpeg', 'a.JPG', 'b/a.jpg', 'b/z.png']);
    expect(items[2]!.file).toBe(path.join(dir, 'b', 'a.jpg'));
  });
});

describe('JSON lines', () => {
  it('whole lines are read; a last line cut short by a kill is reported, not parsed; a bad whole line is an error', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-jl-'));
    const file = path.join(dir, 'out.jsonl');
    expect(await readJsonl(file)).toEqual({ rows: [], wholeBytes: 0, partialBytes: 0 });
    await appendJsonl(file, { a: 1 });
    await appendJsonl(file, { a: 2 });
    await appendFile(file, '{"a":3,"b"');
    const c = await readJsonl(file);
    expect(c.rows).toEqual([{ a: 1 }, { a: 2 }]);
    expect(c.partialBytes).toBe(10);
    expect(c.wholeBytes).toBe(16);
    await writeFile(file, '{"a":1}\n{"a":\n{"a":3}\n');
    await expect(readJsonl(file)).rejects.toThrow(/out\.jsonl:2: not a JSON line/);
  });
});

describe('progress', () => {
  it('estimates the time left from the time per attack and the mean attacks per image', () => {
    expect(estimateSecondsLeft({ elapsedMs: 20_000, attacksDone: 10, attacksLeftInImage: 3, imagesLeft: 4, attacksPerImage: 5 })).toBe(2 * (3 + 20));
    expect(estimateSecondsLeft({ elapsedMs: 1, attacksDone: 0, attacksLeftInImage: 3, imagesLeft: 4, attacksPerImage: 5 })).toBeNaN();
    expect([formatDuration(8), formatDuration(75), formatDuration(3725), formatDuration(NaN)]).toEqual(['8s', '1m15s', '1h02m', '…']);
  });
});

const row = (image: string, face: number, value: number, evaded: number, extra: Partial<ResultRow> = {}): ResultRow => ({
  command: 'sweep',
  image,
  face,
  detected: 2,
  vary: 'alpha',
  value,
  faces: 1,
  evaded,
  params: { eps: 0.03, alpha: value, face },
  detect: { minFaceSize: 20 },
  backend: 'wasm',
  ms: 1,
  metrics: { l2: evaded ? 2 : 1, psnr: null },
  ...extra,
});

describe('summaries and merge', () => {
  it('count faces and evasions per value, numeric values in order, and average the metrics', () => {
    const rows = [row('a', 0, 0.004, 1), row('a', 1, 0.004, 0), row('b', 0, 0.004, 1), row('a', 0, 0.001, 0)];
    const [s] = summarize(rows);
    expect(s!.rows.map((r) => [r.value, r.faces, r.evaded, r.images])).toEqual([
      [0.001, 1, 0, 1],
      [0.004, 3, 2, 2],
    ]);
    expect(s!.rows[1]!.successRate).toBeCloseTo(2 / 3, 12);
    expect(s!.rows[1]!.metrics).toEqual({ l2: 5 / 3, psnr: null });
    expect(formatCsv(s!).split('\n')[0]).toBe('alpha,faces,evaded,success_rate,images,mean_l2,mean_psnr');
  });

  it('merge counts a row found in two files once, and refuses files of different settings', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-merge-'));
    const a = path.join(dir, 'a.jsonl');
    const b = path.join(dir, 'b.jsonl');
    const c = path.join(dir, 'c.jsonl');
    await writeFile(a, [row('x', 0, 0.002, 1), row('x', 1, 0.002, 0)].map((r) => JSON.stringify(r) + '\n').join(''));
    await writeFile(b, [row('x', 1, 0.002, 0), row('y', 0, 0.002, 1)].map((r) => JSON.stringify(r) + '\n').join('') + '{"command":"sw');
    const csv = path.join(dir, 'm.csv');
    const r = await runMain(['merge', a, b, '--csv', csv]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/b\.jsonl: ignored a partial last line/);
    expect(r.stderr).toMatch(/1 row\(s\) appear more than once/);
    expect((await readFile(csv, 'utf8')).split('\n')[1]).toBe(`0.002,3,2,${2 / 3},2,${(2 + 1 + 2) / 3},`);
    await writeFile(c, JSON.stringify(row('z', 0, 0.002, 1, { params: { eps: 0.05, alpha: 0.002, face: 0 } })) + '\n');
    const mixed = await runMain(['merge', a, c]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/the files mix settings for sweep --vary alpha \(eps 0\.03 ≠ 0\.05/);
  });
});

/*
 * The real thing, small: 3 faces (the astronaut, two of the group photo's) × 2 values of ε, 10
 * steps, in this process (runMain) except the run that is killed.
 */
describe('sweep over a dataset: shards, JSON lines, resume', () => {
  const SETTINGS = ['--vary', 'eps', '--values', '0.002,0.05', '--steps', '10', '--alpha', '0.01'];
  let dir: string;
  let list: string;
  let full: ResultRow[];

  const rowsOf = async (file: string) => (await readJsonl(file)).rows as ResultRow[];
  const outcome = (rows: ResultRow[]) => new Map(rows.map((r) => [rowKey(r), [r.faces, r.evaded, r.detected, r.metrics.l0Pixels]]));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-batch-'));
    await copyFile(ASTRONAUT, path.join(dir, 'astronaut.png'));
    await copyFile(GROUP, path.join(dir, 'group.jpg'));
    list = path.join(dir, 'faces.txt');
    await writeFile(list, 'astronaut.png\ngroup.jpg 0,1\n');
    const r = await runMain(['sweep', '--dataset', list, ...SETTINGS, '--jsonl', path.join(dir, 'full.jsonl')]);
    expect(r.code, r.stderr).toBe(0);
    full = await rowsOf(path.join(dir, 'full.jsonl'));
  });

  it('writes one row per face and setting, keyed by the path in the list', () => {
    expect(full).toHaveLength(6);
    expect(new Set(full.map(rowKey)).size).toBe(6);
    expect(full.map((r) => `${r.image}#${r.face}@${r.value}`).sort()).toEqual(
      ['astronaut.png#0@0.002', 'astronaut.png#0@0.05', 'group.jpg#0@0.002', 'group.jpg#0@0.05', 'group.jpg#1@0.002', 'group.jpg#1@0.05'],
    );
    // Otherwise "the same rates" below would be a weak claim.
    const evaded = full.reduce((a, r) => a + r.evaded, 0);
    expect(evaded).toBeGreaterThan(0);
    expect(evaded).toBeLessThan(6);
  });

  it('two shards merged give the same rows and the same table as the unsharded run', async () => {
    const files = [1, 2].map((k) => path.join(dir, `shard-${k}.jsonl`));
    for (const [i, file] of files.entries()) {
      const r = await runMain(['sweep', '--dataset', list, ...SETTINGS, '--shard', `${i + 1}/2`, '--jsonl', file]);
      expect(r.code, r.stderr).toBe(0);
    }
    const [s1, s2] = await Promise.all(files.map(rowsOf));
    expect(new Set(s1!.map((r) => r.image))).toEqual(new Set(['astronaut.png']));
    expect(new Set(s2!.map((r) => r.image))).toEqual(new Set(['group.jpg']));
    expect(outcome([...s1!, ...s2!])).toEqual(outcome(full));

    const merged = await runMain(['merge', ...files, '--csv', path.join(dir, 'shards.csv')]);
    const single = await runMain(['merge', path.join(dir, 'full.jsonl'), '--csv', path.join(dir, 'full.csv')]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout.split('\n').slice(1)).toEqual(single.stdout.split('\n').slice(1)); // the tables (line 1 names the file count)
    const firstColumns = async (f: string) => (await readFile(f, 'utf8')).split('\n').map((l) => l.split(',').slice(0, 5).join(','));
    expect(await firstColumns(path.join(dir, 'shards.csv'))).toEqual(await firstColumns(path.join(dir, 'full.csv')));
  });

  it('a run killed midway and resumed loses and duplicates nothing', async () => {
    const out = path.join(dir, 'killed.jsonl');
    const child = spawn(process.execPath, [path.resolve('bin/mtcnn-attack.mjs'), 'sweep', '--dataset', list, ...SETTINGS, '--jsonl', out], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let atKill = 0;
    for (let waited = 0; waited < 110_000; waited += 50) {
      atKill = (await readJsonl(out)).rows.length;
      if (atKill >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;
    const killed = await readJsonl(out);
    expect(killed.rows.length).toBeGreaterThanOrEqual(2);
    expect(killed.rows.length).toBeLessThan(6); // really midway
    await appendFile(out, '{"command":"sweep","image":"group.j'); // what a write cut short would leave

    const again = await runMain(['sweep', '--dataset', list, ...SETTINGS, '--jsonl', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds results \(add --resume/);

    const resumed = await runMain(['sweep', '--dataset', list, ...SETTINGS, '--jsonl', out, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/dropped a partial last line/);
    expect(resumed.stderr).toMatch(new RegExp(`resuming .*: ${killed.rows.length} rows`));
    const after = await readJsonl(out);
    expect(after.partialBytes).toBe(0);
    const rows = after.rows as ResultRow[];
    expect(rows).toHaveLength(6);
    expect(rows.slice(0, killed.rows.length)).toEqual(killed.rows); // kept as they were, not redone
    expect(outcome(rows)).toEqual(outcome(full));
    // The summary printed at the end counts the resumed rows too.
    expect(resumed.stdout).toBe(sweepTable(full));
    // Resuming a finished run attacks nothing.
    const noop = await runMain(['sweep', '--dataset', list, ...SETTINGS, '--jsonl', out, '--resume']);
    expect(noop.code).toBe(0);
    expect((await readJsonl(out)).rows).toHaveLength(6);
    // Other settings do not continue this file.
    const other = await runMain(['sweep', '--dataset', list, ...SETTINGS, '--steps', '11', '--jsonl', out, '--resume']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds rows of other settings \(steps 10 ≠ 11\)/);
  });
});

/** The table sweep prints for these rows. */
function sweepTable(rows: ResultRow[]): string {
  const s = summarize(rows)[0]!;
  return `${s.vary!.padEnd(12)} faces  evaded  success\n` + s.rows.map((r) => `${String(r.value).padEnd(12)} ${String(r.faces).padStart(5)}  ${String(r.evaded).padStart(6)}  ${(100 * r.successRate).toFixed(1).padStart(6)}%\n`).join('');
}

describe('sparse over a dataset', () => {
  it('writes one sparse row per face with the mask size and the dense verdict; single-image outputs are refused', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-sparse-'));
    await copyFile(ASTRONAUT, path.join(dir, 'astronaut.png'));
    const out = path.join(dir, 'sparse.jsonl');
    const flags = ['--steps', '5', '--iterations', '3', '--encoder', 'free'];
    const r = await runMain(['sparse', '--dataset', dir, ...flags, '--jsonl', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [row, ...more] = (await readJsonl(out)).rows as ResultRow[];
    expect(more).toEqual([]);
    expect(row).toMatchObject({ command: 'sparse', image: 'astronaut.png', face: 0, detected: 1, vary: null, value: null, faces: 1 });
    expect(row!.params).toMatchObject({ steps: 5, sparse: { iterations: 3, encoder: 'free' } });
    expect(row!.metrics.maskPixels).toBeGreaterThan(0);
    expect([0, 1]).toContain(row!.metrics.denseSuccess);
    expect(JSON.parse(r.stdout)).toMatchObject({ faces: 1, evaded: row!.evaded, meanMaskPixels: row!.metrics.maskPixels });
    const refused = await runMain(['sparse', '--dataset', dir, ...flags, '--out', path.join(dir, 'x.png')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--out writes one image's result/);
  });
});
