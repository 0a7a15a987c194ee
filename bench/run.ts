import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { browserDetect, nodeDetect, type DetectRow } from './detect';
import { launchChromium, startPreview } from './browser';
import { attackBench } from './attack';
import { uiBench } from './ui';
import { sparseBench } from './sparse';
import { median } from './stats';
import { SoftwareAdapterError, webgpuBench } from './webgpu';
import { WebGpuUnavailableError } from '../src/node/webgpu';

/*
 * npm run bench: timings and ratios, written to bench/results/*.json. Not a test: absolute numbers
 * on a shared machine are noise; compare ratios measured in the same run.
 */

function ratio(rows: DetectRow[], image: string, slow: (r: DetectRow) => boolean, fast: (r: DetectRow) => boolean): number | null {
  const a = rows.find((r) => r.image === image && slow(r));
  const b = rows.find((r) => r.image === image && fast(r));
  return a && b ? a.medianMs / b.medianMs : null;
}

const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };

async function benchAttack(): Promise<void> {
  const rows = [await attackBench('wasm'), await attackBench('cpu')];
  const wasm = rows[0]!;
  const result = {
    date: new Date().toISOString(),
    machine,
    note: 'PGD with the seed defaults on the astronaut (auto scales, P-Net cls); CPU runs 10 steps',
    rows,
    targets: { stepOverBareFullLevels: '≤ 1.3', wholeAttackMsWasm: '< 3000' },
  };
  await writeFile('bench/results/attack.json', JSON.stringify(result, null, 2) + '\n');
  for (const r of rows) {
    console.log(
      `attack ${r.backend.padEnd(5)} ${r.msPerStepMedian.toFixed(1)} ms/step; bare P-Net fwd+bwd: full levels ${r.bareFullLevelsMs.toFixed(1)} ms (ratio ${r.stepOverBareFullLevels.toFixed(2)}), windows ${r.bareWindowsMs.toFixed(1)} ms (ratio ${r.stepOverBareWindows.toFixed(2)}); whole attack ${r.wholeAttackMs.toFixed(0)} ms (evaded: ${r.evaded})`,
    );
  }
  console.log(`whole 50-step PGD on WASM: ${wasm.wholeAttackMs.toFixed(0)} ms (target < 3000)`);
}

async function benchDetect(): Promise<void> {
  const node = await nodeDetect();
  const server = await startPreview();
  const browser = await launchChromium();
  try {
    const { rows, skipped } = await browserDetect(browser);
    const all = [...node, ...rows];
    const faceApiOverOurs = Object.fromEntries(
      ['astronaut', 'group'].map((img) => [
        img,
        ratio(all, img, (r) => r.where === 'chromium face-api.js', (r) => r.where === 'chromium' && r.backend === 'wasm'),
      ]),
    );
    const result = { date: new Date().toISOString(), machine, detection: all, skipped, faceApiOverOursWasm: faceApiOverOurs, target: 'face-api.js / ours ≥ 10' };
    await writeFile('bench/results/detect.json', JSON.stringify(result, null, 2) + '\n');
    for (const r of all) console.log(`${r.where.padEnd(22)} ${r.backend.padEnd(7)} ${r.image.padEnd(10)} ${r.medianMs.toFixed(0).padStart(7)} ms  (${r.faces} faces)`);
    console.log('face-api.js / ours (Chromium WASM):', faceApiOverOurs, skipped.length ? `skipped: ${skipped.join('; ')}` : '');
  } finally {
    await browser.close();
    server.kill();
  }
}

async function benchUi(): Promise<void> {
  const server = await startPreview();
  const browser = await launchChromium();
  try {
    const r = await uiBench(browser);
    const result = { date: new Date().toISOString(), machine, ...r, firstBoxesMedianMs: median(r.firstBoxesMs), targets: { firstBoxesMs: '< 2000', longestTaskDuringAttackMs: '≤ 50' } };
    await writeFile('bench/results/ui.json', JSON.stringify(result, null, 2) + '\n');
    console.log(`ui: first boxes ${r.firstBoxesMs.map((x) => x.toFixed(0)).join(', ')} ms (median ${result.firstBoxesMedianMs.toFixed(0)}); longest main-thread task during a 50-step attack ${r.longestTaskDuringAttackMs.toFixed(0)} ms (${r.longTasksDuringAttack} long tasks at ${r.longTasks.map((t) => `${t.atMs.toFixed(0)} ms (${t.ms.toFixed(0)} ms)`).join(', ')}; attack ${r.attackWallMs} ms)`);
  } finally {
    await browser.close();
    server.kill();
  }
}

async function benchSparse(): Promise<void> {
  const rows = await sparseBench();
  const result = { date: new Date().toISOString(), machine, note: 'astronaut; dense PGD ε 0.05 α 0.004 50 steps, auto scales; default mask settings', rows, target: { denseToSparseMs: '< 30000' } };
  await writeFile('bench/results/sparse.json', JSON.stringify(result, null, 2) + '\n');
  for (const r of rows) {
    console.log(`sparse ${r.encoder.padEnd(4)} ${r.msPerIterationMedian.toFixed(0)} ms/iteration, dense→sparse ${r.denseToSparseMs.toFixed(0)} ms; L0 ${r.dense.l0Pixels} → ${r.sparse.l0Pixels} px (evaded ${r.dense.evaded} → ${r.sparse.evaded})`);
  }
}

/** WebGPU (Dawn in Node) against WASM; see bench/webgpu.ts for its environment variables. */
async function benchWebgpu(named: boolean): Promise<void> {
  const out = process.env.BENCH_WEBGPU_OUT || 'bench/results/webgpu.json';
  let r;
  try {
    r = await webgpuBench();
  } catch (err) {
    if (err instanceof SoftwareAdapterError) {
      console.error(`bench webgpu: ${err.message}; nothing written to ${out}`);
      process.exitCode = 3;
      return;
    }
    if (err instanceof WebGpuUnavailableError && !named) {
      console.log(`bench webgpu skipped: ${err.message}`);
      return;
    }
    throw err;
  }
  const loadavg = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const result = { date: new Date().toISOString(), machine: { ...machine, loadavg }, ...r };
  await writeFile(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`webgpu adapter: ${r.adapter.vendor} ${r.adapter.architecture} (${r.adapter.description}), fallback ${r.adapter.isFallbackAdapter}; written to ${out}`);
  for (const row of r.rows) {
    const gpu = row.dispatchesPerStep === null ? '' : `, ${row.dispatchesPerStep} dispatches/step from ${row.programsPerStep} programs (${row.programsInAttack} in the attack)`;
    console.log(
      `${row.backend.padEnd(6)} ${row.case.padEnd(30)} ${row.msPerStepMedian.toFixed(1)} ms/step, first step ${row.firstStepMs.toFixed(0)} ms${gpu}; detection ${row.detectionMedianMs.toFixed(0)} ms (first ${row.detectionFirstMs.toFixed(0)} ms); ${row.steps} steps`,
    );
  }
}

/** npm run bench [-- detect|attack|ui|sparse|webgpu]: all benchmarks, or the named ones. */
async function main(): Promise<void> {
  await mkdir('bench/results', { recursive: true });
  const wanted = process.argv.slice(2);
  const all = { detect: benchDetect, attack: benchAttack, ui: benchUi, sparse: benchSparse, webgpu: () => benchWebgpu(wanted.includes('webgpu')) };
  for (const [name, bench] of Object.entries(all)) if (wanted.length === 0 || wanted.includes(name)) await bench();
}

await main();
