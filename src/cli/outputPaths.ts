import { constants, type Stats } from 'node:fs';
import { open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './errors';

/** A file a command will write, and the flag that named it. */
export interface OutputPath {
  flag: string;
  file: string;
}

/** The output flags among `flags` that were given, in that order. */
export function givenOutputs(values: Record<string, unknown>, flags: readonly string[]): OutputPath[] {
  return flags.flatMap((flag) => (typeof values[flag] === 'string' ? [{ flag, file: values[flag] }] : []));
}

/** Opens for writing without truncating, creating it if missing; never blocks on a FIFO. */
const PROBE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (constants.O_NONBLOCK ?? 0);

/**
 * Checks every output before any work, so that a long attack never ends in a write error: each
 * file must be creatable (or overwritable) — tried for real, then removed again if it did not
 * exist — and none may be a directory, an input image or another output. Throws a UsageError
 * naming the flag, the file and the reason.
 */
export async function checkOutputPaths(outputs: readonly OutputPath[], inputs: readonly string[]): Promise<void> {
  const inputStats = await Promise.all(inputs.map(statOrUndefined));
  const taken = new Map<string, string>(); // absolute path → flag
  for (const { flag, file } of outputs) {
    const abs = path.resolve(file);
    const existing = await statOrUndefined(abs);
    const input = inputs.find((inp, i) => path.resolve(inp) === abs || sameFile(existing, inputStats[i]));
    const reason =
      input !== undefined ? `is the input image ${input} (refusing to overwrite it)`
      : taken.has(abs) ? `is the same file as --${taken.get(abs)}`
      : existing?.isDirectory() ? 'is a directory'
      : await probeWritable(abs, existing !== undefined);
    if (reason) throw new UsageError(`--${flag} ${file}: ${reason}`);
    taken.set(abs, flag);
  }
}

function statOrUndefined(file: string): Promise<Stats | undefined> {
  return stat(file).catch(() => undefined);
}

function sameFile(a: Stats | undefined, b: Stats | undefined): boolean {
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

/** Undefined when the file can be written; otherwise why not. */
async function probeWritable(abs: string, existed: boolean): Promise<string | undefined> {
  try {
    await (await open(abs, PROBE_FLAGS)).close();
    if (!existed) await unlink(abs);
    return undefined;
  } catch (err) {
    return whyNotWritable(err as NodeJS.ErrnoException, abs, existed);
  }
}

async function whyNotWritable(err: NodeJS.ErrnoException, abs: string, existed: boolean): Promise<string> {
  const dir = path.dirname(abs);
  switch (err.code) {
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return `${await nonDirectoryAncestor(dir)} is not a directory`;
    case 'ENOENT':
      return (await statOrUndefined(dir)) ? `cannot create files in ${dir}` : `directory ${dir} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return existed ? 'permission denied' : `directory ${dir} is not writable`;
    case 'EROFS':
      return 'read-only file system';
    default:
      return `cannot be written (${err.code ?? err.message})`;
  }
}

/** The nearest existing ancestor, which ENOTDIR says is a file rather than a directory. */
async function nonDirectoryAncestor(dir: string): Promise<string> {
  for (let d = dir; ; d = path.dirname(d)) {
    if ((await statOrUndefined(d)) || d === path.dirname(d)) return d;
  }
}
