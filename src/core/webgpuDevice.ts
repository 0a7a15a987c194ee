import * as tf from '@tensorflow/tfjs';

/*
 * The WebGPU device TensorFlow.js runs on, made by us rather than by tfjs-backend-webgpu's own
 * factory, in Node (Dawn) and in the browser alike. tfjs 4.22's factory asks for the default 8
 * storage buffers per shader stage, but its AddN binds one buffer per input plus the output: an addN
 * of 8 or more tensors (the sparse mask's 3×3 trainable convolution; the attack loss over all seven
 * heads plus TV) fails validation, and a failed WebGPU pipeline does not throw, its results are
 * zeros. We ask for the adapter's own limits, and pass the device's uncaptured errors on.
 */

export interface GpuAdapterLike {
  info?: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
  features: ReadonlySet<string>;
  limits: Record<string, number> | GPUSupportedLimits;
  requestDevice(descriptor: { requiredFeatures: string[]; requiredLimits: Record<string, number> }): Promise<unknown>;
}

export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapterLike | null>;
}

interface DeviceEvents {
  addEventListener(type: 'uncapturederror', listener: (event: { error: { message: string } }) => void): void;
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

export class NoWebGpuAdapterError extends Error {
  override name = 'NoWebGpuAdapterError';
}

/**
 * A tfjs WebGPU backend on a device with the adapter's limits; `onError` hears each uncaptured
 * device error (a shader or pipeline that failed: its results are wrong).
 */
export async function createWebGpuBackend(gpu: GpuLike, onError: (message: string) => void): Promise<tf.KernelBackend> {
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new NoWebGpuAdapterError('no WebGPU adapter was offered');
  const limits = adapter.limits as unknown as Record<string, number>;
  const requiredFeatures = ['timestamp-query', 'bgra8unorm-storage'].filter((f) => adapter.features.has(f));
  const requiredLimits = Object.fromEntries(REQUIRED_LIMITS.map((name) => [name, limits[name]!]));
  const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  (device as DeviceEvents).addEventListener('uncapturederror', (event) => onError(event.error.message));
  return new WebGPUBackend(device as GPUDevice, adapter.info as GPUAdapterInfo);
}

/**
 * Replaces tfjs-backend-webgpu's own 'webgpu' factory (registered when its module is imported) by
 * one that makes the device above. Call once WebGPU exists (navigator.gpu).
 */
export async function registerWebGpuBackend(gpu: GpuLike, onError: (message: string) => void): Promise<void> {
  await import('@tensorflow/tfjs-backend-webgpu');
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => createWebGpuBackend(gpu, onError), 3);
}
