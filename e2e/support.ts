import type { Page } from '@playwright/test';

/** Collects WebGPU shader errors (tfjs does not throw on them: results silently become zeros) and page errors. */
export function watchConsole(page: Page): string[] {
  const bad: string[] = [];
  page.on('console', (m) => {
    if (/WGSL|Invalid/.test(m.text())) bad.push(m.text());
  });
  page.on('pageerror', (e) => bad.push(e.message));
  return bad;
}
