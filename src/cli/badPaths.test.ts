import { beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ASTRONAUT } from '../node/testing';
import { fileErrorReason } from '../node/imageFile';
import { runMain, writeHugePng, type CliRun } from './testing';

/*
 * Every refusal here must come before any work: the engine and the weights are replaced by a
 * failure, so a command that got as far as loading them exits 1 with "unexpected error" instead of
 * the expected one-line refusal (exit 2).
 */
const { forbidden } = vi.hoisted(() => ({
  forbidden: async (): Promise<never> => {
    throw new Error('engine started (not allowed in this test)\nsecond line of the message');
  },
}));
vi.mock('../node/backend', async (importOriginal) => ({ ...(await importOriginal<object>()), activateNodeBackend: forbidden }));
vi.mock('../node/models', async (importOriginal) => ({ ...(await importOriginal<object>()), loadWeightsFromDir: forbidden }));

let dir: string;
let image: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mtcnn-bad-'));
  image = path.join(dir, 'face.png');
  await copyFile(ASTRONAUT, image);
  await mkdir(path.join(dir, 'folder'));
});

/** The run printed one line, `line` after the command prefix, on stderr, nothing on stdout, exit 2. */
function expectRefusal(r: CliRun, command: string, line: string | RegExp): void {
  const prefix = `mtcnn-attack ${command}: `;
  expect(r.stderr.startsWith(prefix) && r.stderr.endsWith('\n') && r.stderr.split('\n').length === 2, r.stderr).toBe(true);
  if (typeof line === 'string') expect(r.stderr).toBe(`${prefix}${line}\n`);
  else expect(r.stderr.slice(prefix.length, -1)).toMatch(line);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
}

describe('output paths are checked before any work', () => {
  it('refuses an output in a missing directory, for every output flag', async () => {
    const missing = path.join(dir, 'nope', 'out.png');
    const reason = `directory ${path.join(dir, 'nope')} does not exist`;
    expectRefusal(await runMain(['detect', image, '--draw', missing]), 'detect', `--draw ${missing}: ${reason}`);
    expectRefusal(await runMain(['attack', image, '--out', missing]), 'attack', `--out ${missing}: ${reason}`);
    expectRefusal(await runMain(['attack', image, '--perturbation-out', missing]), 'attack', `--perturbation-out ${missing}: ${reason}`);
    expectRefusal(await runMain(['sparse', image, '--out', missing]), 'sparse', `--out ${missing}: ${reason}`);
    expectRefusal(await runMain(['sparse', image, '--mask-out', missing]), 'sparse', `--mask-out ${missing}: ${reason}`);
  });

  it('refuses an output that is a directory', async () => {
    const folder = path.join(dir, 'folder');
    expectRefusal(await runMain(['attack', image, '--out', folder]), 'attack', `--out ${folder}: is a directory`);
  });

  it('refuses an output under a file (ENOTDIR)', async () => {
    const under = path.join(image, 'out.png');
    expectRefusal(await runMain(['detect', image, '--draw', under]), 'detect', `--draw ${under}: ${image} is not a directory`);
  });

  it.skipIf(!existsSync('/proc/self'))('refuses an output where even root cannot create files (/proc)', async () => {
    const file = '/proc/mtcnn-attack-test.png';
    expectRefusal(await runMain(['attack', image, '--out', file]), 'attack', `--out ${file}: cannot create files in /proc`);
  });

  it('refuses to overwrite an input image, however it is spelled, and leaves it unchanged', async () => {
    const before = await readFile(image);
    const relative = path.relative(process.cwd(), image);
    expectRefusal(await runMain(['detect', image, '--draw', relative]), 'detect', `--draw ${relative}: is the input image ${image} (refusing to overwrite it)`);
    const link = path.join(dir, 'link.png');
    await symlink(image, link);
    expectRefusal(await runMain(['attack', image, '--out', link]), 'attack', `--out ${link}: is the input image ${image} (refusing to overwrite it)`);
    // Several images: --draw OUT.png writes OUT-1.png, OUT-2.png…; those are checked too.
    const second = path.join(dir, 'shot-2.png');
    await copyFile(ASTRONAUT, second);
    const draw = path.join(dir, 'shot.png');
    expectRefusal(await runMain(['detect', image, second, '--draw', draw]), 'detect', `--draw ${second}: is the input image ${second} (refusing to overwrite it)`);
    expect((await readFile(image)).equals(before)).toBe(true); // Buffer.equals: toEqual is slow on 500 kB
  });

  it('refuses two outputs that are one file', async () => {
    const out = path.join(dir, 'same.png');
    expectRefusal(await runMain(['attack', image, '--out', out, '--perturbation-out', out]), 'attack', `--perturbation-out ${out}: is the same file as --out`);
  });

  it('writes nothing when one output is bad: the good one is not created, no probe file is left', async () => {
    const target = await mkdtemp(path.join(dir, 'outputs-'));
    const good = path.join(target, 'adv.png');
    const bad = path.join(target, 'nope', 'pert.png');
    expectRefusal(await runMain(['attack', image, '--out', good, '--perturbation-out', bad]), 'attack', `--perturbation-out ${bad}: directory ${path.dirname(bad)} does not exist`);
    expect(await readdir(target)).toEqual([]);
  });

  it('is checked before the image too: a bad output wins over a missing image', async () => {
    const missing = path.join(dir, 'nope', 'out.png');
    expectRefusal(await runMain(['attack', path.join(dir, 'missing.png'), '--out', missing]), 'attack', `--out ${missing}: directory ${path.dirname(missing)} does not exist`);
  });
});

