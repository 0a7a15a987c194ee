import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installWasmMaxPoolGradFix } from './kernels/maxPoolGradFix';

import { BACKEND_NAMES, type BackendName } from './backendNames';

export { BACKEND_NAMES, parseBackendName, type BackendName } from './backendNames';

export interface WebGpuAdapterReport {
  available: boolean;
  /** A software adapter (SwiftShader): correct but far slower than WASM on a CPU. */
  fallback: boolean;
  description: string;
}

/** What differs between the browser and Node: how a backend is made available. */
export interface BackendEnvironment {
  /** Import or register what `name` needs (e.g. the WebGPU module); throw if it cannot exist here. */
  prepare(name: BackendName): Promise<void>;
  /** Only in browsers: what WebGPU adapter there is. */
  webgpuAdapter?(): Promise<WebGpuAdapterReport>;
}

/** A WebGPU adapter as GPUAdapterInfo describes it (Node's Dawn fills all of it in). */
export interface WebGpuAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A software adapter (lavapipe, SwiftShader): correct, but slower than WASM on a CPU. */
  isFallbackAdapter: boolean;
}

export interface BackendChoice {
  name: BackendName;
  /** A sentence for the user: why this backend runs. */
  reason: string;
  /** Backends tried before this one and why each was passed over. */
  skipped: { name: BackendName; why: string }[];
  /** When `name` is webgpu and the environment knows it: the adapter it runs on. */
  adapter?: WebGpuAdapterInfo;
}

/**
 * A tiny computation with a known answer. WebGPU shader failures do not throw: results silently
 * become zeros, so a backend counts as working only once it has computed this correctly.
 */
export async function backendComputesCorrectly(): Promise<boolean> {
  const y = tf.tidy(() => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const k = tf.tensor4d([1, 0, 0, -1], [2, 2, 1, 1]);
    return tf.add(tf.conv2d(x, k, 1, 'valid'), tf.reshape(tf.matMul(tf.ones([1, 1]), tf.fill([1, 1], 10)), [1, 1, 1, 1]));
  });
  const values = await y.data();
  y.dispose();
  return Array.from(values).every((v) => Math.abs(v - 6) < 1e-4);
}

async function trySet(name: BackendName, env: BackendEnvironment): Promise<string | null> {
  try {
    await env.prepare(name);
    const ok = await tf.setBackend(name);
    if (!ok) return 'it failed to initialise';
    await tf.ready();
    if (name === 'wasm') installWasmMaxPoolGradFix();
    if (!(await backendComputesCorrectly())) return 'it computed a test convolution wrongly';
    return null;
  } catch (err) {
    return (err as Error).message || String(err);
  }
}

/**
 * Picks and activates a backend. Order: WebGPU (hardware adapters only), WASM, WebGL, CPU; a
 * forced backend is tried first and its failure is reported in the reason.
 */
export async function selectBackend(
  env: BackendEnvironment,
  options: { forced?: BackendName | null; order?: readonly BackendName[] } = {},
): Promise<BackendChoice> {
  const skipped: BackendChoice['skipped'] = [];
  const forced = options.forced ?? null;
  if (forced) {
    const why = await trySet(forced, env);
    if (!why) return { name: forced, reason: `${forced} was requested (?backend=${forced})`, skipped };
    skipped.push({ name: forced, why });
  }
  for (const name of options.order ?? BACKEND_NAMES) {
    if (name === forced) continue;
    if (name === 'webgpu') {
      const adapter = env.webgpuAdapter ? await env.webgpuAdapter() : null;
      if (!adapter?.available) {
        skipped.push({ name, why: adapter?.description ?? 'WebGPU is not available here' });
        continue;
      }
      if (adapter.fallback) {
        skipped.push({ name, why: `only a software WebGPU adapter (${adapter.description}), which is slower than WASM` });
        continue;
      }
    }
    const why = await trySet(name, env);
    if (!why) return { name, reason: describe(name, skipped, forced), skipped };
    skipped.push({ name, why });
  }
  throw new Error(`No TensorFlow.js backend works here: ${skipped.map((s) => `${s.name}: ${s.why}`).join('; ')}`);
}

function describe(name: BackendName, skipped: BackendChoice['skipped'], forced: BackendName | null): string {
  const first = forced ? `${forced} was requested but failed (${skipped[0]?.why}); ` : '';
  const passed = skipped.filter((s) => s.name !== forced).map((s) => `${s.name}: ${s.why}`);
  const because = passed.length ? `${name} is the first that works (${passed.join('; ')})` : `${name} is the preferred backend here`;
  return first + because;
}
