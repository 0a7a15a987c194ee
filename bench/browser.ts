import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_ARGS } from '../playwright.config';

export const BASE = 'http://127.0.0.1:4174';

/** Serves the production build (building it first if missing) on port 4174. */
export async function startPreview(): Promise<ChildProcess> {
  if (!existsSync('dist/selfcheck.html')) {
    await new Promise<void>((resolve, reject) =>
      spawn('npx', ['vite', 'build'], { stdio: 'ignore' }).on('exit', (c) => (c === 0 ? resolve() : reject(new Error('vite build failed')))),
    );
  }
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', '4174', '--strictPort'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(BASE)).ok) return server;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error('vite preview did not start');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Opens the self-check page on a backend; null when that backend does not start here. */
export async function selfCheckPage(browser: Browser, backend: string): Promise<Page | null> {
  const page = await browser.newPage();
  await page.goto(`${BASE}/selfcheck.html?backend=${backend}`);
  const status = page.getByRole('status');
  await status.filter({ hasText: /Ready on|could not start/ }).waitFor({ timeout: 120_000 });
  if (!(await status.textContent())?.includes(`Ready on ${backend}`)) {
    await page.close();
    return null;
  }
  return page;
}

/** face-api.js 0.22.2 in its own blank page (it shares tfjs's global engine with ours). */
export async function faceApiPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  await context.route('**/faceapi-blank.html', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>face-api.js</title>' }));
  const page = await context.newPage();
  await page.goto(`${BASE}/faceapi-blank.html`);
  await page.addScriptTag({ path: 'node_modules/face-api.js/dist/face-api.min.js' });
  await page.evaluate(() => (window as unknown as { faceapi: { nets: { mtcnn: { loadFromUri(u: string): Promise<void> } } } }).faceapi.nets.mtcnn.loadFromUri('/models'));
  return page;
}

/** One face-api.js MTCNN detection (default backend, default MTCNN options but thresholds as ours); ms. */
export function faceApiDetectMs(page: Page, url: string): Promise<{ ms: number; faces: number; backend: string }> {
  return page.evaluate(async (url) => {
    const fa = (window as unknown as {
      faceapi: { tf: { getBackend(): string }; nets: { mtcnn: { forward(i: HTMLImageElement, o: object): Promise<unknown[]> } } };
    }).faceapi;
    const img = new Image();
    img.src = url;
    await img.decode();
    const t0 = performance.now();
    const out = await fa.nets.mtcnn.forward(img, { minFaceSize: 20, scaleFactor: 0.709, scoreThresholds: [0.6, 0.7, 0.7], maxNumScales: 10 });
    return { ms: performance.now() - t0, faces: out.length, backend: fa.tf.getBackend() };
  }, url);
}

/** One detection with our core on the self-check page's backend; ms. */
export function ourDetectMs(page: Page, url: string, minFaceSize = 20): Promise<{ ms: number; faces: number }> {
  return page.evaluate(
    async ({ url, minFaceSize }) => {
      const r = await (window as unknown as { selfcheck: { detect(u: string, c: string, m: number): Promise<{ ms: number; faces: unknown[] }> } }).selfcheck.detect(url, 'facenet', minFaceSize);
      return { ms: r.ms, faces: r.faces.length };
    },
    { url, minFaceSize },
  );
}
