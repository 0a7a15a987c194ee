import { test, expect } from '@playwright/test';
import { watchConsole } from './support';
import path from 'node:path';

const SAMPLES = path.resolve('public/samples');


test('opens with the sample face boxed, on WASM when only a software WebGPU adapter exists', async ({ page }) => {
  const bad = watchConsole(page);
  await page.goto('/');
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found in Astronaut/, { timeout: 60_000 });
  await expect(page.getByLabel('Backend')).toContainText('Backend: wasm');
  await expect(page.getByLabel('Backend')).toContainText(/software WebGPU adapter|no WebGPU/);
  const table = page.getByRole('table', { name: /Detected faces/ });
  await expect(table.getByRole('row')).toHaveCount(2);
  // The box outline is painted on the canvas at the face (x ≈ 180, y ≈ 60 in image pixels).
  const green = await page.getByRole('img', { name: /detected face/ }).evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(176, 100, 8, 8).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 1]! > 200 && d[i]! < 120 && d[i + 2]! < 120) n++;
    return n;
  });
  expect(green).toBeGreaterThan(4);
  await page.screenshot({ path: 'test-results/screens/app-astronaut.png' });
  expect(bad).toEqual([]);
});

test('an uploaded photo is detected; a non-image file gets a message and the app keeps working', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found/, { timeout: 60_000 });
  await page.getByLabel('Upload image').setInputFiles(path.join(SAMPLES, 'group.jpg'));
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/4 faces found in group\.jpg/);

  await page.getByLabel('Upload image').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByRole('alert')).toContainText('“notes.txt” is not an image');
  // The group photo and its detections are still there.
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/4 faces found in group\.jpg/);
  await page.screenshot({ path: 'test-results/screens/app-bad-file.png' });

  await page.getByLabel('Upload image').setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') });
  await expect(page.getByRole('alert')).toContainText('“broken.png” could not be read as an image');

  await page.getByRole('button', { name: 'Astronaut (one face)' }).click();
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found in Astronaut/);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
