import { defineConfig, type UserConfig } from 'vite';

/*
 * The command-line tool, built to plain JavaScript for Node (`npm run build:cli`, part of `npm run
 * build`): src/cli/main.ts → dist/cli/main.js, which bin/mtcnn-attack.mjs runs. An SSR build keeps
 * every package in node_modules external (TensorFlow.js, sharp, webgpu stay runtime dependencies)
 * and bundles only this repository's code; the commands stay separate chunks that main.js imports
 * when they run. The help text needs TensorFlow.js (the schema's defaults live next to the attack
 * code), so it is made here, once, and inlined: `--help` and `--version` load no TensorFlow.js.
 * The chunks sit next to main.js, two levels below the package root, where src/node/packageRoot.ts
 * finds package.json and public/models.
 */
export default defineConfig(async (): Promise<UserConfig> => {
  const { tsImport } = await import('tsx/esm/api');
  const { HELP } = (await tsImport('./src/cli/help.ts', import.meta.url)) as { HELP: string };
  return {
    publicDir: false,
    logLevel: 'warn',
    define: { __MTCNN_ATTACK_HELP__: JSON.stringify(HELP) },
    build: {
      ssr: 'src/cli/main.ts',
      outDir: 'dist/cli',
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: true,
      rolldownOptions: {
        output: { format: 'es', entryFileNames: 'main.js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  };
});
