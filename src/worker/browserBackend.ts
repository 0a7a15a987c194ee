import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { selectBackend, type BackendChoice, type BackendName, type WebGpuAdapterReport } from '../core/backend';
import { registerWebGpuBackend, type GpuLike } from '../core/webgpuDevice';

/*
 * Backends in the browser (main thread or worker). The WASM binaries ship with the app (Vite
 * copies them and gives their URLs; no CDN). Threads are off: tfjs's threaded WASM build needs
 * cross-origin isolation and hung after minification in a probe, and the WASM SIMD build is the
 * one that was measured.
 */

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

interface GpuAdapterLike {
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
  isFallbackAdapter?: boolean;
}

async function webgpuAdapter(): Promise<WebGpuAdapterReport> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return { available: false, fallback: false, description: 'this browser has no WebGPU' };
  const adapter = (await gpu.requestAdapter().catch(() => null)) as GpuAdapterLike | null;
  if (!adapter) return { available: false, fallback: false, description: 'no WebGPU adapter was offered' };
  const info = adapter.info ?? {};
  const fallback = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) || /swiftshader/i.test(`${info.vendor} ${info.architecture} ${info.description}`);
  const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
  return { available: true, fallback, description: fallback ? `SwiftShader / fallback: ${description}` : description };
}

/**
 * Starts the first backend that works (or the forced one). On WebGPU the device gets the adapter's
 * limits (core/webgpuDevice.ts), and `onGpuError` hears its uncaptured errors (a failed shader: wrong results).
 */
export function activateBrowserBackend(forced: BackendName | null, onGpuError: (message: string) => void = () => {}): Promise<BackendChoice> {
  return selectBackend(
    {
      prepare: async (name) => {
        const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
        if (name === 'webgpu' && gpu) await registerWebGpuBackend(gpu, onGpuError);
      },
      webgpuAdapter,
    },
    { forced },
  );
}
