import { test, expect, type Page } from '@playwright/test';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { watchConsole } from './support';

/*
 * lesson=<path>: a lesson file on the app's own site opens end to end from a link (its photo, its
 * settings, its task and goal, its hidden and locked controls), in English and in Chinese; a path
 * that is missing, not a lesson file or on another site gives a readable message, and the app
 * opens without it and still attacks.
 */

const SUMMARY = { name: 'Detection summary' } as const;
const EPS = 'ε (max change per pixel)';
const FIXTURE = path.resolve('e2e/fixtures/lesson-group.json');

/** Serves the fixture at /lessons/group.json (the preview server has no such file). */
async function serveLesson(page: Page): Promise<void> {
  const body = await readFile(FIXTURE, 'utf8');
  await page.route('**/lessons/group.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
  await page.route('**/lessons/missing.json', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }));
}

test('?lesson=<path> opens a lesson file from the same site: its photo, settings, task, goal, hidden and locked controls', async ({ page }) => {
  test.setTimeout(240_000);
  const bad = watchConsole(page);
  await serveLesson(page);
  await page.goto('/?lesson=lessons/group.json');

  // The file's photo (a bundled sample) and its face.
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/4 faces found in Group \(four faces\)/, { timeout: 90_000 });
  await expect(page.getByRole('note').filter({ hasText: 'Opened the lesson file “group.json”.' })).toBeVisible();
  await expect(page.getByLabel('Face to attack')).toHaveValue('2');
  // Its settings; what it locks is shown disabled, what it hides is not there.
  await expect(page.getByLabel(EPS, { exact: true })).toHaveValue('0.04');
  await expect(page.getByLabel(EPS, { exact: true })).toBeDisabled();
  await expect(page.getByLabel('Method')).toHaveValue('mifgsm');
  await expect(page.getByLabel('Method')).toBeDisabled();
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue('12');
  await expect(page.getByLabel('Steps', { exact: true })).toBeEnabled();
  await expect(page.getByLabel('Random seed', { exact: true })).toHaveValue('5');
  await expect(page.getByLabel('Smoothness weight (TV)')).toHaveCount(0);
  // Its task and goal.
  await expect(page.getByRole('heading', { name: 'Task: Face 3 of the group' })).toBeVisible();
  await expect(page.getByText('Hide face 3 from MTCNN with MI-FGSM, ε at most 0.04.')).toBeVisible();
  await expect(page.getByText('Hide the face from the detector, with ε at most 0.04.')).toBeVisible();
  const status = page.getByRole('status', { name: 'Task status' });
  await expect(status).toHaveText('Run an attack to check the goal.');
  // The address keeps the lesson (a reload opens it again), and no error was said.
  await expect(page).toHaveURL(/[?&]lesson=lessons%2Fgroup\.json(&|$)/);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // An attack is judged against the goal.
  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toBeVisible({ timeout: 120_000 });
  await expect(status).toHaveText(/^(✓ Task done|Not yet): /);
  expect(bad).toEqual([]);
});

test('in Chinese the lesson file opens with the same settings, and the app speaks Chinese about it', async ({ page }) => {
  test.setTimeout(180_000);
  await serveLesson(page);
  await page.goto('/?lesson=lessons/group.json&lang=zh');
  await expect(page.getByRole('status', { name: '检测摘要' })).toHaveText(/在“合影（四张人脸）”中找到 4 张人脸/, { timeout: 90_000 });
  await expect(page.getByRole('note').filter({ hasText: '已打开课程文件“group.json”。' })).toBeVisible();
  await expect(page.getByLabel('ε（每个像素的最大改变量）', { exact: true })).toHaveValue('0.04');
  // The instructor's own words stay as written; the goal and the card are in Chinese.
  await expect(page.getByRole('heading', { name: '任务：Face 3 of the group' })).toBeVisible();
  await expect(page.getByText('让检测器找不到人脸，ε 不超过 0.04。')).toBeVisible();
  await expect(page.getByRole('status', { name: '任务状态' })).toHaveText('运行一次攻击来检查目标。');
  // Switching language re-translates the notice.
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await expect(page.getByRole('note').filter({ hasText: 'Opened the lesson file “group.json”.' })).toBeVisible();
});

test('a lesson path that is missing, not a lesson file or on another site gives a readable message, and the app still works', async ({ page }) => {
  test.setTimeout(240_000);
  const bad = watchConsole(page);
  await serveLesson(page);

  // Missing (404): said in a sentence; the app opens with its default sample and attacks.
  await page.goto('/?lesson=lessons/missing.json&steps=5');
  await expect(page.getByRole('alert')).toHaveText(/^The lesson “lessons\/missing\.json” could not be loaded from this site\. Check the link; the app opened without it\./);
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  await expect(page).not.toHaveURL(/lesson=/);
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue('5');
  await page.getByRole('button', { name: 'Run attack', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('alert')).toContainText('could not be loaded from this site');

  // A page that is not a lesson file (the server answers with the app's own HTML).
  await page.goto('/?lesson=notes/readme.html');
  await expect(page.getByRole('alert')).toHaveText(/^“notes\/readme\.html” is not a lesson file: it is not valid JSON\./);
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });

  // Another site: never fetched.
  let fetched = false;
  await page.route('https://elsewhere.example.com/**', (route) => {
    fetched = true;
    return route.abort();
  });
  await page.goto('/?lesson=https://elsewhere.example.com/x.json');
  await expect(page.getByRole('alert')).toHaveText(/^lesson=https:\/\/elsewhere\.example\.com\/x\.json is not on this site; only lesson files from the same site can be opened from a link\./);
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  expect(fetched).toBe(false);

  // In Chinese, the same message reads as Chinese.
  await page.goto('/?lesson=lessons/missing.json&lang=zh');
  await expect(page.getByRole('alert')).toHaveText(/^无法从本站载入课程“lessons\/missing\.json”。/);
  await expect(page.getByRole('button', { name: '运行攻击', exact: true })).toBeEnabled({ timeout: 90_000 });
  expect(bad).toEqual([]);
});
