import { execFile } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import { main } from './main';

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const BIN = path.resolve('bin/mtcnn-attack.mjs');

/** Runs `bin/mtcnn-attack.mjs` in a child process, as a user would. */
export function runBin(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Runs main() in this process, capturing what it writes to stdout and stderr. */
export async function runMain(args: string[]): Promise<CliRun> {
  const captured = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') => {
    const original = process[stream].write;
    process[stream].write = ((chunk: string | Uint8Array) => {
      captured[stream] += String(chunk);
      return true;
    }) as typeof original;
    return () => void (process[stream].write = original);
  };
  const restore = [capture('stdout'), capture('stderr')];
  try {
    const code = await main(args);
    return { code, ...captured };
  } finally {
    restore.forEach((r) => r());
  }
}

/**
 * Writes an 8000×7000 PNG of one colour: 56 MP, over the 50 MP limit, yet a small file (about
 * 0.2 MB) that sharp writes in well under a second.
 */
export async function writeHugePng(file: string): Promise<void> {
  await sharp({ create: { width: 8000, height: 7000, channels: 3, background: '#808080' } }).png({ compressionLevel: 9 }).toFile(file);
}