describe('input images are checked before any work', () => {
  it('refuses an image over 50 megapixels from its header, without decoding it', async () => {
    const huge = path.join(dir, 'huge.png');
    await writeHugePng(huge);
    expectRefusal(await runMain(['attack', huge]), 'attack', `${huge}: too large: 8000×7000 is 56 MP, the limit is 50 MP`);
  });

  it('names a directory, a missing file and a file that is not an image', async () => {
    const folder = path.join(dir, 'folder');
    expectRefusal(await runMain(['attack', folder]), 'attack', `${folder}: is a directory`);
    const missing = path.join(dir, 'missing.png');
    expectRefusal(await runMain(['sparse', missing]), 'sparse', `${missing}: file not found`);
    const r = await runMain(['attack', path.join(process.cwd(), 'package.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mtcnn-attack attack: \S+package\.json: not a readable image \([^\n]*\)\n$/);
  });

  it('says "permission denied" for a file it may not read', async () => {
    expect(fileErrorReason(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('permission denied');
    if (process.getuid?.() === 0) return; // root reads anything: the mapping above is what can be tested
    const locked = path.join(dir, 'locked.png');
    await copyFile(ASTRONAUT, locked);
    await chmod(locked, 0);
    expectRefusal(await runMain(['attack', locked]), 'attack', `${locked}: permission denied`);
  });
});

describe('negative numbers are values', () => {
  // The ranges themselves belong to the parameter definitions; what matters here is that the
  // negative number reached them.
  it('reaches the range check with one line, for any number flag of any command', async () => {
    expectRefusal(await runMain(['attack', image, '--eps', '-1']), 'attack', /^--eps must be between \S+ and 1, got -1$/);
    expectRefusal(await runMain(['attack', image, '--alpha', '-.5']), 'attack', /^--alpha must be between \S+ and \S+, got -0\.5$/);
    expectRefusal(await runMain(['detect', image, '--min-face', '-20']), 'detect', '--min-face must be between 12 and 100000, got -20');
    expectRefusal(await runMain(['sparse', image, '--lambda', '-2.5']), 'sparse', /^--lambda must be between \S+ and \S+, got -2\.5$/);
    expectRefusal(await runMain(['sweep', image, '--vary', 'eps', '--values', '-0.1,0.2']), 'sweep', /^--values: .*-0\.1/);
  });

  it('keeps a value that only looks like a flag to one line', async () => {
    const r = await runMain(['attack', image, '--out', '-adv.png']);
    expectRefusal(r, 'attack', /^Option '--out[^']*' argument is ambiguous\. .*'--out=-XYZ'\.$/);
  });
});

describe('unexpected errors', () => {
  it('print one line and exit 1, without a stack', async () => {
    const r = await runMain(['detect', image]);
    expect(r.stderr).toBe('mtcnn-attack detect: unexpected error: engine started (not allowed in this test) (run again with --debug for details)\n');
    expect(r.code).toBe(1);
  });

  it('print the stack with --debug, wherever it is on the command line', async () => {
    for (const args of [['--debug', 'detect', image], ['detect', '--debug', image], ['detect', image, '--debug']]) {
      const r = await runMain(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/^mtcnn-attack detect: unexpected error: engine started \(not allowed in this test\)\nError: engine started[^\n]*\nsecond line of the message\n\s+at /);
    }
  });
});
