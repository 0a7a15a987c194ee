import { test, expect, type Page } from '@playwright/test';
import sharp from 'sharp';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { watchConsole } from './support';
import { detectFaces } from '../src/core/mtcnn/detect';
import { rgbaToTensor } from '../src/core/image';
import { iou } from '../src/core/mtcnn/boxes';
import { readImageFile } from '../src/node/imageFile';
import { onBackend, testWeights } from '../src/node/testing';

const SAMPLES = path.resolve('public/samples');
const SHOTS = 'test-results/screens';

async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
}

test('default preset: candidates fall to 0, the face is evaded, and the downloaded PNG has no face there', async ({ page }) => {
  test.setTimeout(180_000);
  const bad = watchConsole(page);
  await openApp(page);
  await expect(page.getByLabel('Preset', { exact: true })).toHaveValue('demo');
  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await expect(page.getByRole('img', { name: /surviving P-Net candidate/ })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('Face 1: Evaded', { timeout: 120_000 });
  await expect(page.getByLabel('Candidates on targeted scales')).toContainText('Candidates 0 on the 5 attacked levels');
  await page.screenshot({ path: `${SHOTS}/playground-done.png` });
  for (const [name, title] of [
    ['attack-panel', 'Attack settings'],
    ['progress-panel', 'Attack progress'],
    ['result-panel', 'Result details'],
    ['pyramid-panel', 'Image pyramid and P-Net face maps'],
  ]) {
    await page.getByRole('region', { name: title, exact: true }).screenshot({ path: `${SHOTS}/${name}.png` });
  }

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download adversarial PNG' }).click();
  const file = await (await downloading).path();
  const clean = await readImageFile(path.join(SAMPLES, 'astronaut.png'));
  const adv = await readImageFile(file);
  expect([adv.width, adv.height]).toEqual([512, 512]);
  // Check with the core detector in Node (WASM), independent of the page.
  await onBackend('wasm');
  const weights = await testWeights();
  const [a, b] = [rgbaToTensor(clean), rgbaToTensor(adv)];
  const before = (await detectFaces(weights, a)).faces[0]!;
  const after = await detectFaces(weights, b);
  a.dispose();
  b.dispose();
  expect(after.faces.every((f) => iou(f.corners, before.corners) < 0.5)).toBe(true);
  // 8-bit L∞ within ε = 0.05 (+ half a grey level).
  let linf = 0;
  for (let i = 0; i < clean.data.length; i++) if (i % 4 !== 3) linf = Math.max(linf, Math.abs(adv.data[i]! - clean.data[i]!));
  expect(linf / 255).toBeLessThanOrEqual(0.05 + 0.5 / 255);

  const reportDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download JSON report' }).click();
  const report = JSON.parse(await readFile(await (await reportDownload).path(), 'utf8'));
  expect(report.params).toMatchObject({ eps: 0.05, alpha: 0.004, steps: 50 });
  expect(report.faces[0].evaded).toBe(true);
  expect(bad).toEqual([]);
});

test('Stop mid-run leaves a usable app; Pause and Step work; the tensor count is flat across three runs', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page, '?debug=1&steps=8&alpha=0.01');
  const tensors = () => page.evaluate(() => (window as unknown as { __mtcnnDebug: { tensorCount(): Promise<number> } }).__mtcnnDebug.tensorCount());
  const start = await tensors();

  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible();
  const progress = page.getByLabel('Steps done');
  const before = Number(await progress.getAttribute('value'));
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(async () => Number(await progress.getAttribute('value'))).toBe(before + 1);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText(/stopped early/);
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found/);
  expect(await tensors()).toBe(start);

  // After a run the engine keeps that attack (for the sparse mask): the same count after every run,
  // and back to the start once Reset frees it.
  const afterRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    await page.getByRole('button', { name: 'Run attack', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Verdict' })).toBeVisible({ timeout: 60_000 });
    afterRuns.push(await tensors());
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    expect(await tensors(), `after reset ${run + 1}`).toBe(start);
  }
  expect(new Set(afterRuns).size).toBe(1);
});

test('a URL with parameters restores them, and controls refuse out-of-range values', async ({ page }) => {
  await openApp(page, '?method=mifgsm&eps=0.02&alpha=0.001&steps=7&decay=0.5&seed=5&heads=pnet-cls,onet-cls&scales=all');
  await expect(page.getByLabel('Method')).toHaveValue('mifgsm');
  await expect(page.getByLabel('ε (max change per pixel)', { exact: true })).toHaveValue('0.02');
  await expect(page.getByLabel('α (step size)', { exact: true })).toHaveValue('0.001');
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue('7');
  await expect(page.getByLabel('Momentum μ', { exact: true })).toHaveValue('0.5');
  await expect(page.getByLabel('O-Net face/no-face')).toBeChecked();
  await expect(page.getByRole('button', { name: 'All scales' })).toHaveAttribute('aria-pressed', 'true');

  const eps = page.getByLabel('ε (max change per pixel)', { exact: true });
  await eps.fill('7');
  await eps.press('Enter');
  await expect(page.getByRole('alert')).toContainText('ε (max change per pixel) must be between 0.001 and 1');
  await expect(page).toHaveURL(/eps=0\.02/);
  await eps.fill('0.04');
  await eps.press('Enter');
  await expect(page).toHaveURL(/eps=0\.04/);
});

