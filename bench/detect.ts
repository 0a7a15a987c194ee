import * as tf from '@tensorflow/tfjs';
import type { Browser } from '@playwright/test';
import { detectFaces } from '../src/core/mtcnn/detect';
import { loadSample, onBackend, testWeights, ASTRONAUT, GROUP } from '../src/node/testing';
import { faceApiDetectMs, faceApiPage, ourDetectMs, selfCheckPage } from './browser';
import { median, timeRuns } from './stats';

const IMAGES = [
  { name: 'astronaut', file: ASTRONAUT, url: '/samples/astronaut.png' },
  { name: 'group', file: GROUP, url: '/samples/group.jpg' },
];
const RUNS = 5;

export interface DetectRow {
  where: string;
  backend: string;
  image: string;
  medianMs: number;
  runs: number[];
  faces: number;
}

/** Full-cascade detection time in Node (WASM, CPU). */
export async function nodeDetect(): Promise<DetectRow[]> {
  const rows: DetectRow[] = [];
  for (const backend of ['wasm', 'cpu'] as const) {
    await onBackend(backend);
    const weights = await testWeights();
    for (const img of IMAGES) {
      const x = await loadSample(img.file);
      let faces = 0;
      const runs = await timeRuns(async () => {
        const t0 = performance.now();
        faces = (await detectFaces(weights, x)).faces.length;
        return performance.now() - t0;
      }, backend === 'cpu' ? 2 : RUNS);
      rows.push({ where: 'node', backend, image: img.name, medianMs: median(runs), runs, faces });
      tf.dispose(x);
    }
  }
  return rows;
}

/** Ours on each browser backend that starts here, and face-api.js with its default backend. */
export async function browserDetect(browser: Browser): Promise<{ rows: DetectRow[]; skipped: string[] }> {
  const rows: DetectRow[] = [];
  const skipped: string[] = [];
  for (const backend of ['wasm', 'webgl', 'cpu', 'webgpu']) {
    const page = await selfCheckPage(browser, backend);
    if (!page) {
      skipped.push(`${backend}: did not start`);
      continue;
    }
    // SwiftShader WebGPU takes tens of seconds per detection here: one timed run on the astronaut.
    const images = backend === 'webgpu' ? IMAGES.slice(0, 1) : IMAGES;
    const runs = backend === 'webgpu' ? 1 : backend === 'wasm' ? RUNS : 3;
    for (const img of images) {
      let faces = 0;
      const times = await timeRuns(async () => {
        const r = await ourDetectMs(page, img.url);
        faces = r.faces;
        return r.ms;
      }, runs, backend === 'webgpu' ? 0 : 1);
      rows.push({ where: 'chromium', backend, image: img.name, medianMs: median(times), runs: times, faces });
    }
    await page.close();
  }
  const fa = await faceApiPage(browser);
  for (const img of IMAGES) {
    let faces = 0;
    let backend = '';
    const times = await timeRuns(async () => {
      const r = await faceApiDetectMs(fa, img.url);
      faces = r.faces;
      backend = r.backend;
      return r.ms;
    }, 3);
    rows.push({ where: 'chromium face-api.js', backend, image: img.name, medianMs: median(times), runs: times, faces });
  }
  await fa.close();
  return { rows, skipped };
}
