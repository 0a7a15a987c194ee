import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/** Bigger than any single file the app needs offline (the engine worker chunk and the MTCNN weight shard are ~2 MB each). */
const PRECACHE_FILE_LIMIT = 6 * 1024 * 1024;

export default defineConfig({
  plugins: [
    react(),
    /*
     * Offline after the first visit: a Workbox service worker (generated at build time, none in dev)
     * precaches the pages, every JS/CSS chunk (the engine worker and the lazily imported ones
     * included), the tfjs WASM binaries, the model weights and the bundled samples.
     *
     * Updates use 'prompt', not 'autoUpdate': a new service worker installs in the background and
     * waits; it takes over only once no page of the old version is open (the next visit), or when
     * the user presses "Reload to update". 'autoUpdate' would skipWaiting and reload open pages,
     * and a new worker that took over a running page would drop the old chunks from its cache.
     * Registration is in src/pwa/offline.ts.
     */
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{html,js,css,wasm,json,bin,png,jpg}', 'models/*'],
        globIgnores: ['**/*.md'],
        // Raised on purpose from Workbox's 2 MiB, which the worker chunk and weights are close to. A file
        // over this limit fails the build (vite-plugin-pwa's default) rather than silently not working offline.
        maximumFileSizeToCacheInBytes: PRECACHE_FILE_LIMIT,
        // Links carry the whole experiment in the query (?sample=group&steps=3…): the files do not
        // depend on it, so any query is ignored when looking a request up in the precache.
        ignoreURLParametersMatching: [/.*/],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/selfcheck/],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // The app, and a diagnostics page that checks this browser's backend (gradients, detection).
    rollupOptions: { input: { main: 'index.html', selfcheck: 'selfcheck.html' } },
  },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
});
