import { defineConfig } from 'vitest/config';

/*
 * Two projects. "unit": everything but the WebGPU suite. "webgpu": *.webgpu.test.ts, TensorFlow.js's
 * WebGPU backend in Node through Dawn (see src/node/webgpu.ts); it runs on its own (`npm run
 * test:webgpu`), one file at a time, because the tfjs backends are global per process and lavapipe
 * needs every CPU core it can get.
 */
const shared = {
  environment: 'node' as const,
  testTimeout: 120_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'unit', include: ['src/**/*.test.ts', 'bench/**/*.test.ts'], exclude: ['**/node_modules/**', '**/*.webgpu.test.ts'] } },
      { test: { ...shared, name: 'webgpu', include: ['src/**/*.webgpu.test.ts'], fileParallelism: false, testTimeout: 300_000, hookTimeout: 300_000 } },
    ],
  },
});
