import { test, expect, type Page } from '@playwright/test';
import path from 'node:path';
import { readFile, mkdir } from 'node:fs/promises';
import { watchConsole } from './support';

/*
 * Lessons: a link made by "Create lesson link" reopens the same experiment (photo, face, scales,
 * every parameter, seed ⇒ same verdict) with its hidden and locked controls, task and goal; a lesson
 * file with an uploaded photo round-trips; the bundled lessons open from the Lessons menu.
 */

const SAMPLES = path.resolve('public/samples');
const SHOTS = `${process.env.E2E_RESULTS ?? 'test-results'}/screens`;
const SUMMARY = { name: 'Detection summary' } as const;
const EPS = 'ε (max change per pixel)';

async function levels(page: Page): Promise<{ checked: number[]; all: number[] }> {
  const boxes = page.getByRole('checkbox', { name: /^Attack level \d+$/ });
  const checked: number[] = [];
  const all: number[] = [];
  for (const box of await boxes.all()) {
    const n = Number(/(\d+)$/.exec((await box.getAttribute('aria-label')) ?? (await box.evaluate((el) => el.parentElement!.textContent!)))![1]);
    all.push(n);
    if (await box.isChecked()) checked.push(n);
  }
  return { checked, all };
}

async function verdictAndL0(page: Page): Promise<{ verdict: string; l0: string }> {
  const verdict = page.getByRole('status', { name: 'Verdict' });
  await expect(verdict).toBeVisible({ timeout: 120_000 });
  const l0 = await page.getByRole('row', { name: /^L0 pixels/ }).getByRole('cell').textContent();
  return { verdict: (await verdict.textContent()) ?? '', l0: l0 ?? '' };
}

async function openLessonsMenu(page: Page): Promise<void> {
  const menu = page.getByRole('button', { name: 'Lessons', exact: true });
  if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
}

test.beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
});

