import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runAttack } from '../src/core/attack/run';
import { SEED_PAPER_PARAMS, type AttackParams } from '../src/core/attack/params';
import { detectFaces } from '../src/core/mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS } from '../src/core/mtcnn/options';
import { rgbaToTensor, type RgbaImage } from '../src/core/image';
import { seededRandom } from '../src/core/random';
import { readImageFile } from '../src/node/imageFile';
import { onBackend, testWeights } from '../src/node/testing';
import { readDataset } from '../src/cli/dataset';
import { loadTransferWeights } from '../src/cli/transfer';
import { detectTinyFaces, TINY_DEFAULT_OPTIONS } from '../src/core/transfer/detect';
import { judgeTransfer, transferReferences, transferVerdict } from '../src/core/transfer/verdict';

/*
 * Does an attack on MTCNN transfer to a second, independent detector? For the astronaut, each face
 * of the group photo and the 21 faces of data/eval, one face at a time at the app's "Reliable demo"
 * preset (PGD, ε 0.05, α 0.004, 50 steps, auto scales, P-Net cls): MTCNN's verdict and the Tiny Face
 * Detector's (found with score, or not) on the 8-bit adversarial image. As a control, the Tiny Face
 * Detector on the clean image plus uniform random ±ε noise (every pixel and channel, same ε).
 * Writes bench/results/transfer.json. Run: node --import tsx bench/transfer.ts
 */

const RELIABLE: AttackParams = { ...SEED_PAPER_PARAMS, eps: 0.05, alpha: 0.004 };

interface Job {
  set: 'samples' | 'eval';
  file: string;
  faces?: number[];
}

interface Said {
  found: boolean;
  score: number | null;
}

interface TransferRow {
  set: Job['set'];
  image: string;
  face: number;
  mtcnnBox: { x: number; y: number; width: number; height: number };
  mtcnnEvaded: boolean;
  tinyClean: Said & { iouWithMtcnnBox: number };
  tinyAdversarial: Said & { iou: number };
  tinyRandomNoise: Said;
  linf: number;
  psnr: number;
}

function randomSignNoise(img: RgbaImage, eps: number, seed: number): RgbaImage {
  const rand = seededRandom(seed);
  const data = new Uint8ClampedArray(img.data.length);
  for (let i = 0; i < data.length; i++) {
    data[i] = i % 4 === 3 ? 255 : Math.round(img.data[i]! + (rand() < 0.5 ? -1 : 1) * eps * 255);
  }
  return { width: img.width, height: img.height, data };
}

async function main(): Promise<void> {
  await onBackend('wasm');
  const mtcnn = await testWeights();
  const tiny = await loadTransferWeights();
  const jobs: Job[] = [
    { set: 'samples', file: 'public/samples/astronaut.png' },
    { set: 'samples', file: 'public/samples/group.jpg' },
    ...(await readDataset('data/eval/faces.txt')).map((i) => ({ set: 'eval' as const, file: path.relative(process.cwd(), i.file), faces: i.faces })),
  ];
  const rows: TransferRow[] = [];
  const t0 = performance.now();
  for (const job of jobs) {
    const rgba = await readImageFile(job.file);
    const tensor = rgbaToTensor(rgba);
    const clean = await detectFaces(mtcnn, tensor, DEFAULT_DETECT_OPTIONS);
    const cleanTiny = await detectTinyFaces(tiny, rgba);
    const faces = job.faces ?? clean.faces.map((_, i) => i);
    for (const face of faces) {
      const run = await runAttack(mtcnn, tensor, rgba, clean, { ...RELIABLE, face }, DEFAULT_DETECT_OPTIONS);
      const [mtcnnFace] = run.verdict.faces;
      const targets = run.verdict.faces.map((f) => ({ face: f.face, box: f.box }));
      const transfer = await transferVerdict(tiny, rgba, run.verdict.image, targets, undefined, cleanTiny);
      const [t] = transfer.faces;
      const noise = judgeTransfer(await detectTinyFaces(tiny, randomSignNoise(rgba, RELIABLE.eps, face)), transferReferences(cleanTiny, targets))[0]!;
      const row: TransferRow = {
        set: job.set,
        image: job.file,
        face,
        mtcnnBox: mtcnnFace!.box,
        mtcnnEvaded: mtcnnFace!.evaded,
        tinyClean: { found: t!.clean.found, score: t!.clean.score, iouWithMtcnnBox: t!.clean.bestIou },
        tinyAdversarial: { found: t!.adversarial.found, score: t!.adversarial.score, iou: t!.adversarial.bestIou },
        tinyRandomNoise: { found: noise.found, score: noise.score },
        linf: run.verdict.norms.linf,
        psnr: run.verdict.norms.psnr,
      };
      rows.push(row);
      const said = (f: Said) => (f.found ? `found (${f.score!.toFixed(3)})` : 'not found');
      console.log(
        `${job.file} face ${face}: MTCNN ${row.mtcnnEvaded ? 'evaded' : 'still detected'} / Tiny Face Detector ${said(row.tinyAdversarial)}; clean ${said(row.tinyClean)}, random ±ε ${said(row.tinyRandomNoise)}`,
      );
    }
    tensor.dispose();
  }
  const count = (pred: (r: TransferRow) => boolean, set?: string) => rows.filter((r) => (!set || r.set === set) && pred(r)).length;
  const summaryOf = (set?: string) => ({
    faces: count(() => true, set),
    mtcnnEvaded: count((r) => r.mtcnnEvaded, set),
    tinyFoundClean: count((r) => r.tinyClean.found, set),
    tinyFoundAdversarial: count((r) => r.tinyAdversarial.found, set),
    tinyFoundRandomNoise: count((r) => r.tinyRandomNoise.found, set),
    evadedMtcnnButTinyFinds: count((r) => r.mtcnnEvaded && r.tinyAdversarial.found, set),
    evadedBoth: count((r) => r.mtcnnEvaded && r.tinyClean.found && !r.tinyAdversarial.found, set),
  });
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
    attack: { preset: 'Reliable demo', params: RELIABLE, detect: DEFAULT_DETECT_OPTIONS, backend: 'wasm' },
    secondDetector: {
      name: 'Tiny Face Detector (face-api, @vladmandic/face-api 1.7.15 weights), our tfjs implementation',
      inputSize: TINY_DEFAULT_OPTIONS.inputSize,
      scoreThreshold: TINY_DEFAULT_OPTIONS.scoreThreshold,
      rule: 'found: a detection with IoU ≥ 0.5 with the Tiny Face Detector’s own clean box of the face (the clean detection lying on MTCNN’s clean box)',
    },
    control: 'tinyRandomNoise: clean image + uniform random ±ε sign noise on every pixel and channel (seed = face index), 8-bit',
    summary: { all: summaryOf(), samples: summaryOf('samples'), eval: summaryOf('eval') },
    rows,
    minutes: (performance.now() - t0) / 60_000,
  };
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/transfer.json', JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result.summary, null, 2));
}

await main();