test('a huge image and a large photo get messages; the loaded photo stays', async ({ page }) => {
  await openApp(page);
  const huge = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#777' } }).png({ compressionLevel: 9 }).toBuffer();
  await page.getByLabel('Upload image').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: huge });
  await expect(page.getByRole('alert')).toContainText('“huge.png” is 10000×10000 pixels, too large');
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found in Astronaut/);

  const big = await sharp(path.join(SAMPLES, 'group.jpg')).resize(2400).jpeg().toBuffer();
  await page.getByLabel('Upload image').setInputFiles({ name: 'big.jpg', mimeType: 'image/jpeg', buffer: big });
  await expect(page.getByRole('note')).toContainText(/Scaled down from 2400×192\d to 1024×820/);
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/4 faces found in big\.jpg/, { timeout: 60_000 });
});

test('a low-resolution attack can be compared with the other upsampling, side by side', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, '?domain=scaled-nearest&steps=10');
  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Compare with bilinear upsampling' }).click();
  await expect(page.getByRole('img', { name: 'Bilinear upsampling: adversarial image' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('img', { name: 'Nearest upsampling: adversarial image' })).toBeVisible();
  const captions = await page.locator('.compare-column figcaption').allTextContents();
  const blockiness = captions.map((c) => Number(/blockiness ([\d.]+)/.exec(c)![1]));
  expect(blockiness[1]!).toBeLessThan(blockiness[0]!); // bilinear (second) is smoother than nearest
  await page.getByRole('region', { name: 'Nearest vs bilinear upsampling' }).screenshot({ path: `${SHOTS}/upsampling-comparison.png` });
});

test('an engine failure is reported and the engine restarts (each backend at most once), keeping photo and settings', async ({ page }) => {
  await openApp(page, '?debug=1&eps=0.02');
  await page.getByRole('button', { name: 'Group (four faces)' }).click();
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/4 faces found/);
  await page.evaluate(() => (window as unknown as { __mtcnnDebug: { crashEngine(): void } }).__mtcnnDebug.crashEngine());
  await expect(page.getByRole('alert')).toContainText(/engine stopped\. It was restarted on wasm; your photo and settings are kept\./);
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/4 faces found in Group/, { timeout: 60_000 });
  await expect(page.getByLabel('ε (max change per pixel)', { exact: true })).toHaveValue('0.02');
  await expect(page.getByRole('button', { name: 'Run attack', exact: true })).toBeEnabled();
});

test('works with the keyboard alone: Tab to the Run button and press Enter', async ({ page }) => {
  await openApp(page, '?steps=3');
  const run = page.getByRole('button', { name: 'Run attack', exact: true });
  for (let i = 0; i < 60 && !(await run.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(run).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status', { name: 'Verdict' })).toBeVisible({ timeout: 60_000 });
});

test('AutoAdversary: the mask panel fills live, and the sparse attack is judged against the dense one', async ({ page }) => {
  test.setTimeout(240_000);
  const bad = watchConsole(page);
  await openApp(page);
  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('Face 1: Evaded', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Prune perturbation' }).click();
  await expect(page.getByRole('img', { name: 'Mask (live)' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('status', { name: 'Sparse verdict' })).toBeVisible({ timeout: 180_000 });
  const table = page.getByRole('table', { name: /Dense vs sparse/ });
  const cells = async (name: string) => (await table.getByRole('row', { name: new RegExp(`^${name} `) }).getByRole('cell').allTextContents()).map((c) => Number(c.replace(/[,%]/g, '')));
  const [dense, sparse] = [await cells('PGD'), await cells('PGD\\*')];
  expect(dense[0]).toBe(100);
  // L0 pixels of the sparse attack: a small fraction of the dense one.
  expect(sparse[1]!).toBeLessThan(0.2 * dense[1]!);
  await expect(page.getByRole('img', { name: 'Binary mask over the photo' })).toBeVisible();
  await page.getByRole('region', { name: 'Sparse mask (AutoAdversary)' }).screenshot({ path: `${SHOTS}/mask-panel.png` });
  expect(bad).toEqual([]);
});
