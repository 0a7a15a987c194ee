import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { activateNodeBackend } from '../src/node/backend';
import { loadWeightsFromDir } from '../src/node/models';
import { readImageFile } from '../src/node/imageFile';
import { rgbaToTensor } from '../src/core/image';
import { detectFaces } from '../src/core/mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../src/core/mtcnn/options';
import { SEED_PAPER_PARAMS, type AttackParams } from '../src/core/attack/params';
import { runAttack } from '../src/core/attack/run';
import type { Head } from '../src/core/attack/heads';
import { headMatrix, successBySet } from '../src/core/experiments/headMatrix';
import { HEAD_SETS } from '../src/core/experiments/headSets';
import { rowJson } from '../src/core/experiments/headMatrixExport';
import type { Photo } from '../src/core/run/orchestrate';
import { sameFace } from '../src/core/mtcnn/funnel';
import { DEFENCES } from '../src/core/defences/defences';

/*
 * node --import tsx bench/heads.ts matrix|balance|eot [--faces bundled|eval] [--preset seed|reliable]
 *
 * matrix:  the head matrix (every head set) on the bundled samples' faces at the reliable demo preset.
 * balance: the combined head sets with headNorm 'sum' and 'gradient', at the seed paper's budget (or --preset reliable).
 * eot:     P-Net classification with and without EOT (4 copies), at the seed paper's budget (or --preset reliable).
 * Each part is merged into bench/results/heads.json under its own key (parts may run in parallel).
 */

const OUT = 'bench/results/heads.json';
const RELIABLE: AttackParams = { ...SEED_PAPER_PARAMS, eps: 0.05, alpha: 0.004 };
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version };

interface Face {
  image: string;
  face: number;
}

async function faceList(which: string): Promise<Face[]> {
  if (which === 'bundled') {
    return [
      { image: 'public/samples/astronaut.png', face: 0 },
      ...[0, 1, 2, 3].map((face) => ({ image: 'public/samples/group.jpg', face })),
    ];
  }
  const list = await readFile('data/eval/faces.txt', 'utf8');
  return list
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .flatMap((l) => {
      const [file, faces] = l.trim().split(/\s+/);
      return faces!.split(',').map((f) => ({ image: path.join('data/eval', file!), face: Number(f) }));
    });
}

const photos = new Map<string, Photo>();
async function photo(file: string, weights: Awaited<ReturnType<typeof loadWeightsFromDir>>): Promise<Photo> {
  if (!photos.has(file)) {
    const rgba = await readImageFile(file);
    const tensor = rgbaToTensor(rgba);
    photos.set(file, { rgba, tensor, detection: await detectFaces(weights, tensor, DEFAULT_DETECT_OPTIONS) });
  }
  return photos.get(file)!;
}

async function save(key: string, value: unknown): Promise<void> {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(await readFile(OUT, 'utf8')) as Record<string, unknown>;
  } catch {
    // first part written
  }
  all[key] = { date: new Date().toISOString(), machine, ...(value as object) };
  await writeFile(OUT, JSON.stringify(all, null, 2) + '\n');
}

const [part = 'matrix', ...rest] = process.argv.slice(2);
const flag = (name: string, fallback: string) => (rest.includes(name) ? (rest[rest.indexOf(name) + 1] ?? fallback) : fallback);
const which = flag('--faces', 'bundled');
/** The budget of the balance and eot parts: the seed paper's (default) or the reliable demo's. */
const preset = flag('--preset', 'seed');
const BUDGET: AttackParams = preset === 'reliable' ? RELIABLE : SEED_PAPER_PARAMS;
await activateNodeBackend('wasm');
const weights = await loadWeightsFromDir();
const faces = await faceList(which);
const t0 = performance.now();