test('a link made by "Create lesson link" reopens the same photo, face, scales and settings, hides and locks, and checks the goal', async ({ page, browser, context }) => {
  test.setTimeout(300_000);
  const bad = watchConsole(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/?sample=group');
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/4 faces found in Group/, { timeout: 90_000 });

  // Face 2, an explicit list of scales (its automatic levels and one more), seed 3.
  await page.getByLabel('Face to attack').selectOption({ label: 'Face 2' });
  const face = await page.getByLabel('Face to attack').inputValue();
  const auto = await levels(page);
  const extra = Math.max(...auto.all.filter((n) => !auto.checked.includes(n)));
  await page.getByRole('checkbox', { name: `Attack level ${extra}` }).check();
  const scales = [...auto.checked, extra].sort((a, b) => a - b);
  expect((await levels(page)).checked).toEqual(scales);
  const seed = page.getByLabel('Random seed', { exact: true });
  await seed.fill('3');
  await seed.press('Enter');
  for (const part of [`face=${face}`, `scales=${scales.join('%2C')}`, 'seed=3']) await expect(page).toHaveURL(new RegExp(`[?&]${part}(&|$)`));

  // The dialog: task, goal, what to hide and lock.
  await openLessonsMenu(page);
  await page.getByRole('button', { name: 'Create lesson link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create lesson link' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Lesson title').fill('Face 2');
  await dialog.getByLabel('Task for the students').fill('Hide face 2 from MTCNN with ε at most 0.05.');
  await dialog.getByLabel('What the students must do').selectOption({ label: 'Hide the face (evade the detector)' });
  await dialog.getByLabel('Largest ε allowed').fill('0.05');
  const hide = dialog.getByRole('group', { name: 'Hide these controls' });
  const lock = dialog.getByRole('group', { name: 'Lock these controls (shown, disabled)' });
  await hide.getByLabel('Smoothness weight (TV)').check();
  await hide.getByLabel('Patch region (patch panel)').check();
  await lock.getByLabel(EPS).check();
  await lock.getByLabel('Face to attack').check();
  await lock.getByLabel('Scales').check();
  await lock.getByLabel('Photo (upload, samples, camera)').check();
  const field = dialog.getByLabel('Lesson link');
  await expect(field).toHaveAttribute('readonly', '');
  const link = await field.inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?sample=group&/);
  for (const part of [`face=${face}`, `scales=${scales.join('%2C')}`, 'seed=3', 'goal=evade', 'maxEps=0.05', 'hide=tv%2Cpatch', 'lock=photo%2Cface%2Ceps%2Cscales', 'task=Hide+face+2']) {
    expect(link).toContain(part);
  }
  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await expect(dialog.getByText('Copied to the clipboard.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await dialog.screenshot({ path: `${SHOTS}/create-lesson-link-dialog.png` });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // The run here, for the verdict the link must reproduce.
  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  const here = await verdictAndL0(page);

  // A fresh page (its own context: nothing shared) opens the link.
  const fresh = await (await browser.newContext()).newPage();
  const bad2 = watchConsole(fresh);
  await fresh.goto(link);
  await expect(fresh.getByRole('status', SUMMARY)).toHaveText(/4 faces found in Group/, { timeout: 90_000 });
  await expect(fresh.getByRole('img', { name: /^Group \(four faces\) with 4 detected face/ })).toBeVisible();
  await expect(fresh.getByLabel('Face to attack')).toHaveValue(face);
  await expect(fresh.getByLabel('Face to attack')).toBeDisabled();
  expect((await levels(fresh)).checked).toEqual(scales);
  for (const n of scales) await expect(fresh.getByRole('checkbox', { name: `Attack level ${n}` })).toBeDisabled();
  await expect(fresh.getByRole('button', { name: 'All scales' })).toBeDisabled();
  await expect(fresh.getByLabel(EPS, { exact: true })).toHaveValue('0.05');
  await expect(fresh.getByLabel(EPS, { exact: true })).toBeDisabled();
  await expect(fresh.getByLabel('Random seed', { exact: true })).toHaveValue('3');
  await expect(fresh.getByLabel('Steps', { exact: true })).toBeEnabled();
  await expect(fresh.getByRole('button', { name: 'Group (four faces)' })).toBeDisabled();
  // Hidden: not there at all.
  await expect(fresh.getByLabel('Smoothness weight (TV)')).toHaveCount(0);
  await expect(fresh.getByRole('region', { name: 'Patch attack' })).toHaveCount(0);
  // The task card.
  await expect(fresh.getByRole('heading', { name: 'Task: Face 2' })).toBeVisible();
  await expect(fresh.getByText('Hide face 2 from MTCNN with ε at most 0.05.')).toBeVisible();
  const status = fresh.getByRole('status', { name: 'Task status' });
  await expect(status).toHaveText('Run an attack to check the goal.');
  await expect(fresh.getByRole('alert')).toHaveCount(0);

  // Same seed, same settings ⇒ same verdict and the same perturbation size.
  await fresh.getByRole('button', { name: 'Run attack', exact: true }).click();
  const there = await verdictAndL0(fresh);
  expect(there).toEqual(here);
  expect(here.verdict).toContain('Evaded');
  await expect(status).toContainText('Task done');
  await fresh.screenshot({ path: `${SHOTS}/lesson-link-task-done.png` });
  expect([...bad, ...bad2]).toEqual([]);
});

test('a lesson file with an uploaded photo round-trips: save it, then open it in a fresh page', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  const photo = await readFile(path.join(SAMPLES, 'astronaut.png'));
  await page.getByLabel('Upload image').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: photo });
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in me\.png/, { timeout: 60_000 });
  for (const [label, value] of [
    [EPS, '0.04'],
    ['Steps', '12'],
    ['Random seed', '9'],
  ]) {
    const f = page.getByLabel(label!, { exact: true });
    await f.fill(value!);
    await f.press('Enter');
  }
  await page.getByLabel('Method').selectOption('mifgsm');

  await openLessonsMenu(page);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save lesson' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('me-lesson.json');
  const file = await download.path();
  const saved = JSON.parse(await readFile(file, 'utf8'));
  expect(saved).toMatchObject({ format: 'mtcnn-attack-lesson', version: 1, photo: { name: 'me.png' }, settings: { eps: 0.04, steps: 12, seed: 9, method: 'mifgsm' } });
  expect(saved.photo.image).toMatch(/^data:image\/png;base64,/);

  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto('/');
  await expect(fresh.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  await fresh.getByLabel('Upload image').setInputFiles({ name: 'me-lesson.json', mimeType: 'application/json', buffer: await readFile(file) });
  await expect(fresh.getByRole('status', SUMMARY)).toHaveText(/1 face found in me\.png/, { timeout: 60_000 });
  await expect(fresh.getByRole('note').filter({ hasText: 'Opened the lesson file “me-lesson.json”.' })).toBeVisible();
  await expect(fresh.getByLabel(EPS, { exact: true })).toHaveValue('0.04');
  await expect(fresh.getByLabel('Steps', { exact: true })).toHaveValue('12');
  await expect(fresh.getByLabel('Method')).toHaveValue('mifgsm');
  await expect(fresh).toHaveURL(/eps=0\.04/);

  // A bad lesson file: a sentence, and nothing changes.
  await fresh.getByLabel('Upload image').setInputFiles({ name: 'old.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "mtcnn-attack-lesson", "version": 9}') });
  await expect(fresh.getByRole('alert')).toContainText('“old.json” is a lesson file of version 9; this app reads version 1.');
  await expect(fresh.getByRole('status', SUMMARY)).toHaveText(/1 face found in me\.png/);
  await fresh.getByLabel('Upload image').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{ not json') });
  await expect(fresh.getByRole('alert')).toContainText('“notes.json” is not a lesson file: it is not valid JSON.');
});

