#!/usr/bin/env node
// npm run reproduce -- fig8 [--shards N] [--dataset LIST] [--out DIR]
//
// Seed 000's Fig. 8 on the evaluation set (data/eval, see its PROVENANCE.md): PGD success rate
// against the step size α = 0.001·2^k, k = 0…6, plus the paper's best α = 0.001·2^2.25 = 0.0047568
// (58.8% on its 1,000 faces); ε 0.03, 50 steps, the 5 auto scales, P-Net classification (the
// CLI's defaults). The faces are split into N shards (default: one per CPU) run in parallel, each
// appending to its own JSON lines file with --resume, so an interrupted run continues where it
// stopped; then `mtcnn-attack merge` writes DIR/fig8.jsonl, fig8.csv and fig8.svg (the curve,
// with the paper's peak beside it).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { setInterval, clearInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'mtcnn-attack.mjs');

const EXPERIMENTS = {
  fig8: {
    title: 'Fig. 8: PGD success rate vs step size α (ε 0.03, 50 steps, P-Net cls)',
    args: ['--vary', 'alpha', '--values', [0, 1, 2, 2.25, 3, 4, 5, 6].map((k) => Number((0.001 * 2 ** k).toPrecision(5))).join(','), '--method', 'pgd', '--eps', '0.03', '--steps', '50', '--scales', 'auto', '--heads', 'pnet-cls'],
    marks: ['0.0047568,0.588,seed 000: 58.8% at α = 0.001·2^2.25 (1,000 faces)'],
  },
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    shards: { type: 'string', default: String(Math.max(1, availableParallelism())) },
    dataset: { type: 'string', default: path.join(root, 'data', 'eval', 'faces.txt') },
    out: { type: 'string', default: path.join(root, 'bench', 'results') },
  },
});
const name = positionals[0];
const experiment = EXPERIMENTS[name];
if (!experiment) {
  process.stderr.write(`usage: npm run reproduce -- ${Object.keys(EXPERIMENTS).join('|')} [--shards N] [--dataset LIST] [--out DIR]\n`);
  process.exit(2);
}
const shards = Number(values.shards);
if (!Number.isInteger(shards) || shards < 1) {
  process.stderr.write(`--shards must be a whole number ≥ 1, got ${values.shards}\n`);
  process.exit(2);
}
const shardDir = path.join(values.out, `${name}-shards`);
mkdirSync(shardDir, { recursive: true });
const shardFile = (k) => path.join(shardDir, `shard-${k}-of-${shards}.jsonl`);

/** Attacks the list asks for (faces named on every line × values), for the progress line. */
function plannedAttacks() {
  const lines = readFileSync(values.dataset, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const faces = lines.reduce((a, l) => a + (/\s(\d+(,\d+)*)$/.exec(l)?.[1].split(',').length ?? NaN), 0);
  const settings = experiment.args[experiment.args.indexOf('--values') + 1].split(',').length;
  return faces * settings;
}
const rowsIn = (file) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"face"')).length : 0);

function run(args, label) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => process.stderr.write(String(d).replace(/^(?=.)/gm, `[${label}] `)));
    child.on('close', (code) => resolve({ code, out }));
  });
}

const total = plannedAttacks();
const started = Date.now();
const before = Array.from({ length: shards }, (_, i) => rowsIn(shardFile(i + 1))).reduce((a, b) => a + b, 0);
const tick = setInterval(() => {
  const done = Array.from({ length: shards }, (_, i) => rowsIn(shardFile(i + 1))).reduce((a, b) => a + b, 0);
  const rate = (done - before) / ((Date.now() - started) / 60000);
  const eta = rate > 0 && Number.isFinite(total) ? `, ETA ${Math.ceil((total - done) / rate)} min` : '';
  const line = `${name}: ${done}/${Number.isFinite(total) ? total : '?'} attacks, ${shards} shard(s), ${rate.toFixed(1)} attacks/min${eta}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
  else process.stderr.write(line + '\n');
}, process.stderr.isTTY ? 2000 : 60000);

const results = await Promise.all(
  Array.from({ length: shards }, (_, i) =>
    run(['sweep', '--dataset', values.dataset, ...experiment.args, '--shard', `${i + 1}/${shards}`, '--jsonl', shardFile(i + 1), '--resume'], `shard ${i + 1}/${shards}`),
  ),
);
clearInterval(tick);
if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
const minutes = (Date.now() - started) / 60000;
const attacked = Array.from({ length: shards }, (_, i) => rowsIn(shardFile(i + 1))).reduce((a, b) => a + b, 0) - before;
process.stderr.write(`${name}: ${attacked} attacks in ${minutes.toFixed(1)} min on ${shards} shard(s): ${(attacked / minutes).toFixed(1)} attacks/min\n`);
const failed = results.findIndex((r) => r.code !== 0);
if (failed >= 0) {
  process.stderr.write(`${name}: shard ${failed + 1} exited with ${results[failed].code}; run again to resume\n`);
  process.exit(1);
}

const outBase = path.join(values.out, name);
const merged = await run(
  [
    'merge',
    ...Array.from({ length: shards }, (_, i) => shardFile(i + 1)),
    '--jsonl', `${outBase}.jsonl`,
    '--csv', `${outBase}.csv`,
    '--plot', `${outBase}.svg`,
    '--title', experiment.title,
    ...experiment.marks.flatMap((m) => ['--mark', m]),
  ],
  'merge',
);
process.stdout.write(merged.out);
process.stdout.write(`wrote ${outBase}.jsonl, ${outBase}.csv, ${outBase}.svg\n`);
process.exit(merged.code);