if (part === 'matrix') {
  const rows = [];
  for (const f of faces) {
    const p = await photo(f.image, weights);
    const m = await headMatrix(weights, p, { ...RELIABLE, face: f.face }, DEFAULT_DETECT_OPTIONS, {
      onRow: (r) => console.log(`${f.image} face ${f.face} ${r.set.padEnd(15)} ${r.evaded ? 'EVADED  ' : 'detected'} lost at ${r.lostAt ?? '-'} ${r.lostStage ?? ''} P ${r.scores.pnet.toFixed(3)} R ${r.scores.rnet.toFixed(3)} O ${r.scores.onet.toFixed(3)} IoU ${r.scores.iou.toFixed(2)}`),
    });
    rows.push(...m.rows.map((r) => ({ image: f.image, clean: m.faces[0]!.clean, ...rowJson(r) })));
  }
  await save(`matrix-${which}`, { params: RELIABLE, lostEvery: 5, rows, summary: successBySet({ rows: rows as never }), minutes: (performance.now() - t0) / 60000 });
} else if (part === 'balance') {
  const sets: { id: string; heads: Head[] }[] = [{ id: 'cls3 (P/R/O-Net cls)', heads: ['pnet-cls', 'rnet-cls', 'onet-cls'] }, ...HEAD_SETS.filter((s) => ['pnet-cls', 'pnet', 'rnet', 'onet', 'all'].includes(s.id))];
  const rows = [];
  for (const set of sets) {
    for (const headNorm of ['sum', 'gradient'] as const) {
      if (set.heads.length === 1 && headNorm === 'gradient') continue; // identical by construction (tested)
      let evaded = 0;
      for (const f of faces) {
        const p = await photo(f.image, weights);
        const run = await runAttack(weights, p.tensor, p.rgba, p.detection, { ...BUDGET, heads: set.heads, headNorm, face: f.face }, DEFAULT_DETECT_OPTIONS);
        if (run.verdict.faces[0]!.evaded) evaded++;
      }
      rows.push({ set: set.id, heads: set.heads, headNorm, faces: faces.length, evaded, successRate: evaded / faces.length });
      console.log(`${set.id.padEnd(22)} ${headNorm.padEnd(8)} ${evaded}/${faces.length}`);
    }
  }
  await save(preset === 'seed' ? `balance-${which}` : `balance-${which}-${preset}`, { params: { ...BUDGET, heads: 'varied', headNorm: 'varied' }, rows, minutes: (performance.now() - t0) / 60000 });
} else if (part === 'eot') {
  // Each adversarial image is also judged after each defence (src/core/defences): does EOT survive them better?
  const rows = [];
  for (const eot of [0, 4]) {
    let evaded = 0;
    const afterDefence: Record<string, number> = Object.fromEntries(DEFENCES.map((d) => [d.id, 0]));
    for (const f of faces) {
      const p = await photo(f.image, weights);
      const run = await runAttack(weights, p.tensor, p.rgba, p.detection, { ...BUDGET, eot, face: f.face }, DEFAULT_DETECT_OPTIONS);
      if (run.verdict.faces[0]!.evaded) evaded++;
      const box = p.detection.faces[f.face]!.box;
      const survived: string[] = [];
      for (const d of DEFENCES) {
        const defended = rgbaToTensor(d.apply(run.verdict.image));
        const found = (await detectFaces(weights, defended, DEFAULT_DETECT_OPTIONS)).faces.some((x) => sameFace(x.box, [box]));
        defended.dispose();
        if (!found) {
          afterDefence[d.id]!++;
          survived.push(d.id);
        }
      }
      console.log(`eot ${eot} ${f.image} face ${f.face}: ${run.verdict.faces[0]!.evaded ? 'evaded' : 'detected'} (${run.msPerStep.toFixed(0)} ms/step); still evaded after ${survived.join(', ') || 'no defence'}`);
    }
    rows.push({ eot, faces: faces.length, evaded, successRate: evaded / faces.length, evadedAfterDefence: afterDefence });
  }
  await save(preset === 'seed' ? `eot-${which}` : `eot-${which}-${preset}`, { params: { ...BUDGET, eot: 'varied' }, defences: DEFENCES.map((d) => d.id), rows, minutes: (performance.now() - t0) / 60000 });
} else {
  throw new Error(`unknown part "${part}" (matrix, balance or eot)`);
}
console.log(`${part}: ${((performance.now() - t0) / 60000).toFixed(1)} min`);
