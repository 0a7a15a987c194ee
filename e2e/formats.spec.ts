import { test, expect, type Page } from '@playwright/test';
import sharp from 'sharp';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { watchConsole } from './support';

// Small files made by tools/make_format_fixtures.mjs.
const FIXTURES = path.resolve('e2e/fixtures');
const SAMPLES = path.resolve('public/samples');

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
}

/** The RGBA pixels the photo canvas shows. */
function canvasPixels(page: Page, name: RegExp): Promise<number[]> {
  return page.getByRole('img', { name }).evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data));
}

test('TIFF, SVG and HEIC are named as unsupported formats, a damaged PNG as damaged; the app keeps working', async ({ page }) => {
  const bad = watchConsole(page);
  await openApp(page);
  const upload = page.getByLabel('Upload image');
  const alert = page.getByRole('alert');
  for (const [file, format] of [
    ['photo.tiff', 'TIFF'],
    ['drawing.svg', 'SVG'],
    ['photo.heic', 'HEIC'],
  ] as const) {
    await upload.setInputFiles(path.join(FIXTURES, file));
    await expect(alert).toContainText(`“${file}” is in a format that is not supported here (${format}); use PNG, JPEG or WebP.`);
    await expect(alert).not.toContainText('damaged');
  }
  // A HEIC file often comes without a MIME type the system knows: its bytes are enough.
  await upload.setInputFiles({ name: 'IMG_0001.HEIC', mimeType: 'application/octet-stream', buffer: await readFile(path.join(FIXTURES, 'photo.heic')) });
  await expect(alert).toContainText('“IMG_0001.HEIC” is in a format that is not supported here (HEIC); use PNG, JPEG or WebP.');

  await upload.setInputFiles(path.join(FIXTURES, 'damaged.png'));
  await expect(alert).toContainText('“damaged.png” could not be read as an image: it is a PNG file, but it is damaged.');
  // The photo that was there is still there, detected.
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/1 face found in Astronaut/);

  await upload.setInputFiles(path.join(SAMPLES, 'group.jpg'));
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/4 faces found in group\.jpg/, { timeout: 60_000 });
  await expect(alert).toHaveCount(0);
  expect(bad).toEqual([]);
});

test('transparent pixels become white, with a notice that also keeps the scale-down note', async ({ page }) => {
  await openApp(page);
  const upload = page.getByLabel('Upload image');
  const transparentNotice = page.getByRole('note').filter({ hasText: 'Transparent areas were filled with white.' });

  // Fully transparent (and black underneath): white, not black.
  await upload.setInputFiles(path.join(FIXTURES, 'transparent.png'));
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/0 faces found in transparent\.png/, { timeout: 60_000 });
  await expect(transparentNotice).toBeVisible();
  const white = await canvasPixels(page, /^transparent\.png with/);
  expect(white.length).toBe(64 * 48 * 4);
  expect(white.every((v) => v === 255)).toBe(true);

  // Half-transparent blue, larger than the working size: both notices, blue composited on white.
  const big = await sharp({ create: { width: 1200, height: 900, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } }).png().toBuffer();
  await upload.setInputFiles({ name: 'veil.png', mimeType: 'image/png', buffer: big });
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/0 faces found in veil\.png/, { timeout: 60_000 });
  await expect(page.getByRole('note')).toContainText(/Scaled down from 1200×900 to 1024×768: .* Transparent areas were filled with white\./);
  const veil = await canvasPixels(page, /^veil\.png with/);
  expect(veil.length).toBe(1024 * 768 * 4);
  const [r, g, b, a] = veil.slice(4 * (384 * 1024 + 512), 4 * (384 * 1024 + 512) + 4);
  expect(Math.abs(r! - 128)).toBeLessThanOrEqual(2);
  expect(Math.abs(g! - 128)).toBeLessThanOrEqual(2);
  expect([b, a]).toEqual([255, 255]);

  // An opaque photo gets no transparency notice.
  await upload.setInputFiles(path.join(SAMPLES, 'group.jpg'));
  await expect(page.getByRole('status', { name: 'Detection summary' })).toHaveText(/4 faces found in group\.jpg/, { timeout: 60_000 });
  await expect(transparentNotice).toHaveCount(0);
});
