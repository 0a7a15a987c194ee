import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ASTRONAUT, GROUP } from '../node/testing';
import { runBin as run, writeHugePng } from './testing';

describe('mtcnn-attack detect', () => {
  it('prints exactly one JSON array with the documented fields', async () => {
    const { code, stdout, stderr } = await run(['detect', ASTRONAUT, GROUP, '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const parsed = JSON.parse(stdout);
    expect(parsed).toHaveLength(2);
    const [astro, group] = parsed;
    expect(astro).toMatchObject({ image: ASTRONAUT, width: 512, height: 512, backend: 'wasm' });
    expect(typeof astro.ms).toBe('number');
    expect(astro.faces).toHaveLength(1);
    expect(Object.keys(astro.faces[0]).sort()).toEqual(['box', 'landmarks', 'score']);
    expect(Object.keys(astro.faces[0].box).sort()).toEqual(['height', 'width', 'x', 'y']);
    expect(astro.faces[0].landmarks).toHaveLength(5);
    expect(group.faces).toHaveLength(4);
  });

  it('honours EXIF orientation: a rotated-by-tag JPEG gives boxes in displayed coordinates', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-'));
    const file = path.join(dir, 'rotated.jpg');
    // Pixels stored rotated 90° clockwise with EXIF orientation 8 (display = rotate 90° counter-clockwise back).
    await sharp(ASTRONAUT).rotate(90).withMetadata({ orientation: 8 }).jpeg({ quality: 95 }).toFile(file);
    const { code, stdout } = await run(['detect', file, '--json']);
    expect(code).toBe(0);
    const [r] = JSON.parse(stdout);
    expect([r.width, r.height]).toEqual([512, 512]);
    expect(r.faces).toHaveLength(1);
    // Upright again: the face is in the upper half, as in the original.
    expect(r.faces[0].box.y).toBeLessThan(120);
    expect(r.faces[0].box.x).toBeGreaterThan(150);
  });

  it('reports unreadable files in one line each with exit code 2, and still processes the others', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-'));
    const text = path.join(dir, 'notes.png');
    await writeFile(text, 'this is not an image');
    const truncated = path.join(dir, 'cut.jpg');
    await writeFile(truncated, (await readFile(GROUP)).subarray(0, 4000));
    const folder = path.join(dir, 'folder.png');
    await mkdir(folder);
    const huge = path.join(dir, 'huge.png');
    await writeHugePng(huge);
    const { code, stdout, stderr } = await run(['detect', text, ASTRONAUT, truncated, path.join(dir, 'missing.png'), folder, huge, '--json']);
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/notes\.png: not a readable image/);
    expect(lines[1]).toMatch(/cut\.jpg: corrupt JPEG/);
    expect(lines[2]).toMatch(/missing\.png: file not found$/);
    expect(lines[3]).toMatch(/folder\.png: is a directory$/);
    expect(lines[4]).toMatch(/huge\.png: too large: 8000×7000 is 56 MP, the limit is 50 MP$/);
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    expect(JSON.parse(stdout)).toHaveLength(1);
  });

  it('rejects bad flags with a one-line message and exit code 2', async () => {
    for (const args of [
      ['detect', ASTRONAUT, '--thresholds', '0.6,0.7'],
      ['detect', ASTRONAUT, '--min-face', 'abc'],
      ['detect', ASTRONAUT, '--conventions', 'opencv'],
      ['detect'],
      ['frobnicate'],
    ]) {
      const { code, stderr } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n').length, stderr).toBeLessThanOrEqual(2);
      expect(stderr).toMatch(/mtcnn-attack/);
    }
  });

  it('draws boxes onto a PNG with --draw', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-'));
    const out = path.join(dir, 'boxes.png');
    expect((await run(['detect', ASTRONAUT, '--draw', out])).code).toBe(0);
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 512]);
    // The box outline is drawn in green at the face's top-left corner region.
    const { data } = await sharp(out).extract({ left: 178, top: 58, width: 6, height: 6 }).raw().toBuffer({ resolveWithObject: true });
    let green = 0;
    for (let i = 0; i < data.length; i += 3) if (data[i + 1]! > 200 && data[i]! < 120) green++;
    expect(green).toBeGreaterThan(3);
  });
});

describe('mtcnn-attack unexpected errors', () => {
  // /dev/full accepts the open and fails the write (ENOSPC): an error no check can foresee.
  it.skipIf(!existsSync('/dev/full'))('print one line and exit 1, never the minified WASM source; --debug adds the stack', async () => {
    const plain = await run(['detect', ASTRONAUT, '--draw', '/dev/full']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^mtcnn-attack detect: unexpected error: [^\n]*\/dev\/full[^\n]* \(run again with --debug for details\)\n$/);
    const debug = await run(['--debug', 'detect', ASTRONAUT, '--draw', '/dev/full']);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^mtcnn-attack detect: unexpected error: [^\n]*\/dev\/full[^\n]*\n/);
    expect(debug.stderr).toMatch(/No space left on device/);
    expect(debug.stderr).toMatch(/\n\s+at .*draw\.ts:\d+/);
    expect(debug.stderr.length).toBeLessThan(5000); // the stack, not the WASM module's source
  });
});

