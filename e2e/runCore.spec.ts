import { test, expect, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { watchConsole } from './support';

/*
 * The sequences of clicks that broke the first app, in the real app: jobs cancel each other
 * cleanly, pruning names the run it prunes, start-up keeps the user's photo, links keep what they
 * can, and a worker that cannot load is not restarted in a loop.
 */

const SAMPLES = path.resolve('public/samples');
const SUMMARY = { name: 'Detection summary' } as const;
/** Raw JavaScript error text that must never reach a user. */
const RAW_ERROR = /Cannot read properties|undefined \(reading|TypeError|is not a function|RuntimeError/;

const tensors = (page: Page) => page.evaluate(() => (window as unknown as { __mtcnnDebug: { tensorCount(): Promise<number> } }).__mtcnnDebug.tensorCount());

async function attacked(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run attack' }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toBeVisible({ timeout: 90_000 });
}

async function pruning(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Prune perturbation' }).click();
  await expect(page.getByLabel('Backend')).toContainText('Pruning the perturbation', { timeout: 30_000 });
  await expect(page.getByRole('img', { name: 'Mask (live)' })).toBeVisible({ timeout: 30_000 });
}

async function noRawErrors(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(RAW_ERROR);
}

test('Reset, a new photo and Run attack during pruning: no raw error, the tensor count stays flat', async ({ page }) => {
  test.setTimeout(300_000);
  const bad = watchConsole(page);
  await page.goto('/?debug=1&steps=15');
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  const start = await tensors(page);

  await attacked(page);
  await pruning(page);
  await expect(page.getByRole('button', { name: 'Stop pruning' })).toBeEnabled();
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByLabel('Backend')).toContainText('Ready');
  await expect.poll(() => tensors(page)).toBe(start);

  await attacked(page);
  await pruning(page);
  await page.getByRole('button', { name: 'Group (four faces)' }).click();
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/4 faces found in Group/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Astronaut (one face)' }).click();
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 60_000 });
  await expect.poll(() => tensors(page)).toBe(start);

  await attacked(page);
  const afterRun = await tensors(page);
  await pruning(page);
  await expect(page.getByRole('button', { name: 'Run attack' })).toBeEnabled();
  await attacked(page);
  await expect(page.getByLabel('Backend')).toContainText('Ready');
  expect(await tensors(page)).toBe(afterRun);

  await noRawErrors(page);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(bad).toEqual([]);
});

test('pruning can be stopped, and then the mask learned so far is judged', async ({ page }) => {
  test.setTimeout(200_000);
  await page.goto('/?steps=15&iterations=400');
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found/, { timeout: 90_000 });
  await attacked(page);
  await pruning(page);
  await page.getByRole('button', { name: 'Stop pruning' }).click();
  await expect(page.getByRole('status', { name: 'Sparse verdict' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel('Mask progress')).toContainText(/Mask stopped early · iteration \d+ of 400/);
});

test('Compare then Prune prunes the shown run; the random mask fails where the learned one evades', async ({ page }) => {
  test.setTimeout(400_000);
  const bad = watchConsole(page);
  await page.goto('/?domain=scaled-bilinear&steps=30');
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found/, { timeout: 90_000 });
  await attacked(page);
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('Face 1: Evaded');
  await page.getByRole('button', { name: 'Compare with nearest upsampling' }).click();
  await expect(page.getByRole('img', { name: 'Nearest upsampling: adversarial image' })).toBeVisible({ timeout: 60_000 });

  // The learned mask keeps the shown (bilinear) run evaded.
  await page.getByRole('button', { name: 'Prune perturbation' }).click();
  const verdict = page.getByRole('status', { name: 'Sparse verdict' });
  await expect(verdict).toContainText('Sparse attack, face 1: Evaded', { timeout: 120_000 });
  await expect(page.getByLabel('Mask progress')).toContainText('Mask trained');

  // A random mask with as many locations does not (the core's session test checks the sizes).
  await page.getByLabel('Mask encoder').selectOption('random');
  await page.getByRole('button', { name: 'Prune perturbation' }).click();
  await expect(verdict).toContainText('Sparse attack, face 1: Still detected', { timeout: 120_000 });
  expect(bad).toEqual([]);
});

test('a photo dropped during start-up is the one detected, not the sample', async ({ page }) => {
  test.setTimeout(120_000);
  // Hold the model weights back so start-up lasts until the drop has happened.
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/models/**', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  await expect(page.getByLabel('Backend')).toContainText('Starting the detector');
  const bytes = (await readFile(path.join(SAMPLES, 'group.jpg'))).toString('base64');
  await page.evaluate(async (b64) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], 'dropped.jpg', { type: 'image/jpeg' }));
    document.querySelector('.source')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, bytes);
  await expect(page.getByRole('img', { name: /^dropped\.jpg with/ })).toBeVisible();
  release();
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/4 faces found in dropped\.jpg/, { timeout: 90_000 });
  await page.waitForTimeout(1000);
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/dropped\.jpg/);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a bad link: its message stays after the sample loads, the other keys apply, the address bar shows what is used', async ({ page }) => {
  await page.goto('/?eps=abc&steps=7&conventions=abc&alpha=0.002');
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('eps=abc');
  await expect(alert).toContainText('conventions=abc');
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue('7');
  await expect(page.getByLabel('α (step size)', { exact: true })).toHaveValue('0.002');
  await expect(page.getByLabel('ε (max change per pixel)', { exact: true })).toHaveValue('0.05');
  expect(new URL(page.url()).search).toBe('?alpha=0.002&steps=7');
  await page.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(alert).toHaveCount(0);
});

test('a link’s face and scales apply to its own sample', async ({ page }) => {
  await page.goto('/?sample=group&face=2&scales=1,2');
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/4 faces found in Group/, { timeout: 90_000 });
  await expect(page.getByLabel('Face to attack')).toHaveValue('2');
  await expect(page.getByRole('checkbox', { name: 'Attack level 1', exact: true })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Attack level 3' })).not.toBeChecked();
  expect(new URL(page.url()).searchParams.get('face')).toBe('2');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a worker script that cannot load: a few tries, then "Detector unavailable" with Retry', async ({ page }) => {
  let requests = 0;
  await page.route(/engine\.worker/, (route) => {
    requests++;
    return route.abort();
  });
  await page.goto('/');
  await expect(page.getByLabel('Backend')).toContainText('Detector unavailable', { timeout: 30_000 });
  await page.waitForTimeout(3000);
  expect(requests).toBeLessThan(5);
  await expect(page.getByRole('alert')).toContainText('Detector unavailable');
  await noRawErrors(page);
  await page.unroute(/engine\.worker/);
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
});
