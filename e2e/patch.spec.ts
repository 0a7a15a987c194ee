import { test, expect, type Page } from '@playwright/test';
import path from 'node:path';
import { watchConsole } from './support';
import { readImageFile } from '../src/node/imageFile';

/*
 * Patch attacks and the automatic λ in the real app: a rectangle drawn on the patch editor becomes
 * the attack's patch (and the link's), the attack changes nothing outside it, and the verdict shows;
 * a preset is placed from the landmarks; pruning with the automatic λ keeps the sparsest mask that
 * evaded and says which one.
 */

const SUMMARY = { name: 'Detection summary' } as const;

/** The first detected face's box in photo pixels, from the faces table. */
async function faceBox(page: Page) {
  const cells = page.getByRole('table', { name: /Detected faces/ }).getByRole('row').nth(1).getByRole('cell');
  const n = async (i: number) => Number(await cells.nth(i).innerText());
  return { x: await n(2), y: await n(3), width: await n(4), height: await n(5) };
}

test('draw a patch, attack, see the verdict: nothing changes outside the patch', async ({ page }) => {
  test.setTimeout(240_000);
  const bad = watchConsole(page);
  await page.goto('/?steps=25&alpha=0.03&patchEps=1');
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  const face = await faceBox(page);

  // Drag a rectangle over the lower half of the face on the patch editor.
  const editor = page.getByRole('img', { name: /Patch editor/ });
  await editor.scrollIntoViewIfNeeded();
  const r = (await editor.boundingBox())!;
  const toScreen = (x: number, y: number) => ({ x: r.x + (x / 512) * r.width, y: r.y + (y / 512) * r.height });
  const a = toScreen(face.x + 0.1 * face.width, face.y + 0.45 * face.height);
  const b = toScreen(face.x + 0.9 * face.width, face.y + 0.95 * face.height);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
  const summary = page.getByRole('status', { name: 'Patch summary' });
  await expect(summary).toContainText(/1 shape, [\d,]+ pixels of the photo/);
  await expect(summary).toContainText('ε inside 1');
  await page.getByRole('region', { name: 'Patch attack' }).screenshot({ path: 'test-results/screens/patch-panel.png' });
  expect(new URL(page.url()).searchParams.get('patch')).toMatch(/^\d+(\.\d)?,\d+(\.\d)?,\d+(\.\d)?,\d+(\.\d)?$/);
  const [px, py, pw, ph] = new URL(page.url()).searchParams.get('patch')!.split(',').map(Number) as [number, number, number, number];

  await page.getByRole('button', { name: 'Run attack' }).click();
  const verdict = page.getByRole('status', { name: 'Verdict' });
  await expect(verdict).toBeVisible({ timeout: 120_000 });
  await expect(verdict).toContainText(/Face 1: (Evaded|Still detected)/);

  // The saved adversarial image differs from the photo only inside the rectangle.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download adversarial PNG' }).click();
  const adv = await readImageFile(await (await downloading).path());
  const clean = await readImageFile(path.resolve('public/samples/astronaut.png'));
  expect([adv.width, adv.height]).toEqual([512, 512]);
  let changedInside = 0;
  let changedOutside = 0;
  for (let y = 0; y < 512; y++) {
    for (let x = 0; x < 512; x++) {
      const i = 4 * (y * 512 + x);
      const changed = [0, 1, 2].some((c) => adv.data[i + c] !== clean.data[i + c]);
      const inside = x + 0.5 >= px && x + 0.5 < px + pw && y + 0.5 >= py && y + 0.5 < py + ph;
      if (changed && inside) changedInside++;
      if (changed && !inside) changedOutside++;
    }
  }
  expect(changedInside).toBeGreaterThan(100);
  expect(changedOutside).toBe(0);

  // A preset is placed from the landmarks and replaces the drawn shape.
  await page.getByRole('button', { name: 'Both cheeks' }).click();
  await expect(summary).toContainText('Patch preset:cheeks: 2 shapes');
  await page.getByRole('button', { name: 'Clear patch' }).click();
  await expect(summary).toContainText('No patch');
  expect(bad).toEqual([]);
});

test('automatic λ from the app: the sparsest evading mask is kept and named', async ({ page }) => {
  test.setTimeout(240_000);
  const bad = watchConsole(page);
  await page.goto('/?steps=20&iterations=20&judgeEvery=4');
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  await page.getByRole('button', { name: 'Run attack' }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('Face 1: Evaded', { timeout: 120_000 });

  await expect(page.getByRole('checkbox', { name: 'Automatic λ' })).toBeChecked();
  await page.getByRole('button', { name: 'Prune perturbation' }).click();
  const verdict = page.getByRole('status', { name: 'Sparse verdict' });
  await expect(verdict).toContainText('Sparse attack, face 1: Evaded', { timeout: 150_000 });
  await expect(verdict).toContainText(/Kept the sparsest mask that evaded when judged: (iteration (4|8|12|16|20) \(λ [\d.]+\)|the dense perturbation itself)/);
  // The sparse image changes fewer pixels than the dense one (never more).
  const table = page.getByRole('table', { name: /Dense vs sparse/ });
  const l0 = async (row: number) => Number((await table.getByRole('row').nth(row).getByRole('cell').nth(1).textContent())!.replace(/[^\d]/g, ''));
  expect(await l0(2)).toBeLessThan(await l0(1));
  expect(bad).toEqual([]);
});
