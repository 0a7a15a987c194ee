import { test, expect, type Page } from '@playwright/test';
import sharp from 'sharp';
import path from 'node:path';
import { watchConsole } from './support';

/*
 * The app on WebGPU in headless Chromium, whose adapter is SwiftShader: correct but very slow, so the
 * photo is tiny (the astronaut's face cut out and shrunk to 60×70) and attacks are 2 steps. Shader
 * failures do not throw there (results become zeros), so every test fails on console messages
 * matching /WGSL|Invalid/ (watchConsole).
 */

const SAMPLES = path.resolve('public/samples');

/** The astronaut's face with a margin, 60×70 px. */
function tinyFace(): Promise<Buffer> {
  return sharp(path.join(SAMPLES, 'astronaut.png')).extract({ left: 150, top: 30, width: 150, height: 175 }).resize(60, 70).png().toBuffer();
}

/**
 * Opens the app on WebGPU with the tiny photo. It is chosen while the detector starts (the newest
 * choice wins, and is detected once the engine is ready), so SwiftShader never detects the 512² sample.
 */
async function openOnWebGpu(page: Page, query: string): Promise<void> {
  const photo = await tinyFace();
  await page.goto(`/?backend=webgpu${query}`);
  await page.getByLabel('Upload image').setInputFiles({ name: 'tiny.png', mimeType: 'image/png', buffer: photo });
  await expect(page.getByLabel('Backend')).toContainText('Backend: webgpu', { timeout: 90_000 });
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found in tiny\.png .* on webgpu/, { timeout: 90_000 });
}

test('WebGPU (SwiftShader): the GPU is prepared after detection, a 2-step attack reaches its verdict without shader errors, and a lost device restarts the engine on WASM', async ({ page }) => {
  test.setTimeout(240_000);
  const bad = watchConsole(page);
  await openOnWebGpu(page, '&steps=2&eps=0.02&debug=1');
  const status = page.getByLabel('Backend');
  await test.step('after the detection the engine compiles the attack on the real shapes; Run stays available', async () => {
    await expect(status).toContainText('Preparing the GPU…');
    await expect(page.getByRole('button', { name: 'Run attack' })).toBeEnabled();
    await expect(status).toContainText('Ready', { timeout: 120_000 });
  });
  await test.step('a whole attack on WebGPU, to its verdict', async () => {
    await page.getByRole('button', { name: 'Run attack' }).click();
    await expect(page.getByRole('status', { name: 'Verdict' })).toContainText(/Face 1: (Evaded|Still detected)/, { timeout: 120_000 });
    await expect(status).toContainText('Backend: webgpu');
  });
  await test.step('a lost device is an engine failure: restarted on WASM with the photo and settings kept', async () => {
    await page.evaluate(() => (window as unknown as { __mtcnnDebug: { loseDevice(): void } }).__mtcnnDebug.loseDevice());
    await expect(page.getByRole('alert')).toContainText(/The webgpu engine stopped\. It was restarted on wasm; your photo and settings are kept\./, { timeout: 60_000 });
    await expect(status).toContainText(/Ready · Backend: wasm/, { timeout: 60_000 });
    await expect(page.getByLabel('ε (max change per pixel)', { exact: true })).toHaveValue('0.02');
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found in tiny\.png .* on wasm/);
    await expect(page.getByRole('button', { name: 'Run attack' })).toBeEnabled();
  });
  expect(bad).toEqual([]);
});
