import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/* axe-core finds nothing before an attack, during one, after it, after pruning, and in talk mode. */

async function violations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('no axe-core violations before, during and after an attack, and after pruning', async ({ page }) => {
  test.setTimeout(200_000);
  await page.goto('/?steps=15&iterations=20');
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  expect(await violations(page), 'before').toEqual([]);

  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByRole('img', { name: /surviving P-Net candidate/ })).toBeVisible();
  expect(await violations(page), 'during').toEqual([]);

  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toBeVisible({ timeout: 90_000 });
  expect(await violations(page), 'after').toEqual([]);

  await page.getByRole('button', { name: 'Prune perturbation' }).click();
  await expect(page.getByRole('status', { name: 'Sparse verdict' })).toBeVisible({ timeout: 120_000 });
  expect(await violations(page), 'after pruning').toEqual([]);

  await page.getByRole('button', { name: 'Talk mode' }).click();
  await page.getByRole('tab', { name: 'Cascade' }).click();
  expect(await violations(page), 'talk mode, cascade tab').toEqual([]);
});
