import { defineConfig } from '@playwright/test';

/*
 * Browser tests in Debian's Chromium (Playwright cannot download its own browser here). The flags
 * keep Chromium off the closed network; --enable-unsafe-webgpu exposes WebGPU (SwiftShader here).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--enable-unsafe-webgpu',
];

/* E2E_PORT and E2E_DIST let two checkouts' runs share this machine (each its own build and server). */
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DIST = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: process.env.E2E_RESULTS ?? 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 720 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'off',
    // The production build registers a service worker (offline use). Blocked by default: once it
    // controls a page (after a reload, or in a second page) it answers from its cache, which
    // page.route() does not see (runCore's "worker script that cannot load" relies on routes), and
    // every test would also download the whole ~8 MB precache. e2e/offline.spec.ts allows it.
    serviceWorkers: 'block',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort --outDir ${DIST}`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
