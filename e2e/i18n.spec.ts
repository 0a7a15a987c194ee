import { test, expect, type Page } from '@playwright/test';

/*
 * 简体中文: every control, label and heading on the page has a Chinese accessible name, before and
 * after an attack and a prune; switching language keeps the run and the settings.
 */

/** Names that are the same in both languages (method and network names, symbols). Keep it short. */
const SAME_IN_BOTH = new Set(['FGSM', 'I-FGSM', 'PGD', 'MI-FGSM', 'P-Net', 'R-Net', 'O-Net', 'ε', 'α', '?', '×']);
const NAMED_ROLES = 'button|checkbox|radio|combobox|textbox|spinbutton|slider|heading|tab|link|switch|menuitem|searchbox';
const CJK = /[\u4e00-\u9fff]/;

/** Every named control and heading in the accessibility tree (what a screen reader would say). */
async function namesOnPage(page: Page): Promise<{ role: string; name: string }[]> {
  const tree = await page.locator('body').ariaSnapshot();
  const out: { role: string; name: string }[] = [];
  for (const line of tree.split('\n')) {
    const m = new RegExp(`^\\s*- (${NAMED_ROLES}) "((?:[^"\\\\]|\\\\.)*)"`).exec(line);
    if (m) out.push({ role: m[1]!, name: m[2]!.replace(/\\"/g, '"') });
  }
  return out;
}

async function englishNames(page: Page): Promise<string[]> {
  const names = await namesOnPage(page);
  expect(names.length, 'the walk found the controls').toBeGreaterThan(30);
  return names.filter((n) => !CJK.test(n.name) && !SAME_IN_BOTH.has(n.name.trim())).map((n) => `${n.role} "${n.name}"`);
}

test('with ?lang=zh every control, label and heading has a Chinese name, through an attack and a prune', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/?lang=zh&steps=10&iterations=15');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('combobox', { name: '语言' })).toHaveValue('zh');
  const runButton = page.getByRole('button', { name: '运行攻击', exact: true });
  await expect(runButton).toBeEnabled({ timeout: 90_000 });
  expect(await englishNames(page), 'before the attack').toEqual([]);

  await runButton.click();
  await expect(page.getByRole('status', { name: '判定' })).toBeVisible({ timeout: 90_000 });
  expect(await englishNames(page), 'after the attack').toEqual([]);

  await page.getByRole('button', { name: '剪枝扰动' }).click();
  await expect(page.getByRole('status', { name: '稀疏判定' })).toBeVisible({ timeout: 120_000 });
  expect(await englishNames(page), 'after pruning').toEqual([]);

  // An explanation opens where the word appears, in Chinese.
  await page.getByRole('button', { name: '什么是 IoU？' }).first().click();
  await expect(page.getByRole('dialog', { name: /交并比/ })).toBeVisible();
});

test('switching language keeps the run, the settings and the link', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/?steps=8&eps=0.04');
  await page.getByRole('button', { name: 'Run attack', exact: true }).click({ timeout: 90_000 });
  const verdict = page.getByRole('status', { name: 'Verdict' });
  await expect(verdict).toBeVisible({ timeout: 90_000 });
  const faceGone = /No face found|Face gone|evaded/i.test((await verdict.textContent()) ?? '');

  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
  await expect(page.getByRole('status', { name: '判定' })).toBeVisible();
  await expect(page.getByLabel('ε（每个像素的最大改变量）', { exact: true })).toHaveValue('0.04');
  await expect(page).toHaveURL(/lang=zh/);
  await expect(page).toHaveURL(/eps=0\.04/);
  expect(await page.getByRole('alert').count(), 'no error on switching').toBe(0);

  // Back to English: the same run is still shown, and the choice is remembered on the next visit.
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await expect(verdict).toBeVisible();
  expect(/No face found|Face gone|evaded/i.test((await verdict.textContent()) ?? '')).toBe(faceGone);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
  await page.goto('/');
  await expect(page.getByRole('combobox', { name: '语言' })).toHaveValue('zh');
});