describe('mtcnn-attack attack and sweep', () => {
  it('attack --json reports the documented fields, and the saved PNG gets the same verdict from detect', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-'));
    const out = path.join(dir, 'adv.png');
    const pert = path.join(dir, 'pert.png');
    const { code, stdout, stderr } = await run(['attack', ASTRONAUT, '--steps', '30', '--json', '--out', out, '--perturbation-out', pert]);
    expect(code, stderr).toBe(0);
    const r = JSON.parse(stdout);
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['image', 'params', 'backend', 'msPerStep', 'scales', 'faces', 'steps', 'success', 'successRate', 'norms']));
    expect(r.params).toMatchObject({ method: 'pgd', eps: 0.03, alpha: 0.0047568, steps: 30, scales: 'auto', heads: ['pnet-cls'] });
    expect(r.scales).toHaveLength(5);
    expect(Object.keys(r.scales[0]).sort()).toEqual(['height', 'index', 'scale', 'width']);
    expect(r.steps).toHaveLength(31);
    expect(r.steps[0].candidates).toHaveLength(5);
    expect(Object.keys(r.norms).sort()).toEqual(['l0Pixels', 'l0Values', 'l1', 'l2', 'linf', 'psnr']);
    expect(r.norms.linf).toBeLessThanOrEqual(0.03 + 0.5 / 255);
    expect(r.success).toBe(r.faces.every((f: { evaded: boolean }) => f.evaded));
    // Re-detect the saved image: the face is found again exactly when the attack said "not evaded".
    const again = JSON.parse((await run(['detect', out, '--json'])).stdout)[0];
    const box = r.faces[0].box;
    const stillThere = again.faces.some((f: { box: typeof box }) => {
      const w = Math.max(0, Math.min(f.box.x + f.box.width, box.x + box.width) - Math.max(f.box.x, box.x));
      const h = Math.max(0, Math.min(f.box.y + f.box.height, box.y + box.height) - Math.max(f.box.y, box.y));
      return (w * h) / (f.box.width * f.box.height + box.width * box.height - w * h) >= 0.5;
    });
    expect(stillThere).toBe(!r.faces[0].evaded);
    expect((await sharp(pert).metadata()).width).toBe(512);
  });

  it('rejects bad attack flags and images without a face: one line, exit code 2', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-'));
    const blank = path.join(dir, 'blank.png');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } }).png().toFile(blank);
    const cases: [string[], RegExp][] = [
      [['attack', ASTRONAUT, '--eps', '0'], /--eps must be between \S+ and 1, got 0$/m],
      [['attack', ASTRONAUT, '--eps', '2'], /--eps must be between \S+ and 1, got 2$/m],
      [['attack', ASTRONAUT, '--steps', '0'], /--steps must be between 1 and 10000/],
      [['attack', ASTRONAUT, '--steps', '1000000'], /--steps must be between 1 and 10000/],
      [['attack', ASTRONAUT, '--method', 'cw'], /--method must be one of fgsm, ifgsm, pgd, mifgsm/],
      [['attack', ASTRONAUT, '--heads', 'pnet-cls,nose'], /--heads: unknown "nose"/],
      [['attack', ASTRONAUT, '--scales', '0,99'], /scale index 99 is out of range/],
      [['attack', blank], /no face was detected/],
      [['sweep', ASTRONAUT, '--vary', 'alpha'], /--values/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr, args.join(' ')).toMatch(message);
    }
  });

  it('sweep prints success per value as JSON and CSV', async () => {
    const json = await run(['sweep', ASTRONAUT, '--vary', 'eps', '--values', '0.002,0.05', '--steps', '20', '--scales', 'all', '--alpha', '0.005', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout);
    expect(r.vary).toBe('eps');
    expect(r.rows.map((x: { value: number }) => x.value)).toEqual([0.002, 0.05]);
    expect(r.rows[0]).toMatchObject({ faces: 1, evaded: 0, successRate: 0 });
    expect(r.rows[1]).toMatchObject({ faces: 1, evaded: 1, successRate: 1 });
    const csv = await run(['sweep', ASTRONAUT, '--vary', 'steps', '--values', '1,2', '--csv']);
    expect(csv.stdout.trim().split('\n')[0]).toBe('steps,faces,evaded,success_rate');
    expect(csv.stdout.trim().split('\n')).toHaveLength(3);
  });
});

describe('mtcnn-attack sparse', () => {
  it('prints dense and sparse results in the attack format, and writes the mask and the sparse PNG', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-'));
    const mask = path.join(dir, 'mask.png');
    const out = path.join(dir, 'sparse.png');
    const r = await run(['sparse', ASTRONAUT, '--steps', '10', '--iterations', '5', '--encoder', 'free', '--json', '--mask-out', mask, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['image', 'params', 'dense', 'sparse', 'maskPixels', 'iterations']));
    for (const part of [j.dense, j.sparse]) expect(Object.keys(part.norms).sort()).toEqual(['l0Pixels', 'l0Values', 'l1', 'l2', 'linf', 'psnr']);
    expect(j.params.sparse).toMatchObject({ encoder: 'free', iterations: 5 });
    expect(j.iterations).toHaveLength(5);
    expect(Object.keys(j.iterations[0]).sort()).toEqual(['a', 'attackLoss', 'iteration', 'loss', 'maskPixels', 'meanMask', 'ms', 'sparsity']);
    expect(j.sparse.norms.l0Pixels).toBeLessThanOrEqual(j.dense.norms.l0Pixels);
    expect((await sharp(mask).metadata()).format).toBe('png');
    expect((await sharp(out).metadata()).width).toBe(512);
    const bad = await run(['sparse', ASTRONAUT, '--encoder', 'unet']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--encoder must be one of conv, free, random/);
  });
});
