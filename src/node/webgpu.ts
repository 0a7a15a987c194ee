import type { BackendChoice, WebGpuAdapterInfo } from '../core/backend';
import { registerWebGpuBackend, type GpuLike } from '../core/webgpuDevice';

/*
 * TensorFlow.js's WebGPU backend in Node, through Dawn (the npm package `webgpu`, a dev
 * dependency). Dawn needs a Vulkan driver: a GPU's, or Mesa's lavapipe on a CPU (Mesa 25 from
 * Debian's bookworm-backports; Debian 12's own Mesa 22 is rejected by Dawn, and requestAdapter()
 * then returns null). See ../shared/docs/WEBGPU_NODE.md.
 *
 * tfjs-backend-webgpu decides at import time whether WebGPU exists (navigator.gpu), so the globals
 * are set first and the backend module is imported dynamically afterwards. All reads of WebGPU
 * tensors must be asynchronous: dataSync() returns zeros on this backend here.
 *
 * The backend's device is made by core/webgpuDevice.ts with the adapter's limits (tfjs's own
 * factory's default of 8 storage buffers per stage breaks addN of 8 or more tensors); its uncaptured
 * errors are recorded here (webgpuErrors()).
 */

export type { WebGpuAdapterInfo } from '../core/backend';

/** How to get an adapter, for messages (one line). */
export const WEBGPU_ADAPTER_HOWTO =
  "Without a GPU on Debian 12, install Mesa 25's lavapipe from bookworm-backports (add a bookworm-backports apt source " +
  'for your mirror, then `apt-get update && apt-get install -y -t bookworm-backports mesa-vulkan-drivers`; `.ci/run` does this, see the README\'s "Test it"); ' +
  "with an NVIDIA GPU, install `libvulkan1` and the driver's Vulkan ICD";

/** WebGPU cannot run here; the message says why and how to fix it. */
export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
  constructor(
    /** What is missing, without the how-to. */
    readonly reason: string,
    howto: string = WEBGPU_ADAPTER_HOWTO,
  ) {
    super(howto ? `${reason}. ${howto}` : reason);
  }
}

let gpu: Promise<GpuLike> | null = null;
let adapter: Promise<WebGpuAdapterInfo> | null = null;
let backendRegistered = false;
const errors: string[] = [];
const errorListeners: ((message: string) => void)[] = [];

/** The uncaptured errors of the WebGPU device so far (a failed shader or pipeline: its results are wrong). */
export function webgpuErrors(): string[] {
  return [...errors];
}

/** Calls `listener` with each uncaptured WebGPU device error from now on. */
export function onWebGpuError(listener: (message: string) => void): void {
  errorListeners.push(listener);
}

function recordError(message: string): void {
  errors.push(message);
  for (const listener of errorListeners) listener(message);
}

/** Dawn's navigator.gpu, created once and installed as a global (with the WebGPU constants tfjs uses). */
function nodeGpu(): Promise<GpuLike> {
  gpu ??= (async () => {
    let dawn: { create(options: string[]): unknown; globals: object };
    try {
      dawn = (await import('webgpu')) as unknown as typeof dawn;
    } catch (err) {
      throw new WebGpuUnavailableError(`the npm package \`webgpu\` (Dawn for Node) could not be loaded (${(err as Error).message}); run \`npm install\` in the project`, '');
    }
    Object.assign(globalThis, dawn.globals);
    const instance = dawn.create([]) as GpuLike;
    const g = globalThis as { navigator?: object };
    if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: instance, configurable: true, writable: true });
    else Object.defineProperty(globalThis, 'navigator', { value: { gpu: instance }, configurable: true, writable: true });
    return instance;
  })();
  gpu.catch(() => (gpu = null));
  return gpu;
}

/**
 * The adapter tfjs's WebGPU backend will get (it asks for 'high-performance' too), or a
 * WebGpuUnavailableError saying how to get one.
 */
export function nodeWebGpuAdapter(): Promise<WebGpuAdapterInfo> {
  adapter ??= (async () => {
    const g = await nodeGpu();
    const a = await g.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
    if (!a) throw new WebGpuUnavailableError('no WebGPU adapter: Dawn found no Vulkan driver it accepts');
    const info = a.info ?? {};
    return {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      device: info.device ?? '',
      description: info.description ?? '',
      isFallbackAdapter: Boolean(info.isFallbackAdapter ?? a.isFallbackAdapter),
    };
  })();
  adapter.catch(() => (adapter = null));
  return adapter;
}

/**
 * A software adapter: one Dawn marks as fallback, or Mesa's lavapipe (vendor "mesa", architecture
 * "software", device llvmpipe), or SwiftShader. Mesa's hardware drivers (RADV, ANV) report their GPU's vendor.
 */
export function isSoftwareAdapter(info: WebGpuAdapterInfo): boolean {
  return (
    info.isFallbackAdapter ||
    /^(mesa|llvmpipe)$/i.test(info.vendor) ||
    /^software$/i.test(info.architecture) ||
    /llvmpipe|lavapipe|swiftshader/i.test(`${info.vendor} ${info.device} ${info.description}`)
  );
}

/**
 * Makes tf.setBackend('webgpu') possible in this process: Dawn's navigator.gpu, an adapter, then
 * the backend module with our factory. Returns the adapter; throws WebGpuUnavailableError if there is none.
 */
export async function prepareNodeWebGpu(): Promise<WebGpuAdapterInfo> {
  const info = await nodeWebGpuAdapter();
  if (!backendRegistered) {
    await registerWebGpuBackend(await nodeGpu(), recordError); // navigator.gpu is set by now
    backendRegistered = true;
  }
  return info;
}

/**
 * What the CLI's --json reports about the engine: `backend` (its name), and on WebGPU `adapter`
 * (vendor, architecture, isFallbackAdapter: true for a software adapter such as lavapipe).
 */
export function backendJson(choice: BackendChoice): { backend: string; adapter?: Pick<WebGpuAdapterInfo, 'vendor' | 'architecture' | 'isFallbackAdapter'> } {
  if (!choice.adapter) return { backend: choice.name };
  const { vendor, architecture, isFallbackAdapter } = choice.adapter;
  return { backend: choice.name, adapter: { vendor, architecture, isFallbackAdapter } };
}

/**
 * For command-line runs: the first uncaptured WebGPU error (a shader or pipeline that failed, whose
 * results are silently zeros) ends the process with one line on stderr and exit code 1, instead of
 * printing wrong results.
 */
export function exitOnWebGpuError(prefix: string): void {
  onWebGpuError((message) => {
    process.stderr.write(`${prefix} WebGPU error, so this run's results would be wrong: ${message.trim().split('\n')[0]}\n`);
    process.exit(1);
  });
}
