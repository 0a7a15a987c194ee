import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadMtcnnWeights, type MtcnnWeights } from '../core/mtcnn/weights';
import { packageRoot } from './packageRoot';

/** public/models of this package: in a checkout, next to the built CLI, and in the installed tarball. */
export const MODELS_DIR = path.join(packageRoot(), 'public', 'models') + path.sep;

export function loadWeightsFromDir(dir = MODELS_DIR): Promise<MtcnnWeights> {
  return loadMtcnnWeights((name) => readFile(path.join(dir, name)));
}
