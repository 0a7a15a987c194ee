import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMtcnnWeights, type MtcnnWeights } from '../core/mtcnn/weights';

/** public/models in this checkout. */
export const MODELS_DIR = fileURLToPath(new URL('../../public/models/', import.meta.url));

export function loadWeightsFromDir(dir = MODELS_DIR): Promise<MtcnnWeights> {
  return loadMtcnnWeights((name) => readFile(path.join(dir, name)));
}
