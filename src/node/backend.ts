import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend, type BackendChoice, type BackendName, type WebGpuAdapterInfo } from '../core/backend';
import { prepareNodeWebGpu } from './webgpu';

let wasmPathsSet = false;

/**
 * Activates a backend in Node: WASM unless another is asked for. WebGPU runs through Dawn (the npm
 * package `webgpu`) when it finds a Vulkan adapter (see ./webgpu.ts); it is never picked unasked,
 * and a forced WebGPU without an adapter falls back to WASM with the reason in `skipped`. Node has no WebGL.
 */
export async function activateNodeBackend(forced: BackendName = 'wasm'): Promise<BackendChoice> {
  tf.env().set('PROD', true); // silences tfjs's "install tfjs-node" banner on stderr
  if (!wasmPathsSet) {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(dist + path.sep);
    wasmPathsSet = true;
  }
  let adapter: WebGpuAdapterInfo | undefined;
  const choice = await selectBackend(
    {
      prepare: async (name) => {
        if (name === 'webgpu') adapter = await prepareNodeWebGpu();
        else if (name === 'webgl') throw new Error('webgl is not available in Node');
      },
    },
    { forced, order: ['wasm', 'cpu'] },
  );
  return choice.name === 'webgpu' && adapter ? { ...choice, adapter } : choice;
}
