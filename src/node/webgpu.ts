import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, WebGpuAdapterInfo } from '../core/backend';

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
 * The backend's device is made here rather than by tfjs's own factory, which asks for the default
 * 8 storage buffers per shader stage: tfjs's AddN binds one per input plus the output, so an addN of
 * 8 or more tensors (the sparse mask's 3×3 trainable convolution; the attack loss over all seven
 * heads plus TV) failed validation, and a failed WebGPU pipeline does not throw, its results are
 * zeros. We ask for the adapter's maximum, and record the device's uncaptured errors (webgpuErrors()).
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

interface GpuAdapterLike {
  info?: Partial<WebGpuAdapterInfo>;
  isFallbackAdapter?: boolean;
  features: ReadonlySet<string>;
  limits: Record<string, number>;
  requestDevice(descriptor: { requiredFeatures: string[]; requiredLimits: Record<string, number> }): Promise<GpuDeviceLike>;
}

interface GpuDeviceLike {
  addEventListener(type: 'uncapturederror', listener: (event: { error: { message: string } }) => void): void;
}

interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapterLike | null>;
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

/** The limits tfjs's own factory asks for, plus storage buffers per shader stage (see above). */
const REQUIRED_LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
] as const;

/** tfjs-backend-webgpu's factory (4.22), with the device limits above and an error listener. */
async function createWebGpuBackend(): Promise<tf.KernelBackend> {
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  const g = await nodeGpu();
  const a = await g.requestAdapter({ powerPreference: 'high-performance' });
  if (!a) throw new WebGpuUnavailableError('no WebGPU adapter: Dawn found no Vulkan driver it accepts');
  const requiredFeatures = ['timestamp-query', 'bgra8unorm-storage'].filter((f) => a.features.has(f));
  const requiredLimits = Object.fromEntries(REQUIRED_LIMITS.map((name) => [name, a.limits[name]!]));
  const device = await a.requestDevice({ requiredFeatures, requiredLimits });
  device.addEventListener('uncapturederror', (event) => {
    const message = event.error.message;
    errors.push(message);
    for (const listener of errorListeners) listener(message);
  });
  return new WebGPUBackend(device as unknown as GPUDevice, a.info as unknown as GPUAdapterInfo);
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
    await import('@tensorflow/tfjs-backend-webgpu'); // registers tfjs's factory (navigator.gpu is set): replace it
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    tf.registerBackend('webgpu', createWebGpuBackend, 3);
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
