import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { watchConsole } from './support';

/*
 * Experiments (issue 12): a sweep in the app fills its curve and table live, exports CSV, JSON and
 * the chart as PNG, and can be cancelled with its points kept; the second detector judges an attack.
 */

const SHOTS = 'test-results/screens';

test('a sweep of ε draws its success curve, exports its files, and can be cancelled', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchConsole(page);
  await page.goto('/?backend=wasm&steps=15');
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found/, { timeout: 90_000 });
  const panel = page.getByRole('region', { name: /Experiments: sweep/ });
  await panel.getByLabel('Vary').selectOption('eps');
  await panel.getByLabel('Values').fill('0.001, 0.05');
  await panel.getByLabel('Faces').selectOption({ label: 'The chosen face of this photo' });
  await panel.getByRole('button', { name: 'Run sweep' }).click();
  const progress = panel.getByRole('status', { name: 'Sweep progress' });
  await expect(progress).toHaveText(/Sweep done · 2 of 2 attacks judged/, { timeout: 120_000 });
  // ε 0.001 (a quarter of a grey level) cannot hide the face; ε 0.05 does.
  const rows = panel.getByRole('table').getByRole('row');
  await expect(rows.nth(1)).toContainText('0.001');
  await expect(rows.nth(1).getByRole('cell').last()).toHaveText('0%');
  await expect(rows.nth(2).getByRole('cell').last()).toHaveText('100%');
  await expect(panel.getByRole('img', { name: /Success rate: 0.001: 0%, 0.05: 100%/ })).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: `${SHOTS}/sweep-done.png` });

  const csv = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download CSV' }).click();
  const lines = (await readFile(await (await csv).path(), 'utf8')).trim().split('\n');
  expect(lines[0]).toBe('eps,photo,face,evaded,l0Pixels,linf,psnr');
  expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['false', 'true']);
  const png = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download chart PNG' }).click();
  const bytes = await readFile(await (await png).path());
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');

  // A longer sweep, cancelled after its first point: the point stays, the app is idle again.
  await panel.getByLabel('Values').fill('0.01, 0.02, 0.03, 0.04, 0.05');
  await panel.getByRole('button', { name: 'Run sweep' }).click();
  await expect(progress).toHaveText(/Sweeping · [1-4] of 5 attacks judged/, { timeout: 60_000 });
  await panel.getByRole('button', { name: 'Cancel sweep' }).click();
  await expect(progress).toHaveText(/Sweep cancelled · [1-5] of 5/, { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Run attack', exact: true })).toBeEnabled();
  await expect(panel.getByRole('button', { name: 'Run sweep' })).toBeEnabled();
  expect(errors).toEqual([]);
});

test('after an attack, the Tiny Face Detector judges the same 8-bit image', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchConsole(page);
  await page.goto('/?backend=wasm');
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found/, { timeout: 90_000 });
  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('Face 1: Evaded', { timeout: 90_000 });
  await page.getByRole('button', { name: 'Ask the Tiny Face Detector' }).click();
  const table = page.getByRole('table', { name: 'Second detector' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  const row = table.getByRole('row').nth(1);
  await expect(row.getByRole('cell').nth(0)).toHaveText('Evaded');
  // Our Tiny Face Detector on the clean astronaut (as the library: score 0.975).
  await expect(row.getByRole('cell').nth(1)).toHaveText(/^Found \(0\.9[6-8]\)$/);
  await expect(row.getByRole('cell').nth(2)).toHaveText(/^(Found \(0\.\d\d\)|Not found)$/);
  await expect(page.getByRole('button', { name: 'Ask the Tiny Face Detector' })).toBeDisabled();
  await table.scrollIntoViewIfNeeded();
  await page.locator('.transfer').screenshot({ path: `${SHOTS}/transfer.png` });
  expect(errors).toEqual([]);
});

test('after an attack, the defences table fills in row by row, for MTCNN and the second detector', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchConsole(page);
  await page.goto('/?backend=wasm');
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found/, { timeout: 90_000 });
  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('Face 1: Evaded', { timeout: 90_000 });
  await page.getByRole('button', { name: 'Try the defences' }).click();
  const table = page.getByRole('table', { name: 'Defences' });
  await expect(table.getByRole('row')).toHaveCount(10, { timeout: 120_000 });
  await expect(page.getByRole('button', { name: 'Try the defences' })).toBeDisabled();
  await expect(table.getByRole('columnheader')).toHaveText(['Defence', 'PSNR (dB)', 'MTCNN', 'Tiny Face Detector']);
  // The image as saved: MTCNN evaded (it was judged so); JPEG 95 barely changes it (PSNR well above 35 dB).
  const first = table.getByRole('row').nth(1);
  await expect(first.getByRole('rowheader')).toHaveText('No defence');
  await expect(first.getByRole('cell').nth(1)).toHaveText('Not found');
  const jpeg = table.getByRole('row', { name: /JPEG quality 95/ });
  expect(Number(await jpeg.getByRole('cell').nth(0).textContent())).toBeGreaterThan(35);
  await table.scrollIntoViewIfNeeded();
  await page.locator('.defences').screenshot({ path: `${SHOTS}/defences.png` });
  expect(errors).toEqual([]);
});
