import { test, expect, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';
import { watchConsole } from './support';

/*
 * The stage (issue 10): at 1280×720 the photo, the run controls and the verdict are in view without
 * scrolling; Space runs and pauses; the replay shows the chosen step; the GIF has a frame per step.
 * At 390×844 one column, nothing wider than the screen. Talk mode at 1920×1080: large photo, the
 * shortcuts list, and focus that never drops to the page. Screenshots go to test-results/screens.
 */

const SHOTS = 'test-results/screens';
const SUMMARY = { name: 'Detection summary' } as const;

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
}

/** The element lies wholly inside the viewport, and the page is not scrolled. */
async function expectInView(page: Page, locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  const { width, height } = page.viewportSize()!;
  expect(box, 'on screen').not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width + 0.5);
  expect(box!.y + box!.height).toBeLessThanOrEqual(height + 0.5);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
}

/** A fingerprint of the pixels on the photo canvas. */
function canvasHash(canvas: Locator): Promise<number> {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i += 7) h = (h * 31 + d[i]!) >>> 0;
    return h;
  });
}

const nextFrames = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('1280×720: Space runs and pauses, everything needed is in view, the replay scrubs and exports a GIF', async ({ page }) => {
  test.setTimeout(150_000);
  const bad = watchConsole(page);
  await open(page, '?steps=20');
  const photo = page.locator('canvas.photo');
  await expectInView(page, photo);
  await expectInView(page, page.getByRole('button', { name: 'Run attack', exact: true }));
  await page.screenshot({ path: `${SHOTS}/stage-1280x720-before.png` });

  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeEnabled();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeEnabled();
  await expect(page.getByLabel('Backend')).toContainText('Attack paused');
  // One step by hand, with its boxes on the photo.
  const progress = page.getByLabel('Steps done');
  const before = Number(await progress.getAttribute('value'));
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => Number(await progress.getAttribute('value'))).toBeGreaterThan(before);
  for (const l of [photo, page.getByRole('button', { name: 'Resume', exact: true }), page.getByRole('button', { name: 'Stop', exact: true })]) await expectInView(page, l);
  await page.screenshot({ path: `${SHOTS}/stage-1280x720-during.png` });

  await page.keyboard.press('Space');
  const verdict = page.getByRole('status', { name: 'Verdict' });
  await expect(verdict).toContainText('Face 1: Evaded', { timeout: 90_000 });
  await expectInView(page, verdict);
  await expectInView(page, photo);
  await page.screenshot({ path: `${SHOTS}/stage-1280x720-after.png` });

  // The replay: back to step 0 shows other pixels than the result.
  await nextFrames(page);
  const end = await canvasHash(photo);
  const slider = page.getByRole('slider', { name: 'Replay step' });
  await expect(slider).toHaveAttribute('max', '20');
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(slider).toHaveValue('0');
  await nextFrames(page);
  const start = await canvasHash(photo);
  expect(start).not.toBe(end);
  await expect(page.getByRole('img', { name: /Replay of step 0: \d+ surviving/ })).toBeVisible();
  await page.keyboard.press('End');
  await nextFrames(page);
  expect(await canvasHash(photo)).not.toBe(start);

  // Slow motion: P plays the recording from the start at the chosen speed.
  await page.getByRole('combobox', { name: /Replay speed/ }).selectOption('25');
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('p');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toHaveAttribute('aria-pressed', 'false', { timeout: 10_000 });

  // The GIF: one frame per recorded step (0..20).
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export GIF' }).click();
  const file = await (await downloading).path();
  const meta = await sharp(file, { animated: true }).metadata();
  expect(meta.format).toBe('gif');
  expect(meta.pages).toBe(21);
  expect(meta.width).toBe(512);
  expect(bad).toEqual([]);
});

test('390×844: one column, nothing wider than the screen, and a whole attack runs', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, '?steps=12');
  const widths = () => page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  const [w0, v0] = await widths();
  expect(w0).toBeLessThanOrEqual(v0!);
  const photo = page.locator('canvas.photo');
  expect((await photo.boundingBox())!.width).toBeGreaterThan(300);
  await page.screenshot({ path: `${SHOTS}/stage-390x844-before.png` });
  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByRole('img', { name: /surviving P-Net candidate/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/stage-390x844-during.png` });
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText(/Face 1: (Evaded|Still detected)/, { timeout: 90_000 });
  const [w1, v1] = await widths();
  expect(w1).toBeLessThanOrEqual(v1!);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/stage-390x844-after.png` });
  await page.screenshot({ path: `${SHOTS}/stage-390x844-after-full.png`, fullPage: true });
});

test('talk mode at 1920×1080: a large photo, the shortcuts list, the cascade, and focus that stays on the controls', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page, '?talk=1&steps=15');
  await expect(page.getByRole('button', { name: 'Talk mode' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('region', { name: 'Attack settings' })).toBeHidden();
  // The drawn photo (object-fit: contain) is at least half the screen wide.
  const drawn = await page.locator('canvas.photo').evaluate((c: HTMLCanvasElement) => {
    const r = c.getBoundingClientRect();
    return Math.min(r.width, (r.height * c.width) / c.height);
  });
  expect(drawn).toBeGreaterThanOrEqual(960);

  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Run attack; while it runs, Pause / Resume');
  await page.screenshot({ path: `${SHOTS}/talk-1920x1080-shortcuts.png` });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.screenshot({ path: `${SHOTS}/talk-1920x1080-before.png` });

  // Enter on Run: focus moves to Pause (never to the page), Enter pauses, Enter resumes.
  const run = page.getByRole('button', { name: 'Run attack', exact: true });
  await run.focus();
  await page.keyboard.press('Enter');
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  await expect(pause).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('img', { name: /surviving P-Net candidate/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/talk-1920x1080-during.png` });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('Face 1: Evaded', { timeout: 90_000 });
  await expect(run).toBeFocused();
  const funnel = page.getByRole('list', { name: 'Cascade funnel' });
  await expect(funnel).toBeVisible();
  await expect(page.getByRole('img', { name: /R-Net input for face 1/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/talk-1920x1080-after.png` });
  await page.getByRole('region', { name: /The cascade on the attacked face/ }).screenshot({ path: `${SHOTS}/funnel.png` });
});
