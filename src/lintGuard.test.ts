import { describe, it, expect } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';

/*
 * The rule that keeps src/core pure (eslint.config.js) must hold from every folder depth: a core
 * file three folders down reaching '../../../ui/x' is as wrong as one reaching '../ui/x'.
 */
const eslint = new ESLint({ cwd: path.resolve(__dirname, '..') });

async function problems(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const use = (what: string) => `${what}\nexport const used = x;\n`;

describe('the src/core purity rule', () => {
  it.each([
    ["import { x } from '../../../ui/store';", 'src/core/a/b/c.ts'],
    ["import { x } from '../ui/store';", 'src/core/attack/x.ts'],
    ["import { x } from '../../ui/store';", 'src/core/attack/x.ts'],
    ["import { x } from 'src/ui/store';", 'src/core/x.ts'],
    ["import { x } from '../../node/backend';", 'src/core/mtcnn/x.ts'],
    ["import { x } from '../../../../worker/engine';", 'src/core/a/b/c/d.ts'],
    ["import { x } from '../../cli/main';", 'src/core/mtcnn/x.ts'],
    ["import type { x } from '../../ui/store';", 'src/core/mtcnn/x.ts'],
    ["import { x } from 'node:fs';", 'src/core/x/y/z.ts'],
    ["import { x } from 'fs';", 'src/core/x.ts'],
    ["import { x } from 'fs/promises';", 'src/core/x.ts'],
    ["import { x } from 'path';", 'src/core/x/y/z.ts'],
    ["import { x } from 'react';", 'src/core/x/y/z.ts'],
    ["import { x } from 'react/jsx-runtime';", 'src/core/x.ts'],
    ["import { x } from 'react-dom/client';", 'src/core/x.ts'],
    ["import x from 'sharp';", 'src/core/x.ts'],
  ])('%s in %s is an error', async (line, file) => {
    const found = await problems(use(line), file);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^no-restricted-imports: /);
  });

  it.each([
    ["export * from '../../../ui/store';", 'src/core/a/b/c.ts', 'no-restricted-imports'],
    ["export const x = import('../../worker/engine');", 'src/core/a/b.ts', 'no-restricted-syntax'],
    ["export const x = import('node:fs');", 'src/core/a/b.ts', 'no-restricted-syntax'],
    ["export const x = window.foo;", 'src/core/x/y/z.ts', 'no-restricted-globals'],
    ["export const x = document.title;", 'src/core/x.ts', 'no-restricted-globals'],
    ['export const x = process.env.HOME;', 'src/core/x.ts', 'no-restricted-globals'],
  ])('%s in %s is an error', async (code, file, rule) => {
    const found = await problems(`${code}\n`, file);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${rule}: `));
  });

  it('lets core files import each other, TensorFlow.js, and files whose names only look like Node modules', async () => {
    const code = [
      "import * as tf from '@tensorflow/tfjs';",
      "import { detectFaces } from '../mtcnn/detect';",
      "import { mulberry } from '../random';",
      "import { path } from './path';",
      "import { ui } from './build-ui';",
      'export const used = [tf, detectFaces, mulberry, path, ui, globalThis.crypto];',
      '',
    ].join('\n');
    expect(await problems(code, 'src/core/attack/x.ts')).toEqual([]);
    expect(await problems("export const x = import('@tensorflow/tfjs-backend-wasm');\n", 'src/core/a/b/c.ts')).toEqual([]);
  });

  it('does not apply to core tests, or outside src/core', async () => {
    const node = use("import { readFileSync as x } from 'node:fs';\nimport { y } from '../node/testing';\nexport const z = [y, process.env.HOME];");
    expect(await problems(node, 'src/core/x.test.ts')).toEqual([]);
    expect(await problems(node, 'src/core/a/b/x.test.ts')).toEqual([]);
    expect(await problems(use("import { x } from '../ui/store';"), 'src/worker/x.ts')).toEqual([]);
  });
});
