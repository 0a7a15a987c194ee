import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend, type BackendChoice, type BackendName } from '../core/backend';

let wasmPathsSet = false;

/** Activates a backend in Node: WASM unless another is asked for (Node has no WebGPU or WebGL). */
export async function activateNodeBackend(forced: BackendName = 'wasm'): Promise<BackendChoice> {
  tf.env().set('PROD', true); // silences tfjs's "install tfjs-node" banner on stderr
  if (!wasmPathsSet) {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(dist + path.sep);
    wasmPathsSet = true;
  }
  return selectBackend(
    {
      prepare: async (name) => {
        if (name === 'webgpu' || name === 'webgl') throw new Error(`${name} is not available in Node`);
      },
    },
    { forced, order: ['wasm', 'cpu'] },
  );
}
