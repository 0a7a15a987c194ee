import type { Browser } from '@playwright/test';
import { BASE } from './browser';

export interface UiBench {
  /** Navigation start → the sample's face box listed (first detection done), ms, per run. */
  firstBoxesMs: number[];
  /** Longest main-thread task (PerformanceObserver 'longtask') during a 50-step attack, ms. */
  longestTaskDuringAttackMs: number;
  longTasksDuringAttack: number;
  /** Each long task: when it started (ms after Run was pressed) and how long it took. */
  longTasks: { atMs: number; ms: number }[];
  attackWallMs: number;
}

/** Page load → first boxes, and main-thread long tasks while the default 50-step attack runs (WASM). */
export async function uiBench(browser: Browser, runs = 3): Promise<UiBench> {
  const firstBoxesMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${BASE}/?backend=wasm`);
    await page.getByRole('status', { name: 'Detection summary' }).filter({ hasText: /face found/ }).waitFor({ timeout: 60_000 });
    firstBoxesMs.push(await page.evaluate(() => performance.now()));
    await page.close();
  }
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${BASE}/?backend=wasm`);
  await page.getByRole('status', { name: 'Detection summary' }).filter({ hasText: /face found/ }).waitFor({ timeout: 60_000 });
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: { start: number; ms: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push({ start: e.startTime, ms: e.duration }))).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  const clickedAt = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Run attack' }).click();
  await page.getByRole('status', { name: 'Verdict' }).waitFor({ timeout: 120_000 });
  const attackWallMs = Date.now() - t0;
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks);
  await page.close();
  return {
    firstBoxesMs,
    longestTaskDuringAttackMs: Math.max(0, ...tasks.map((t) => t.ms)),
    longTasksDuringAttack: tasks.length,
    longTasks: tasks.map((t) => ({ atMs: t.start - clickedAt, ms: t.ms })),
    attackWallMs,
  };
}
