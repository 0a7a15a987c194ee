import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ASTRONAUT, GROUP } from '../node/testing';

const BIN = path.resolve('bin/mtcnn-attack.mjs');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

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
    const { code, stdout, stderr } = await run(['detect', text, ASTRONAUT, truncated, path.join(dir, 'missing.png'), '--json']);
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/notes\.png: not a readable image/);
    expect(lines[1]).toMatch(/cut\.jpg: corrupt JPEG/);
    expect(lines[2]).toMatch(/missing\.png: file not found/);
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
