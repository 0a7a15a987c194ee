import * as tf from '@tensorflow/tfjs';
import { activateBrowserBackend } from '../worker/browserBackend';
import { parseBackendName } from '../core/backendNames';
import { loadMtcnnWeights, type MtcnnWeights } from '../core/mtcnn/weights';
import { mtcnnGradientChecks, type GradCheckResult } from '../core/gradcheck';
import { detectFaces } from '../core/mtcnn/detect';
import { DEFAULT_DETECT_OPTIONS, type Conventions } from '../core/mtcnn/options';
import { rgbaToTensor } from '../core/image';
import type { BackendChoice } from '../core/backend';
import type { FaceJson } from '../cli/detectCommand';

/*
 * A diagnostics page: runs the core on this browser's backend (main thread, no worker) and exposes
 * a small API that the Playwright tests and the benchmark drive (window.selfcheck).
 */

const statusEl = document.getElementById('status')!;
const reportEl = document.getElementById('report')!;

async function imageFromUrl(url: string) {
  const blob = await (await fetch(url)).blob();
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  return { width: bitmap.width, height: bitmap.height, data: ctx.getImageData(0, 0, bitmap.width, bitmap.height).data };
}

interface SelfCheckApi {
  backend: BackendChoice;
  gradients(): Promise<GradCheckResult[]>;
  detect(url: string, conventions?: Conventions, minFaceSize?: number): Promise<{ faces: FaceJson[]; ms: number; numTensorsLeaked: number }>;
}

async function start(): Promise<SelfCheckApi> {
  const backend = await activateBrowserBackend(parseBackendName(new URLSearchParams(location.search).get('backend')));
  const weights: MtcnnWeights = await loadMtcnnWeights(async (name) => (await fetch(`${import.meta.env.BASE_URL}models/${name}`)).arrayBuffer());
  return {
    backend,
    gradients: () => mtcnnGradientChecks(weights),
    async detect(url, conventions = 'facenet', minFaceSize = DEFAULT_DETECT_OPTIONS.minFaceSize) {
      const image = rgbaToTensor(await imageFromUrl(url));
      const before = tf.memory().numTensors;
      const t0 = performance.now();
      const d = await detectFaces(weights, image, { ...DEFAULT_DETECT_OPTIONS, conventions, minFaceSize });
      const ms = performance.now() - t0;
      const numTensorsLeaked = tf.memory().numTensors - before;
      image.dispose();
      return { faces: d.faces.map((f) => ({ box: f.box, score: f.score, landmarks: f.landmarks })), ms, numTensorsLeaked };
    },
  };
}

start().then(
  (api) => {
    (window as unknown as { selfcheck: SelfCheckApi }).selfcheck = api;
    statusEl.textContent = `Ready on ${api.backend.name}: ${api.backend.reason}`;
    reportEl.textContent = 'Call selfcheck.gradients() or selfcheck.detect(url) from the console.';
  },
  (err: Error) => {
    statusEl.textContent = `Self-check could not start: ${err.message}`;
  },
);
