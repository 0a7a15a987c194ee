import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The folder of this package (its package.json), found by walking up from this module: src/node/
 * in a checkout, dist/cli/ in the built CLI, node_modules/mtcnn-attack-playground/dist/cli/ where the
 * packed tarball is installed. The model weights (public/models) are found from here.
 */

const NAME = 'mtcnn-attack-playground';

let cached: { root: string; version: string } | undefined;

function find(): { root: string; version: string } {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === NAME) return { root: dir, version: pkg.version ?? '0.0.0' };
    } catch {
      // no (readable) package.json here: go up
    }
    if (dir === path.dirname(dir)) throw new Error(`package.json of ${NAME} not found above ${fileURLToPath(import.meta.url)}`);
  }
}

/** The package's folder. */
export function packageRoot(): string {
  return (cached ??= find()).root;
}

/** The version in the package's package.json. */
export function packageVersion(): string {
  return (cached ??= find()).version;
}
