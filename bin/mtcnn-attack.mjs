#!/usr/bin/env node
// Entry point of `mtcnn-attack`: runs the built CLI, dist/cli/main.js (`npm run build` or
// `npm run build:cli` makes it; the packed tarball ships it). In a checkout whose TypeScript is
// newer than that build, or that has no build, it runs the source through tsx (a devDependency)
// instead, so that an edit is never hidden behind a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { URL } from 'node:url';

const built = new URL('../dist/cli/main.js', import.meta.url);
const sourceDirs = ['../src/cli/', '../src/core/', '../src/node/'].map((d) => new URL(d, import.meta.url));

/** Newest modification time (ms) of the .ts files under `dir`, tests excluded. */
function newestTs(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) newest = Math.max(newest, newestTs(new URL(`${e.name}/`, dir)));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(new URL(e.name, dir)).mtimeMs);
  }
  return newest;
}

function useSource() {
  if (!existsSync(sourceDirs[0])) return false; // an installed package: only the build is there
  if (!existsSync(built)) return true;
  const buildTime = statSync(built).mtimeMs;
  return sourceDirs.some((d) => existsSync(d) && newestTs(d) > buildTime);
}

let main;
if (useSource()) {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('mtcnn-attack: no build of the CLI (dist/cli/main.js) and no tsx to run the source: run `npm install && npm run build:cli`\n');
    process.exit(1);
  }
  register();
  ({ main } = await import('../src/cli/main.ts'));
} else {
  process.setSourceMapsEnabled(true); // stack traces (--debug) name the TypeScript files
  ({ main } = await import(built.href));
}
process.exitCode = await main(process.argv.slice(2));
