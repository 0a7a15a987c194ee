import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { watchConsole } from './support';

/*
 * Offline after the first visit (the service worker from vite-plugin-pwa). These tests serve the
 * build from their own small server so they can really stop it; the config's server is not used.
 * Service workers are blocked for the other specs (playwright.config.ts) and allowed here.
 */
test.use({ serviceWorkers: 'allow' });

const DIST = path.resolve(process.env.E2E_DIST ?? 'dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
};

interface DistServer {
  origin: string;
  /** Paths the server answered, in order. */
  served: string[];
  /** Replaces a file's contents (a "new deploy" of it). */
  replace(file: string, body: string): void;
  stop(): Promise<void>;
}

/** Serves the production build (no fallback: an unknown path is a 404). */
async function serveDist(): Promise<DistServer> {
  const replaced = new Map<string, string>();
  const served: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = path.join(DIST, pathname === '/' ? 'index.html' : pathname);
      if (!file.startsWith(DIST + path.sep)) {
        res.writeHead(403).end();
        return;
      }
      try {
        const rel = path.relative(DIST, file);
        const body = replaced.get(rel) ?? (await readFile(file));
        served.push(pathname);
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    served,
    replace: (file, body) => replaced.set(file, body),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const offlineUse = (page: Page) => page.getByRole('status', { name: 'Offline use' });
const SUMMARY = { name: 'Detection summary' } as const;

async function firstVisit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  await expect(offlineUse(page)).toHaveText('Available offline', { timeout: 60_000 });
}

/** Every request that would reach the network (the page's, its workers' or the service worker's) fails and is noted. */
async function cutTheNetwork(context: BrowserContext): Promise<string[]> {
  const reached: string[] = [];
  await context.route('**/*', (route) => {
    reached.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await context.setOffline(true);
  return reached;
}

/** Whether the registration's new worker is active with none waiting (asked of any worker still running: they share it). */
async function newVersionActive(context: BrowserContext): Promise<boolean> {
  for (const worker of context.serviceWorkers()) {
    try {
      return await worker.evaluate(() => {
        const { registration } = self as unknown as ServiceWorkerGlobalScope;
        return registration.waiting === null && registration.installing === null && registration.active?.state === 'activated';
      });
    } catch {
      // The old worker, stopped once the new one took over.
    }
  }
  return false;
}

test('after one visit, with the server stopped and no network, the app opens, detects and attacks', async ({ page, context }, testInfo) => {
  test.setTimeout(300_000);
  const bad = watchConsole(page);
  const server = await serveDist();
  const url = `${server.origin}/?steps=3`;
  await firstVisit(page, url);
  // The precache holds the weights, the WASM binaries, both samples and every chunk.
  const cached = await page.evaluate(async () => {
    const keys: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) keys.push(new URL(r.url).pathname);
    return keys;
  });
  for (const want of [/^\/index\.html$/, /^\/models\/mtcnn_model-shard1$/, /^\/models\/mtcnn_model-weights_manifest\.json$/, /^\/assets\/engine\.worker-.*\.js$/, /^\/assets\/tfjs-backend-wasm-simd-.*\.wasm$/, /^\/samples\/astronaut\.png$/, /^\/samples\/group\.jpg$/]) {
    expect(cached.some((p) => want.test(p)), `${want} in the precache`).toBe(true);
  }

  await server.stop();
  const reached = await cutTheNetwork(context);
  const servedBefore = server.served.length;

  await page.reload();
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  // The WASM backend runs, so its binary came from the cache (without it the app would fall back to WebGL or the CPU).
  await expect(page.getByLabel('Backend')).toContainText('Backend: wasm');
  await expect(offlineUse(page)).toHaveText('Offline · Available offline');
  await page.getByRole('button', { name: 'Run attack' }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText(/Face 1: (Evaded|Still detected)/, { timeout: 120_000 });

  await page.screenshot({ path: testInfo.outputPath('offline.png') });

  // The other sample, also from the cache.
  await page.getByRole('button', { name: 'Group (four faces)' }).click();
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/4 faces found in Group/, { timeout: 90_000 });

  expect(server.served.length).toBe(servedBefore);
  // Only the browser's own update check of the service worker script may try the network.
  expect(reached.filter((u) => !/\/sw\.js$/.test(u))).toEqual([]);
  expect(bad).toEqual([]);
});

test('a new version waits while a page is open, and the next visit gets it', async ({ page, context }, testInfo) => {
  test.setTimeout(300_000);
  const bad = watchConsole(page);
  const server = await serveDist();
  const url = `${server.origin}/?steps=3`;
  await firstVisit(page, url);
  await page.reload();
  await expect(page.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(offlineUse(page)).toHaveText('Available offline');

  // "Deploy" a new version: index.html changes, and so does its revision in the service worker.
  const index = await readFile(path.join(DIST, 'index.html'), 'utf8');
  const sw = await readFile(path.join(DIST, 'sw.js'), 'utf8');
  const entry = /\{url:"index\.html",revision:"[0-9a-f]+"\}/;
  expect(sw).toMatch(entry);
  server.replace('index.html', index.replace('<head>', '<head>\n    <meta name="deployed" content="v2" />'));
  server.replace('sw.js', sw.replace(entry, '{url:"index.html",revision:"v2"}'));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

  // The open page is told, is not reloaded, and keeps working on the version it started with.
  await expect(offlineUse(page)).toHaveText(/Update ready/, { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Reload to update' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('update-ready.png') });
  await page.getByRole('button', { name: 'Run attack' }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText(/Face 1: (Evaded|Still detected)/, { timeout: 120_000 });
  await expect(page.locator('meta[name="deployed"]')).toHaveCount(0);
  expect(bad).toEqual([]);

  // Next visit: once no page of the old version is open, the new worker takes over.
  await page.close();
  await expect.poll(() => newVersionActive(context), { timeout: 30_000 }).toBe(true);
  const next = await context.newPage();
  await next.goto(url);
  await expect(next.locator('meta[name="deployed"]')).toHaveCount(1);
  await expect(next.getByRole('status', SUMMARY)).toHaveText(/1 face found in Astronaut/, { timeout: 90_000 });
  await expect(offlineUse(next)).toHaveText('Available offline');
  await server.stop();
});
