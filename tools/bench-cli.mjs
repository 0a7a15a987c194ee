#!/usr/bin/env node
// npm run bench:cli: the built CLI's start-up and batch throughput, written to bench/results/cli.json.
// Not a test: absolute numbers on a shared machine are noise; compare the ratios measured here.
//   1. `mtcnn-attack --version` of the built CLI against `node -e 0` (and against the TypeScript
//      source through tsx, what bin/ ran before), alternating, medians of N runs each; the target
//      is within 3×. The build goes to a copy of the package without src/ (scratch/bench-cli/),
//      so that bin/ cannot fall back to the source when someone edits it meanwhile.
//   2. Attacks per minute of a sweep (PGD, the seed's settings, 2 step sizes) over 6 faces of the
//      evaluation set: one process pinned to one core, then the same work as 2 shards in parallel
//      (one per core). Wall clock from start to exit, start-up and detection included.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The package as npm packs it (bin/, dist/cli/, public/models/), inside the checkout so that its
// imports resolve to the checkout's node_modules.
const stage = path.join(root, 'scratch', 'bench-cli');
rmSync(stage, { recursive: true, force: true });
mkdirSync(path.join(stage, 'public'), { recursive: true });
cpSync(path.join(root, 'package.json'), path.join(stage, 'package.json'));
cpSync(path.join(root, 'bin'), path.join(stage, 'bin'), { recursive: true });
cpSync(path.join(root, 'public', 'models'), path.join(stage, 'public', 'models'), { recursive: true });
execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.cli.config.ts', '--outDir', path.join(stage, 'dist/cli'), '--emptyOutDir'], { cwd: root, stdio: 'inherit' });
const bin = path.join(stage, 'bin', 'mtcnn-attack.mjs');
const FROM_SOURCE = "import { register } from 'tsx/esm/api'; register(); const { main } = await import('./src/cli/main.ts'); process.exitCode = await main(['--version']);";
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const timeOnce = (args) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', cwd: root });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

const bare = [];
const version = [];
const source = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(timeOnce(['-e', '0']));
  version.push(timeOnce([bin, '--version']));
  source.push(timeOnce(['--input-type=module', '-e', FROM_SOURCE]));
}
const startup = {
  runs: RUNS,
  nodeMedianMs: median(bare),
  versionMedianMs: median(version),
  ratio: median(version) / median(bare),
  target: '≤ 3',
  sourceThroughTsxMedianMs: median(source),
};
console.log(
  `--version ${startup.versionMedianMs.toFixed(0)} ms vs node -e 0 ${startup.nodeMedianMs.toFixed(0)} ms (median of ${RUNS}): ${startup.ratio.toFixed(2)}×; ` +
    `the source through tsx: ${startup.sourceThroughTsxMedianMs.toFixed(0)} ms`,
);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'mtcnn-bench-'));
const list = path.join(tmp, 'faces.txt');
const evalDir = path.join(root, 'data', 'eval');
writeFileSync(list, `${path.join(evalDir, 'faceapi-sample1.jpg')} 0,1,2\n${path.join(evalDir, 'faceapi-sample3.jpg')} 0,1,2\n`);
const SWEEP = ['sweep', '--dataset', list, '--vary', 'alpha', '--values', '0.002,0.0047568'];
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

function runSweep(extra, cpu) {
  const args = [bin, ...SWEEP, ...extra];
  const [cmd, argv] = hasTaskset ? ['taskset', ['-c', String(cpu), process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sweep exited ${code}`))));
  });
}
const rows = (file) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((r) => 'face' in r);

let t0 = performance.now();
await runSweep(['--jsonl', path.join(tmp, 'one.jsonl')], 0);
const oneMin = (performance.now() - t0) / 60000;
const oneRows = rows(path.join(tmp, 'one.jsonl'));
t0 = performance.now();
await Promise.all([1, 2].map((k) => runSweep(['--shard', `${k}/2`, '--jsonl', path.join(tmp, `shard${k}.jsonl`)], (k - 1) % os.availableParallelism())));
const twoMin = (performance.now() - t0) / 60000;
const twoRows = [1, 2].flatMap((k) => rows(path.join(tmp, `shard${k}.jsonl`)));
rmSync(tmp, { recursive: true, force: true });

const throughput = {
  attacks: oneRows.length,
  pinned: hasTaskset,
  oneProcess: { minutes: oneMin, attacksPerMinute: oneRows.length / oneMin, meanAttackMs: oneRows.reduce((a, r) => a + r.ms, 0) / oneRows.length },
  twoShards: { minutes: twoMin, attacksPerMinute: twoRows.length / twoMin, meanAttackMs: twoRows.reduce((a, r) => a + r.ms, 0) / twoRows.length },
};
throughput.speedup = throughput.twoShards.attacksPerMinute / throughput.oneProcess.attacksPerMinute;
console.log(
  `sweep, ${oneRows.length} attacks (PGD 50 steps): one process ${throughput.oneProcess.attacksPerMinute.toFixed(1)} attacks/min, ` +
    `two shards ${throughput.twoShards.attacksPerMinute.toFixed(1)} attacks/min (${throughput.speedup.toFixed(2)}×)`,
);

const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg() };
writeFileSync(path.join(root, 'bench', 'results', 'cli.json'), JSON.stringify({ date: new Date().toISOString(), machine, startup, throughput }, null, 2) + '\n');
rmSync(stage, { recursive: true, force: true });
