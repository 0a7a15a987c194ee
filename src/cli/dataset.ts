import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './errors';

/*
 * The images a batch command (sweep, sparse, heads) runs over: given on the command line, or a
 * --dataset, which is a folder (every PNG and JPEG under it, recursively, in a fixed order) or a
 * list file (one image a line, relative to the list's folder, optionally followed by the face
 * indices to attack). Each item has a key, the image's name in the result rows: the path as given
 * for command-line images, the path relative to the dataset for a dataset, so that shards run on
 * machines that mount the dataset elsewhere still write the same keys.
 */

export interface DatasetItem {
  /** Where to read the image. */
  file: string;
  /** The image's name in result rows (and in resume keys). */
  key: string;
  /** The faces (indices into the clean detection) the list file names; undefined: every face. */
  faces?: number[];
}

const IMAGE_EXT = /\.(png|jpe?g)$/i;
/** A list line's last word, when it is the faces to attack: "0", "0,2,3". */
const FACES_WORD = /^\d+(,\d+)*$/;

/** The command-line images, keyed as given. */
export function itemsFromPaths(paths: readonly string[]): DatasetItem[] {
  return paths.map((file) => ({ file, key: file }));
}

/** A folder or a list file (see the module comment). Throws UsageError naming what is wrong. */
export async function readDataset(spec: string): Promise<DatasetItem[]> {
  let st;
  try {
    st = await stat(spec);
  } catch {
    throw new UsageError(`--dataset ${spec}: not found`);
  }
  if (!st.isDirectory() && IMAGE_EXT.test(spec)) throw new UsageError(`--dataset ${spec}: is an image; give a folder or a list file (one image a line)`);
  const items = st.isDirectory() ? await itemsOfFolder(spec) : await itemsOfList(spec);
  if (items.length === 0) throw new UsageError(`--dataset ${spec}: no images (PNG or JPEG) in it`);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.key)) throw new UsageError(`--dataset ${spec}: ${item.key} is listed twice`);
    seen.add(item.key);
  }
  return items;
}

/** Every PNG and JPEG under `dir` (hidden entries skipped), sorted by relative path (code points). */
async function itemsOfFolder(dir: string): Promise<DatasetItem[]> {
  const keys: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else if (IMAGE_EXT.test(e.name)) keys.push(child);
    }
  };
  await walk('');
  keys.sort(byCodePoint);
  return keys.map((key) => ({ file: path.join(dir, key), key }));
}

/**
 * One image a line: `path` or `path faces` (faces: comma-separated indices). Blank lines and lines
 * starting with # are skipped. Relative paths are relative to the list file's folder.
 */
export function parseList(text: string, listFile: string): DatasetItem[] {
  const base = path.dirname(listFile);
  const items: DatasetItem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(.*\S)\s+(\S+)$/.exec(line);
    const hasFaces = m !== null && FACES_WORD.test(m[2]!);
    const name = hasFaces ? m![1]! : line;
    const faces = hasFaces ? [...new Set(m![2]!.split(',').map(Number))] : undefined;
    if (!IMAGE_EXT.test(name)) throw new UsageError(`--dataset ${listFile}:${i + 1}: "${name}" is not a .png, .jpg or .jpeg file`);
    const key = name.split(path.sep).join('/');
    items.push({ file: path.resolve(base, name), key, ...(faces ? { faces } : {}) });
  });
  return items;
}

async function itemsOfList(listFile: string): Promise<DatasetItem[]> {
  let text: string;
  try {
    text = await readFile(listFile, 'utf8');
  } catch (err) {
    throw new UsageError(`--dataset ${listFile}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseList(text, listFile);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
