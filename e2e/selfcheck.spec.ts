import { test, expect, type Page } from '@playwright/test';
import { watchConsole } from './support';

interface GradCheckResult {
  name: string;
  relativeErrors: number[];
  magnitudes: number[];
}


async function open(page: Page, backend: string): Promise<void> {
  await page.goto(`/selfcheck.html?backend=${backend}`);
  await expect(page.getByRole('status')).toHaveText(new RegExp(`Ready on ${backend}`), { timeout: 90_000 });
}

test('WebGPU (SwiftShader here): gradients match finite differences, detection agrees with WASM', async ({ page }) => {
  test.setTimeout(300_000);
  const bad = watchConsole(page);
  await open(page, 'webgpu');
  const grads = await page.evaluate(() => (window as unknown as { selfcheck: { gradients(): Promise<GradCheckResult[]> } }).selfcheck.gradients());
  expect(grads).toHaveLength(3);
  for (const g of grads) {
    for (const e of g.relativeErrors) expect(e, g.name).toBeLessThan(0.02);
    for (const m of g.magnitudes) expect(m, g.name).toBeGreaterThan(1e-2);
  }
  // A small image: SwiftShader WebGPU is 20–600× slower than WASM.
  const detect = (p: Page) =>
    p.evaluate(() =>
      (window as unknown as { selfcheck: { detect(u: string, c: string, m: number): Promise<{ faces: { box: { x: number; y: number; width: number; height: number }; score: number }[]; numTensorsLeaked: number }> } }).selfcheck.detect('/samples/astronaut.png', 'facenet', 60),
    );
  const onGpu = await detect(page);
  expect(onGpu.numTensorsLeaked).toBe(0);
  await open(page, 'wasm');
  const onWasm = await detect(page);
  expect(onGpu.faces).toHaveLength(1);
  expect(onWasm.faces).toHaveLength(1);
  const [a, b] = [onGpu.faces[0]!, onWasm.faces[0]!];
  for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(a.box[k] - b.box[k])).toBeLessThan(0.5);
  expect(Math.abs(a.score - b.score)).toBeLessThan(1e-3);
  expect(bad).toEqual([]);
});
