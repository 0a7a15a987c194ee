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
  const csv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download defences CSV' }).click();
  const lines = (await readFile(await (await csv).path(), 'utf8')).trim().split('\n');
  expect(lines[0]).toBe('defence,psnr,detector,face,found,score');
  expect(lines).toHaveLength(1 + 9 * 2);
  expect(lines[1]).toMatch(/^none,inf,mtcnn,1,false,/);
  expect(errors).toEqual([]);
});

test('the head matrix fills in row by row, with where the cascade lost the face; Stop keeps the rows', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchConsole(page);
  await page.goto('/?backend=wasm&steps=20');
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found/, { timeout: 90_000 });
  const panel = page.getByRole('region', { name: /which head breaks first/ });
  await panel.getByRole('button', { name: 'Run head matrix' }).click();
  const progress = panel.getByRole('status', { name: 'Head matrix progress' });
  await expect(progress).toHaveText(/Head matrix done · 11 of 11 attacks judged/, { timeout: 240_000 });
  const table = panel.getByRole('table', { name: 'Head matrix' });
  // P-Net's face head alone hides the astronaut within 20 steps (lost at R-Net or O-Net); P-Net's box head alone does not.
  const pnetCls = table.getByRole('row', { name: /^P-Net face\/no-face/ });
  await expect(pnetCls.getByRole('cell').nth(1)).toHaveText(/^Evaded \(lost at step \d+\)$/);
  await expect(pnetCls.getByRole('cell').nth(2)).toHaveText(/rejected it|produced no candidate|moved off/);
  await expect(table.getByRole('row', { name: /^P-Net box offsets/ }).getByRole('cell').nth(1)).toHaveText('Still found');
  await expect(panel.getByRole('img', { name: /^Success per head set: P-Net face\/no-face 1\/1, P-Net box offsets 0\/1,/ })).toBeVisible();
  const png = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download bar chart PNG' }).click();
  expect((await readFile(await (await png).path())).subarray(1, 4).toString()).toBe('PNG');
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: `${SHOTS}/heads.png` });

  await panel.getByRole('button', { name: 'Run head matrix' }).click();
  await expect(progress).toHaveText(/Running · [1-9]\d* of 11/, { timeout: 60_000 });
  await panel.getByRole('button', { name: 'Stop head matrix' }).click();
  await expect(progress).toHaveText(/Head matrix stopped · \d+ of 11/, { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Run attack', exact: true })).toBeEnabled();
  expect(errors).toEqual([]);
});
