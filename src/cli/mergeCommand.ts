import { writeFile } from 'node:fs/promises';
import { EXIT_OK, UsageError } from './errors';
import { readJsonl } from './jsonl';
import { checkOutputPaths, givenOutputs } from './outputPaths';
import { numberFlag, parseCommandLine } from './parse';
import {
  curveSvg,
  fingerprintDifference,
  formatCsv,
  formatTable,
  isSkipped,
  rowKey,
  runFingerprint,
  skipKey,
  summarize,
  type AnyRow,
  type Mark,
  type ResultRow,
  type SkippedRow,
} from './results';

export const MERGE_USAGE = `usage: mtcnn-attack merge OUT.jsonl... [--csv table.csv] [--plot curve.svg|curve.png] [--jsonl merged.jsonl]
       [--title TEXT] [--mark VALUE,RATE[,LABEL]]... [--json]`;

/**
 * Combines the JSON lines of shards (or of resumed runs) into one summary: rows are told apart by
 * their key (command, image, face, setting); a row in two files counts once. Files of different
 * settings are refused, since their rates would not mean anything together.
 */
export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    csv: { type: 'string' },
    plot: { type: 'string' },
    jsonl: { type: 'string' },
    title: { type: 'string' },
    mark: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (positionals.length === 0) throw new UsageError('merge needs at least one .jsonl file (run `mtcnn-attack --help` for usage)');
  if (values.plot !== undefined && !/\.(svg|png)$/i.test(values.plot)) throw new UsageError(`--plot ${values.plot}: must end in .svg or .png`);
  const marks = (values.mark ?? []).map(parseMark);
  await checkOutputPaths(givenOutputs(values, ['csv', 'plot', 'jsonl']), positionals);

  const rows = new Map<string, ResultRow>();
  const skipped = new Map<string, SkippedRow>();
  let duplicates = 0;
  let conflicts = 0;
  for (const file of positionals) {
    const content = await readJsonl(file);
    if (content.partialBytes > 0) complain(`${file}: ignored a partial last line (${content.partialBytes} bytes) left by an interrupted run`);
    content.rows.forEach((r, i) => {
      const row = r as AnyRow;
      if (!row || typeof row !== 'object' || typeof row.command !== 'string' || typeof row.image !== 'string') throw new UsageError(`${file}:${i + 1}: not a result row`);
      if (isSkipped(row)) {
        if (!skipped.has(skipKey(row))) skipped.set(skipKey(row), row);
        return;
      }
      const key = rowKey(row);
      const seen = rows.get(key);
      if (seen) {
        duplicates++;
        if (seen.evaded !== row.evaded || seen.faces !== row.faces) conflicts++;
        return;
      }
      rows.set(key, row);
    });
  }
  if (duplicates) complain(`${duplicates} row(s) appear more than once (counted once)${conflicts ? `; ${conflicts} of them disagree, the first file's row is kept` : ''}`);
  if (rows.size === 0) throw new UsageError(`no result rows in ${positionals.join(', ')}`);

  const all = [...rows.values()];
  checkOneRunPerExperiment(all);
  const summaries = summarize(all);
  if (values.csv !== undefined && summaries.length > 1) {
    throw new UsageError(`--csv: the files hold ${summaries.length} experiments (${summaries.map((s) => `${s.command} ${s.vary ?? ''}`.trim()).join(', ')}); merge them separately`);
  }

  if (values.csv !== undefined) await writeFile(values.csv, formatCsv(summaries[0]!));
  if (values.plot !== undefined) {
    const svg = curveSvg(summaries, { title: values.title, marks });
    if (/\.png$/i.test(values.plot)) {
      const { default: sharp } = await import('sharp');
      await sharp(Buffer.from(svg), { density: 144 }).png().toFile(values.plot);
    } else await writeFile(values.plot, svg);
  }
  if (values.jsonl !== undefined) {
    const sorted = [...all].sort(byRowOrder);
    await writeFile(values.jsonl, [...sorted, ...skipped.values()].map((r) => JSON.stringify(r) + '\n').join(''));
  }

  const imagesOf = (command: string) => new Set(all.filter((r) => r.command === command).map((r) => r.image)).size;
  const skippedOf = (command: string) => [...skipped.values()].filter((r) => r.command === command).length;
  if (values.json) {
    process.stdout.write(
      JSON.stringify({
        files: positionals,
        duplicates,
        experiments: summaries.map((s) => ({ ...s, images: imagesOf(s.command), skippedImages: skippedOf(s.command) })),
      }) + '\n',
    );
  } else {
    for (const s of summaries) {
      process.stdout.write(`${s.command}${s.vary ? ` --vary ${s.vary}` : ''}: ${imagesOf(s.command)} images, ${skippedOf(s.command)} skipped, from ${positionals.length} file(s)\n`);
      process.stdout.write(formatTable(s));
    }
  }
  return EXIT_OK;
}

/** Rows of one experiment (command and varied setting) must share every other setting. */
function checkOneRunPerExperiment(rows: readonly ResultRow[]): void {
  const first = new Map<string, { fp: string; image: string }>();
  for (const r of rows) {
    const exp = JSON.stringify([r.command, r.vary]);
    const fp = runFingerprint(r);
    const seen = first.get(exp);
    if (!seen) first.set(exp, { fp, image: r.image });
    else if (seen.fp !== fp) throw new UsageError(`the files mix settings for ${r.command}${r.vary ? ` --vary ${r.vary}` : ''} (${fingerprintDifference(seen.fp, fp)}, e.g. ${seen.image} and ${r.image}); merge them separately`);
  }
}

/** One line on stderr (context.ts's complain, without loading TensorFlow.js). */
function complain(message: string): void {
  process.stderr.write(`mtcnn-attack: ${message}\n`);
}

function parseMark(raw: string): Mark {
  const [v, r, ...label] = raw.split(',');
  const value = numberFlag('mark', v, NaN, -Infinity, Infinity);
  const rate = numberFlag('mark', r, NaN, 0, 1);
  if (!Number.isFinite(value) || !Number.isFinite(rate)) throw new UsageError(`--mark must be VALUE,RATE[,LABEL] with RATE in [0, 1], got "${raw}"`);
  return { value, rate, label: label.join(',') || `${(100 * rate).toFixed(1)}%` };
}

function byRowOrder(a: ResultRow, b: ResultRow): number {
  const cmp = (x: unknown, y: unknown) => (typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0);
  return cmp(a.command, b.command) || cmp(a.vary, b.vary) || cmp(a.value, b.value) || cmp(a.image, b.image) || cmp(a.face, b.face);
}