const BUNDLED = [
  { title: 'What ε buys you', shot: 'epsilon' },
  { title: 'Scales matter', shot: 'scales' },
  { title: 'Fewer pixels', shot: 'pixels' },
];

test('the bundled lessons open from the Lessons menu with their task and goal; the ε lesson can be done', async ({ page }) => {
  test.setTimeout(240_000);
  const bad = watchConsole(page);
  for (const viewport of [
    { width: 1280, height: 720, name: 'laptop' },
    { width: 390, height: 844, name: 'phone' },
  ]) {
    await page.setViewportSize(viewport);
    await page.goto('/');
    await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found/, { timeout: 90_000 });
    for (const lesson of BUNDLED) {
      // From the menu of the page shown (the previous lesson's, after the first).
      await openLessonsMenu(page);
      if (lesson === BUNDLED[0]) await page.screenshot({ path: `${SHOTS}/lessons-menu-${viewport.name}.png` });
      await page.getByRole('link', { name: lesson.title }).click();
      await expect(page.getByRole('heading', { name: `Task: ${lesson.title}` })).toBeVisible();
      await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
      await expect(page.getByRole('status', { name: 'Task status' })).toHaveText('Run an attack to check the goal.');
      await expect(page.getByRole('alert')).toHaveCount(0);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, 'nothing wider than the screen').toBeLessThanOrEqual(viewport.width);
      await page.screenshot({ path: `${SHOTS}/lesson-${lesson.shot}-${viewport.name}.png` });
    }
  }

  // "What ε buys you" at ε 0.03: the face is hidden and the card says so; the locked steps stay.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await openLessonsMenu(page);
  await page.getByRole('link', { name: 'What ε buys you' }).click();
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  await expect(page.getByLabel('Steps', { exact: true })).toBeDisabled();
  await expect(page.getByLabel('Preset', { exact: true })).toHaveCount(0);
  const eps = page.getByLabel(EPS, { exact: true });
  await eps.fill('0.03');
  await eps.press('Enter');
  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('Face 1: Evaded', { timeout: 120_000 });
  await expect(page.getByRole('status', { name: 'Task status' })).toContainText('Task done: the face is hidden; L∞ 0.0314 within ε 0.03.');
  await page.screenshot({ path: `${SHOTS}/lesson-epsilon-done-laptop.png` });
  expect(bad).toEqual([]);
});

test('"Scales matter" and "Fewer pixels" can be done in the app: wrong scales fail, the right three succeed; pruning meets the pixel budget', async ({ page }) => {
  test.setTimeout(420_000);
  const bad = watchConsole(page);
  const status = page.getByRole('status', { name: 'Task status' });
  const verdict = page.getByRole('status', { name: 'Verdict' });
  await page.goto('/');
  await openLessonsMenu(page);
  await page.getByRole('link', { name: 'Scales matter' }).click();
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  expect((await levels(page)).checked).toEqual([0, 1]);
  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await expect(verdict).toContainText('Face 1: Still detected', { timeout: 120_000 });
  await expect(status).toHaveText('Not yet: face 1 is still detected.');
  for (const n of [3, 4, 5]) await page.getByRole('checkbox', { name: `Attack level ${n}` }).check();
  for (const n of [0, 1]) await page.getByRole('checkbox', { name: `Attack level ${n}` }).uncheck();
  expect((await levels(page)).checked).toEqual([3, 4, 5]);
  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await expect(verdict).toContainText('Face 1: Evaded', { timeout: 120_000 });
  await expect(status).toHaveText('✓ Task done: the face is hidden; 3 pyramid levels attacked (at most 3).');
  await page.screenshot({ path: `${SHOTS}/lesson-scales-done-laptop.png` });

  await openLessonsMenu(page);
  await page.getByRole('link', { name: 'Fewer pixels' }).click();
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await expect(verdict).toContainText('Face 1: Evaded', { timeout: 120_000 });
  await expect(status).toContainText(/^Not yet: [\d,]+ pixels changed, more than 5,000; try “Prune perturbation” to keep fewer pixels\.$/);
  await page.getByRole('button', { name: 'Prune perturbation' }).click();
  await expect(page.getByRole('status', { name: 'Sparse verdict' })).toBeVisible({ timeout: 240_000 });
  await expect(status).toContainText(/^✓ Task done \(pruned attack\): the face is hidden; [\d,]+ pixels changed \(at most 5,000\)\.$/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/lesson-pixels-done-laptop.png` });
  await page.getByRole('region', { name: 'Sparse mask (AutoAdversary)' }).screenshot({ path: `${SHOTS}/lesson-pixels-mask-panel.png` });
  await page.getByRole('region', { name: 'Attack settings' }).screenshot({ path: `${SHOTS}/lesson-pixels-locked-settings.png` });
  expect(bad).toEqual([]);
});
