import { appendFile, readFile, truncate } from 'node:fs/promises';
import { UsageError } from './errors';

/*
 * JSON lines, written so that a killed process leaves only whole lines: each line is one
 * appendFile of the complete line and its newline (the file is opened with O_APPEND, so the write
 * lands at the end even with several writers on one local file system). The only damage a kill can
 * do is a last line without its newline, which readers ignore and `--resume` cuts off before it
 * appends.
 */

export interface JsonlContent {
  /** The parsed whole lines, in file order. */
  rows: unknown[];
  /** Bytes of the whole lines (where a partial last line starts). */
  wholeBytes: number;
  /** Bytes after the last newline: a line cut short by a kill (0 when none). */
  partialBytes: number;
}

/** Reads a JSON lines file; a missing file is empty. A bad whole line is a UsageError naming it. */
export async function readJsonl(file: string): Promise<JsonlContent> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { rows: [], wholeBytes: 0, partialBytes: 0 };
    throw new UsageError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const end = buf.lastIndexOf(0x0a) + 1; // 0 when there is no newline at all
  const rows: unknown[] = [];
  const lines = buf.subarray(0, end).toString('utf8').split('\n');
  lines.pop(); // the empty string after the last newline
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      rows.push(JSON.parse(line));
    } catch {
      throw new UsageError(`${file}:${i + 1}: not a JSON line (${line.length > 40 ? line.slice(0, 40) + '…' : line})`);
    }
  });
  return { rows, wholeBytes: end, partialBytes: buf.length - end };
}

/** Cuts a partial last line off (see readJsonl), so that the next append starts a line of its own. */
export async function dropPartialLine(file: string, content: JsonlContent): Promise<void> {
  if (content.partialBytes > 0) await truncate(file, content.wholeBytes);
}

/** Appends one row as one line, in one write. */
export async function appendJsonl(file: string, row: unknown): Promise<void> {
  await appendFile(file, JSON.stringify(row) + '\n', { flag: 'a' });
}
