import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ASTRONAUT } from '../node/testing';

/*
 * The npm package as a user gets it: the CLI built with vite.cli.config.ts (what `npm run build`
 * does) into a staging copy of the package, `npm pack`, `npm install` of the tarball into an empty
 * project (from npm's cache when it has the packages, as after `npm ci`), then its mtcnn-attack
 * run from yet another directory.
 */

function exec(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the packed tarball', () => {
  it('installs, and its mtcnn-attack runs detect from another directory; --version and --help load no TensorFlow.js', async () => {
    const repo = path.resolve('.');
    const tmp = await mkdtemp(path.join(tmpdir(), 'mtcnn-pack-'));
    try {
      await checkPackage(repo, tmp);
    } finally {
      await rm(tmp, { recursive: true, force: true }); // the installed dependencies are a few hundred MB
    }
  }, 300_000);
});

async function checkPackage(repo: string, tmp: string): Promise<void> {
  const stage = path.join(tmp, 'stage');
  await mkdir(path.join(stage, 'public'), { recursive: true });
  await copyFile('package.json', path.join(stage, 'package.json'));
  await cp('bin', path.join(stage, 'bin'), { recursive: true });
  await cp('public/models', path.join(stage, 'public', 'models'), { recursive: true });
  const build = await exec(process.execPath, [path.join(repo, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.cli.config.ts', '--outDir', path.join(stage, 'dist/cli'), '--emptyOutDir'], repo);
  expect(build.code, build.stderr).toBe(0);

  const pack = await exec(npm, ['pack', '--ignore-scripts', '--pack-destination', tmp, '--json'], stage);
  expect(pack.code, pack.stderr).toBe(0);
  const [{ filename, files }] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
  const paths = files.map((f) => f.path);
  expect(paths).toEqual(expect.arrayContaining(['package.json', 'bin/mtcnn-attack.mjs', 'dist/cli/main.js', 'public/models/mtcnn_model-weights_manifest.json']));
  expect(paths.filter((p) => !/^(package\.json|bin\/|dist\/cli\/|public\/models\/)/.test(p))).toEqual([]);

  const app = path.join(tmp, 'app');
  await mkdir(app);
  await writeFile(path.join(app, 'package.json'), '{ "name": "app", "private": true }\n');
  const install = await exec(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(tmp, filename)], app);
  expect(install.code, install.stderr).toBe(0);
  const installed = path.join(app, 'node_modules', 'mtcnn-attack-playground');
  expect(existsSync(path.join(installed, 'src'))).toBe(false); // so the bin can only run the build
  expect(existsSync(path.join(app, 'node_modules', 'tsx'))).toBe(false); // not a runtime dependency any more

  const elsewhere = path.join(tmp, 'elsewhere');
  await mkdir(elsewhere);
  await copyFile(ASTRONAUT, path.join(elsewhere, 'face.png'));
  const cli = path.join(app, 'node_modules', '.bin', 'mtcnn-attack');
  const detect = await exec(cli, ['detect', 'face.png', '--json'], elsewhere);
  expect(detect.code, detect.stderr).toBe(0);
  const [result] = JSON.parse(detect.stdout);
  expect(result).toMatchObject({ image: 'face.png', width: 512, height: 512, backend: 'wasm' });
  expect(result.faces).toHaveLength(1);

  // A resolve hook that refuses TensorFlow.js and sharp: --version and --help pass it, detect does not.
  await writeFile(path.join(tmp, 'hooks.mjs'), 'export async function resolve(s, c, next) { if (/^@tensorflow\\/|^sharp$/.test(s)) throw new Error(`loaded ${s}`); return next(s, c); }\n');
  await writeFile(path.join(tmp, 'forbid.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
  const guarded = (args: string[]) => exec(process.execPath, ['--import', path.join(tmp, 'forbid.mjs'), cli, ...args], elsewhere);
  const version = await guarded(['--version']);
  expect(version).toMatchObject({ code: 0, stdout: `${JSON.parse(await readFile('package.json', 'utf8')).version}\n`, stderr: '' });
  const help = await guarded(['--help']);
  expect(help.code, help.stderr).toBe(0);
  expect(help.stdout).toMatch(/usage: mtcnn-attack merge/);
  expect(help.stdout).toMatch(/--eps 0\.001–1 \(default 0\.03\)/); // the schema's help, made at build time
  const control = await guarded(['detect', 'face.png']);
  expect(control.code).toBe(1);
  expect(control.stderr).toMatch(/loaded (@tensorflow\/|sharp)/);
}
